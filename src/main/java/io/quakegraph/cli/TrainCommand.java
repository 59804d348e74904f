package io.quakegraph.cli;

import io.quakegraph.model.ModelSpec;
import io.quakegraph.ops.InputFileCheck;
import io.quakegraph.ops.PreflightException;
import io.quakegraph.ops.StateHome;
import io.quakegraph.ops.WritableCheck;
import io.quakegraph.synth.SyntheticNetwork;
import io.quakegraph.train.HeadTrainer;
import io.quakegraph.train.ModelFactory;
import io.quakegraph.train.TrainConfig;
import io.quakegraph.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quakegraph train}: trains the STGNN (and optionally the GCN baseline on the same batches)
 * from a JSON config, with checkpoints and {@code --resume}. The format is in {@code
 * docs/TRAINING.md}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Train a source model on early-warning cuts of synthetic events simulated on the fly (or of"
          + " an HDF5 dataset), with station dropout and random subsets, Adam with warm-up and"
          + " cosine or step decay, gradient clipping, checkpoints and --resume.",
      "Deterministic for the config's seeds; a resumed run continues exactly."
    },
    sortOptions = false)
public final class TrainCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "Training config (JSON), e.g. config/train-stgnn-socal-v1.json.")
  Path config;

  @Option(
      names = "--resume",
      description = "Continue from the checkpoint in the checkpoint folder (fresh start if none).")
  boolean resume;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Checkpoint folder (default: model-export/checkpoints/<name> in the checkout).")
  Path out;

  @Option(
      names = "--export",
      paramLabel = "DIR",
      description =
          "Where the finished models go (default: model-export; the model as <DIR>/<name>, the"
              + " baseline as <DIR>/<baseline name>).")
  Path export;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Override the config's step count (e.g. to extend a resumed run).")
  Integer steps;

  @Option(
      names = "--until",
      paramLabel = "STEP",
      description =
          "Stop at this step with a checkpoint (the schedule still spans all steps); --resume"
              + " continues.")
  Long until;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Embedding cache of a staged config (default: $QUAKEGRAPH_STATE/cache/<name>, i.e."
              + " ~/.quakegraph/cache/<name>); an interrupted build resumes there.")
  Path cache;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintStream log = System.out;
    preflight();
    try {
      TrainConfig c = TrainConfig.read(config);
      if (steps != null) {
        c = c.toBuilder().steps(steps).build();
      }
      Path dir =
          out != null
              ? out
              : QuakeGraphHome.home().resolve("model-export/checkpoints").resolve(c.name());
      Path exportDir = export != null ? export : QuakeGraphHome.home().resolve("model-export");
      log.println("train: config " + config.toAbsolutePath() + ", checkpoints " + dir);
      if (c.staged() != null) {
        return staged(c, dir, exportDir, log);
      }
      try (Trainer t = Trainer.open(c, defaultStations(), dir, resume, log)) {
        if (until != null && until < c.steps()) {
          t.runUntil(until);
          log.println("train: stopped at step " + t.step() + " (--until); resume with --resume");
          return 0;
        }
        t.run();
        Path m = exportDir.resolve(c.name());
        t.main().model().save(m);
        Trainer.exportRecords(dir, m, c, command());
        log.println("train: model exported to " + m);
        if (t.baseline() != null) {
          Path b = exportDir.resolve(c.baseline().name());
          t.baseline().model().save(b);
          Trainer.exportRecords(dir, b, c, command());
          log.println("train: baseline exported to " + b);
        }
      }
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      return fail(e, 2);
    } catch (IOException | RuntimeException e) {
      return fail(e, 1);
    }
  }

  /** Staged training: the head on cached embeddings of a trained encoder. */
  private int staged(TrainConfig c, Path dir, Path exportDir, PrintStream log) throws IOException {
    SyntheticNetwork network = Trainer.network(c, defaultStations());
    ModelSpec spec = ModelFactory.spec(c.model(), network, c.seed());
    Path cacheDir = cache != null ? cache : StateHome.root().resolve("cache").resolve(c.name());
    try (HeadTrainer t = HeadTrainer.open(c, network, spec, cacheDir, dir, resume, log)) {
      long end = until != null && until < c.steps() ? until : c.steps();
      t.runUntil(end);
      if (end < c.steps()) {
        log.println("train: stopped at step " + t.step() + " (--until); resume with --resume");
        return 0;
      }
      Path m = exportDir.resolve(c.name());
      t.model().save(m);
      Trainer.exportRecords(dir, m, c, command());
      log.println("train: model exported to " + m);
    }
    return 0;
  }

  /** The config reads, its data is there, and the output folders take files; else one line. */
  private void preflight() {
    InputFileCheck.readable(config, "--config", "training config");
    TrainConfig c;
    try {
      c = TrainConfig.read(config);
    } catch (IOException | RuntimeException e) {
      throw new PreflightException(
          "bad training config: " + e.getMessage(),
          "fix the file (see docs/TRAINING.md for its fields)");
    }
    if (c.staged() != null) {
      InputFileCheck.readable(
          Path.of(c.staged().encoder()).resolve("encoder.params"),
          "the config's staged.encoder",
          "model");
    }
    if (c.data().hdf5() != null) {
      InputFileCheck.readable(Path.of(c.data().hdf5()), "the config's data.hdf5", "dataset");
    }
    if (c.data().stations() != null) {
      InputFileCheck.readable(
          Path.of(c.data().stations()), "the config's data.stations", "station");
    }
    WritableCheck.folder(
        out != null
            ? out
            : QuakeGraphHome.home().resolve("model-export/checkpoints").resolve(c.name()),
        "--out");
    WritableCheck.folder(
        export != null ? export : QuakeGraphHome.home().resolve("model-export"), "--export");
  }

  private String command() {
    StringBuilder sb = new StringBuilder("./quakegraph");
    // originalArgs are the whole command line, the subcommand name included
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      sb.append(' ').append(a);
    }
    return sb.toString();
  }

  private static Path defaultStations() {
    try {
      return QuakeGraphHome.defaultStations();
    } catch (IllegalStateException e) {
      return Path.of("/work/shared/data/stations/scedc_channel_epochs.txt");
    }
  }

  private int fail(Exception e, int code) {
    String msg = e.getMessage() != null ? e.getMessage() : e.toString();
    System.err.println("quakegraph train: error: " + msg);
    if (verbose) {
      e.printStackTrace();
    }
    return code;
  }
}
