package io.quakegraph.bench;

import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Steim;
import io.quakegraph.seismic.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Steim-2 decoding speed on 4096-byte miniSEED 2 records, in samples per second on one core.
 *
 * <p>The records hold the first {@value #SAMPLES} samples of the real SCEDC day file CI.CCA..BHN
 * 2022-01-02 (40 Hz broadband, {@code continuous/CICCA__BHN___2022002.ms} under the shared data
 * folder, found through {@code -Dquakegraph.shared} or {@code ../shared}), re-encoded into
 * 4096-byte Steim-2 records; when that file is absent they hold a seeded random walk with noise of
 * similar statistics. Every invocation decodes exactly {@value #SAMPLES} samples, so {@link
 * OperationsPerInvocation} makes JMH's ops/s equal samples/s.
 *
 * <p>{@code frames} measures the Steim-2 decoder alone (into a reused array); {@code record}
 * measures the full path an ingest takes: parse and validate the record (which decodes once), then
 * {@link MiniSeedRecord#intSamples()} (which decodes again).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Steim2DecodeBenchmark {
  /** Samples decoded per benchmark invocation. */
  public static final int SAMPLES = 1_000_000;

  private static final String DAY_FILE = "continuous/CICCA__BHN___2022002.ms";

  private byte[][] records;
  private int[] counts;
  private int[] scratch;
  private String source;

  @Setup
  public void setup() throws IOException, MiniSeedException {
    int[] data = realSamples();
    source = data != null ? DAY_FILE : "synthetic random walk (seed 20220102)";
    if (data == null) {
      data = syntheticSamples(SAMPLES, 20220102L);
    }
    double[] samples = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      samples[i] = data[i];
    }
    Trace trace =
        new Trace(SourceId.of("CI", "CCA", "", "BHN"), 1_641_081_600_000_000L, 40, samples);
    List<byte[]> recs = new MiniSeed2Writer(Encoding.STEIM2, 4096).records(trace, 1);
    records = recs.toArray(new byte[0][]);
    counts = new int[records.length];
    long total = 0;
    for (int i = 0; i < records.length; i++) {
      counts[i] = MiniSeed.parse(records[i]).sampleCount();
      total += counts[i];
    }
    if (total != SAMPLES) {
      throw new IllegalStateException("records hold " + total + " samples, not " + SAMPLES);
    }
    scratch = new int[Steim.MAX_SAMPLES_PER_FRAME_STEIM2 * 64];
  }

  /** Where the benchmark data came from (for reports). */
  public String source() {
    return source;
  }

  /**
   * Decodes the Steim-2 frames of every record; returns a checksum so nothing is optimised away.
   */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public long frames() throws MiniSeedException {
    long sum = 0;
    int[] out = scratch;
    for (int r = 0; r < records.length; r++) {
      int n = counts[r];
      Steim.decode(Encoding.STEIM2, records[r], 64, 63, n, true, out, 0);
      sum += out[n - 1];
    }
    return sum;
  }

  /** Parses, validates and decodes every record as ingest does. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public long record() throws MiniSeedException {
    long sum = 0;
    for (byte[] rec : records) {
      int[] s = MiniSeed.parse(rec, 0, rec.length).intSamples();
      sum += s[s.length - 1];
    }
    return sum;
  }

  private static int[] realSamples() {
    String prop = System.getProperty("quakegraph.shared");
    Path base = prop != null ? Path.of(prop) : Path.of("..", "shared");
    Path file = base.resolve("data").resolve(DAY_FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      int[] out = new int[SAMPLES];
      int n = 0;
      for (MiniSeedRecord r : MiniSeed.read(file).records()) {
        int[] s = r.intSamples();
        int take = Math.min(s.length, SAMPLES - n);
        System.arraycopy(s, 0, out, n, take);
        n += take;
        if (n == SAMPLES) {
          return out;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A random walk with white noise: broadband-like counts with a wandering baseline. */
  static int[] syntheticSamples(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] out = new int[n];
    double walk = 0;
    for (int i = 0; i < n; i++) {
      walk += rnd.nextDouble(-3, 3);
      out[i] = (int) Math.round(walk + 40 * (rnd.nextDouble() - 0.5));
    }
    return out;
  }

  /** Runs the benchmark with the settings above and prints JMH's table. */
  public static void main(String[] args) throws RunnerException {
    Options opt = new OptionsBuilder().include(Steim2DecodeBenchmark.class.getSimpleName()).build();
    new Runner(opt).run();
  }
}
