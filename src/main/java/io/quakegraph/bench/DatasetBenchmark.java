package io.quakegraph.bench;

import io.quakegraph.dataset.DatasetBuilder;
import io.quakegraph.dataset.ModelInputSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Throughput of the dataset builder: a full build (index, read, convert, resample, write HDF5) of
 * an archive, timed end to end.
 *
 * <p>Two input rates are reported: miniSEED in windows (the bytes of the records that fell into
 * station windows, i.e. what was decoded and conditioned) and miniSEED read from disk (which is
 * smaller for day files, read by record search, and larger for event files, read whole).
 */
public final class DatasetBenchmark {
  private DatasetBenchmark() {}

  /**
   * One run's figures.
   *
   * @param events events written
   * @param stationWindows station windows written
   * @param seconds wall-clock time of the whole build
   * @param miniSeedBytesInWindows bytes of the records inside station windows
   * @param miniSeedBytesRead bytes read from miniSEED files (indexing included)
   * @param outputBytes bytes of HDF5 written
   */
  public record Result(
      int events,
      long stationWindows,
      double seconds,
      long miniSeedBytesInWindows,
      long miniSeedBytesRead,
      long outputBytes) {

    /** MB (1e6 bytes) of miniSEED in windows processed per second. */
    public double megabytesPerSecond() {
      return miniSeedBytesInWindows / 1e6 / seconds;
    }

    /** MB of miniSEED read from disk per second. */
    public double readMegabytesPerSecond() {
      return miniSeedBytesRead / 1e6 / seconds;
    }

    public double eventsPerSecond() {
      return events / seconds;
    }

    public double stationWindowsPerSecond() {
      return stationWindows / seconds;
    }

    /** A Markdown table of the figures. */
    public String markdown() {
      return String.format(
          Locale.ROOT,
          "| figure | value |%n|---|---|%n"
              + "| events | %d |%n| station windows | %d |%n| wall time | %.2f s |%n"
              + "| miniSEED in windows | %.2f MB (%.2f MB/s) |%n"
              + "| miniSEED read from disk | %.2f MB (%.2f MB/s) |%n"
              + "| events/s | %.2f |%n| station windows/s | %.1f |%n| HDF5 written | %.2f MB |%n",
          events,
          stationWindows,
          seconds,
          miniSeedBytesInWindows / 1e6,
          megabytesPerSecond(),
          miniSeedBytesRead / 1e6,
          readMegabytesPerSecond(),
          eventsPerSecond(),
          stationWindowsPerSecond(),
          outputBytes / 1e6);
    }
  }

  /** Builds {@code out} from the inputs with the default model input and returns the figures. */
  public static Result run(Path archive, Path catalog, Path inventory, Path out)
      throws IOException {
    return run(archive, catalog, inventory, out, ModelInputSpec.DEFAULT, null);
  }

  /** As {@link #run(Path, Path, Path, Path)} with a given model input and progress stream. */
  public static Result run(
      Path archive,
      Path catalog,
      Path inventory,
      Path out,
      ModelInputSpec spec,
      PrintStream progress)
      throws IOException {
    DatasetBuilder.Summary s =
        new DatasetBuilder(
                io.quakegraph.dataset.EventDatasetWriter.DEFAULT_SHARD_BYTES,
                io.quakegraph.dataset.EventDatasetWriter.DEFAULT_DEFLATE_LEVEL,
                "quakegraph bench dataset")
            .build(archive, catalog, inventory, out, spec, progress);
    return new Result(
        s.eventsWritten(),
        s.stationWindows(),
        s.seconds(),
        s.miniSeedBytesUsed(),
        s.miniSeedBytesRead(),
        s.bytesWritten());
  }

  /**
   * Writes the figures as the {@code dataset} section of a benchmark report.
   *
   * @param input what was built, e.g. {@code 20-station synthetic SCEDC archive, 2 h, 20 events}
   */
  public static void report(BenchmarkReport report, String command, String input, Result r) {
    report.update(
        "dataset",
        "Dataset builder throughput",
        command,
        "Input: " + input + ". Model input: " + ModelInputSpec.DEFAULT.describe() + ".\n\n" + r.markdown());
  }

  /** {@code DatasetBenchmark ARCHIVE CATALOG INVENTORY OUT.h5}: runs once and prints the table. */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: DatasetBenchmark ARCHIVE CATALOG INVENTORY OUT.h5");
      System.exit(2);
    }
    Result r = run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
        ModelInputSpec.DEFAULT, System.out);
    System.out.print(r.markdown());
  }
}
