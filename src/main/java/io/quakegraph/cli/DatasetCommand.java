package io.quakegraph.cli;

import io.quakegraph.dataset.DatasetBuilder;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.ops.ArchiveCheck;
import io.quakegraph.ops.InputFileCheck;
import io.quakegraph.ops.InventoryCheck;
import io.quakegraph.ops.WritableCheck;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quakegraph dataset}: builds an HDF5 event dataset from an archive and a catalogue. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Builds an HDF5 event dataset (docs/DATASET.md): every catalogue event's window of ground"
          + " velocity at every station with data and StationXML.",
      "The archive is an SCEDC tree (continuous_waveforms/YYYY/YYYY_DDD/*.ms) or any folder of"
          + " miniSEED files; the catalogue QuakeML, ComCat CSV, ComCat GeoJSON (event.json) or"
          + " SCSN .tsv."
    })
public final class DatasetCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--archive", required = true, paramLabel = "DIR", description = "miniSEED folder")
  Path archive;

  @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "catalogue file")
  Path catalog;

  @Option(
      names = "--inventory",
      required = true,
      paramLabel = "DIR",
      description = "folder of StationXML *.xml files")
  Path inventory;

  @Option(names = "--out", required = true, paramLabel = "FILE.h5", description = "output file")
  Path out;

  @Option(
      names = "--rate",
      paramLabel = "HZ",
      description = "model sample rate (default: ${DEFAULT-VALUE})")
  double rate = ModelInputSpec.DEFAULT.sampleRate();

  @Option(
      names = "--before",
      paramLabel = "S",
      description = "window start before the origin (default: ${DEFAULT-VALUE})")
  double before = ModelInputSpec.DEFAULT.windowBeforeOriginS();

  @Option(
      names = "--after",
      paramLabel = "S",
      description = "window end after the origin (default: ${DEFAULT-VALUE})")
  double after = ModelInputSpec.DEFAULT.windowAfterOriginS();

  @Option(
      names = "--pad",
      paramLabel = "S",
      description = "data before the window used to settle filters (default: ${DEFAULT-VALUE})")
  double pad = ModelInputSpec.DEFAULT.conditioningPadS();

  @Option(
      names = "--max-gap-fill",
      paramLabel = "S",
      description = "longest gap interpolated and counted as observed (default: ${DEFAULT-VALUE})")
  double maxGapFill = ModelInputSpec.DEFAULT.maxGapFillS();

  @Option(
      names = "--deflate",
      paramLabel = "0-9",
      description = "waveform compression level, 0 for none (default: ${DEFAULT-VALUE})")
  int deflate = 1;

  @Option(
      names = "--shard-mb",
      paramLabel = "MB",
      description =
          "samples per HDF5 file before a part file is started (default: ${DEFAULT-VALUE})")
  long shardMb = 512;

  @Override
  public Integer call() throws Exception {
    ArchiveCheck.folder(archive, "--archive");
    InputFileCheck.catalog(catalog, "--catalog");
    InventoryCheck.folder(inventory, "--inventory");
    WritableCheck.parentOf(out, "--out");
    if (shardMb <= 0) {
      throw new IllegalArgumentException("--shard-mb must be positive: " + shardMb);
    }
    ModelInputSpec model = new ModelInputSpec(rate, before, after, pad, maxGapFill);
    PrintWriter w = spec.commandLine().getOut();
    PrintStream progress = new PrintStream(new PrintWriterStream(w), true);
    String command =
        "quakegraph dataset "
            + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    DatasetBuilder.Summary summary =
        new DatasetBuilder(shardMb << 20, deflate, command)
            .build(archive, catalog, inventory, out, model, progress);
    progress.flush();
    w.println(summary.describe());
    w.flush();
    return 0;
  }
}
