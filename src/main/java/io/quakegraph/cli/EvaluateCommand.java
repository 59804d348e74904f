package io.quakegraph.cli;

import io.quakegraph.bench.BenchmarkReport;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.SourceEstimator;
import io.quakegraph.model.classical.ClassicalEstimator;
import io.quakegraph.model.classical.OracleEstimator;
import io.quakegraph.model.fusion.FusedEstimator;
import io.quakegraph.ops.ArchiveCheck;
import io.quakegraph.ops.InputFileCheck;
import io.quakegraph.ops.InventoryCheck;
import io.quakegraph.ops.ModelCheck;
import io.quakegraph.ops.PreflightException;
import io.quakegraph.ops.WritableCheck;
import io.quakegraph.stream.Associator;
import io.quakegraph.synth.SyntheticNetwork;
import io.quakegraph.train.ArchiveEventSupplier;
import io.quakegraph.train.EvalPlots;
import io.quakegraph.train.EvalRecord;
import io.quakegraph.train.EvalReport;
import io.quakegraph.train.Evaluation;
import io.quakegraph.train.EventFeed;
import io.quakegraph.train.EventSupplier;
import io.quakegraph.train.Hdf5EventSupplier;
import io.quakegraph.train.LearnedEvaluator;
import io.quakegraph.train.ModelCard;
import io.quakegraph.train.SyntheticEvents;
import io.quakegraph.train.TrainConfig;
import io.quakegraph.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph evaluate}: scores the STGNN, the GCN baseline, the classical pipeline and the
 * oracle on the very same graphs of a fixed event set, prints the table, optionally writes {@code
 * --json}, {@code --csv}, PNG plots and the model card; the checkout's {@code docs/} (the {@code
 * evaluate} section of BENCHMARKS.md and its plots) only with {@code --write-docs}, so that a user
 * evaluating their own model never overwrites the project's published figures.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Evaluate a trained model against the GCN baseline, the classical STA/LTA + grid search +"
          + " ML pipeline and the oracle (true picks) on the same samples: at 0.5-25 s after the"
          + " first P, with 0, 25 and 50%% of stations dropped, by magnitude, with 1σ/2σ"
          + " coverage.",
      "Each event is simulated (or read) once; all times and dropout levels come from it."
    },
    sortOptions = false)
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      required = true,
      description = "Exported model folder (spec.json, encoder.params, head.params).")
  Path model;

  @Option(
      names = "--baseline-model",
      paramLabel = "DIR",
      description = "GCN baseline folder (default: model-export/<baseline name> if it exists).")
  Path baselineModel;

  @Option(
      names = "--compare-model",
      paramLabel = "DIR",
      description =
          "Another exported model to score on the same graphs, named after its folder (e.g. the"
              + " previous version); repeatable.")
  List<Path> compareModels = new ArrayList<>();

  @Option(
      names = "--set-config",
      paramLabel = "FILE",
      description =
          "Take the evaluation set's simulator settings (realism, magnitudes, network, seeds) from"
              + " this training config's data section instead of the model's own"
              + " train-config.json, e.g. config/train-stgnn-socal-v1.json for the fixed set of the"
              + " first models.")
  Path setConfig;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Events evaluated at once, each on its own thread with its own classical and fused"
              + " estimators (default: the number of cores); the figures do not depend on it.")
  Integer threads;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source = new Source();

  static final class Source {
    @Option(
        names = "--synthetic-seed",
        paramLabel = "S",
        description =
            "Seed of the synthetic evaluation set (default: the evalSeed of the model's training"
                + " config; the training seed is refused).")
    Long seed;

    @Option(
        names = "--data",
        paramLabel = "FILE.h5",
        description = "An HDF5 dataset instead of synthetic events.")
    Path data;

    @Option(
        names = "--archive",
        paramLabel = "DIR",
        description =
            "Real recordings: a folder of miniSEED files (with --inventory and --catalog); every"
                + " catalogue event with data at --min-stations stations or more is evaluated.")
    Path archive;
  }

  @Option(
      names = "--inventory",
      paramLabel = "DIR",
      description = "StationXML folder of the --archive's stations.")
  Path inventory;

  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description = "Catalogue of the --archive's events (QuakeML, ComCat CSV or GeoJSON).")
  Path catalog;

  @Option(
      names = "--min-triggered",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Coherent triggers that open an event in the job's association, whose onsets the model"
              + " and the fused method see (the job's --min-stations; default ${DEFAULT-VALUE}, 3"
              + " for a sparse archive such as the La Verne folder).")
  int minTriggered;

  @Option(
      names = "--min-stations",
      paramLabel = "N",
      defaultValue = "1",
      description = "With --archive: events need data at N stations or more (${DEFAULT-VALUE}).")
  int minStations;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Events to evaluate (default: ${DEFAULT-VALUE}; all of an HDF5 dataset if fewer).")
  long events;

  @Option(
      names = "--min-magnitude",
      paramLabel = "M",
      description =
          "Synthetic sets only: evaluate the first --events events of the set with Mw >= M (the"
              + " same events, ids and waveforms as in the whole set; only those are simulated),"
              + " e.g. 6.5 for the large ruptures of the real-world simulator.")
  Double minMagnitude;

  @Option(
      names = "--strong-motion-nearest",
      paramLabel = "K",
      description =
          "Synthetic sets only: record each event by the accelerometers (HN) of its K nearest"
              + " stations only, and evaluate only events inside the hull of those stations (a"
              + " sparse strong-motion network around the earthquake; with --min-magnitude, only"
              + " events of that size).")
  Integer strongMotionNearest;

  @Option(
      names = "--stations",
      paramLabel = "FILE",
      description = "Station file of the synthetic network (default: the training config's).")
  Path stations;

  @Option(names = "--json", paramLabel = "OUT", description = "Write the scores as JSON.")
  Path json;

  @Option(
      names = "--csv",
      paramLabel = "OUT",
      description = "Write every estimate as CSV (method, event, dropout, time, truth, estimate).")
  Path csv;

  @Option(
      names = "--plots",
      paramLabel = "DIR",
      description = "Folder of the PNG plots (default: none; docs/img/evaluate with --write-docs).")
  Path plots;

  @Option(
      names = "--write-docs",
      description =
          "Write the checkout's docs: the evaluate section of docs/BENCHMARKS.md (and with"
              + " --write-card the training section) and the plots in docs/img/evaluate. For the"
              + " project's own published figures; off by default.")
  boolean writeDocs;

  @Option(
      names = "--write-card",
      description = "Write MODEL_CARD.md into the model folder (and the baseline's).")
  boolean writeCard;

  @Option(names = "--no-baseline", description = "Skip the GCN baseline.")
  boolean noBaseline;

  @Option(names = "--no-classical", description = "Skip the classical and oracle methods.")
  boolean noClassical;

  @Option(
      names = "--no-fused",
      description =
          "Skip the fused method (the model's estimate as a prior times the onsets' travel-time"
              + " likelihood and the amplitude evidence).")
  boolean noFused;

  @Option(
      names = "--times",
      paramLabel = "S,...",
      split = ",",
      description = "Times after the first P, s (default: 0.5,1,2,4,8,16,25).")
  double[] times;

  @Option(
      names = "--dropouts",
      paramLabel = "F,...",
      split = ",",
      description = "Fractions of stations dropped (default: 0,0.25,0.5).")
  double[] dropouts;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    preflight();
    try {
      return run(out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return fail(e, 2);
    } catch (IOException | RuntimeException e) {
      return fail(e, 1);
    }
  }

  /**
   * The docs section (and plot folder) of a synthetic set: {@code evaluate} for the ideal
   * simulator's fixed set, {@code evaluate-real-world} beside it for the real-world simulator.
   */
  /**
   * The docs section (and plot folder) of a synthetic evaluation and its heading: the set's
   * simulator, and the slice of it, so that a slice never overwrites the whole set's figures.
   */
  private DocsSection syntheticSection(TrainConfig.DataConfig data) {
    boolean realWorld = io.quakegraph.synth.Realism.parse(data.realism()).isRealWorld();
    String key = realWorld ? "evaluate-real-world" : "evaluate";
    String title =
        realWorld
            ? "Source estimation on the real-world simulator: every method"
            : "Source estimation: STGNN vs GCN, classical and oracle";
    if (strongMotionNearest != null) {
      key += "-strong-motion-" + strongMotionNearest;
      title +=
          ", each event recorded by the accelerometers of its "
              + strongMotionNearest
              + " nearest stations";
    }
    if (minMagnitude != null) {
      key += String.format(Locale.ROOT, "-m%.1f", minMagnitude);
      title += String.format(Locale.ROOT, ", events of Mw %.1f and above", minMagnitude);
    }
    return new DocsSection(key, title);
  }

  /** A section of docs/BENCHMARKS.md: its marker key (also the plot folder) and heading. */
  private record DocsSection(String key, String title) {}

  /** The job's default association, opening events on {@code --min-triggered} triggers. */
  private Associator association() {
    if (minTriggered < 1) {
      throw new IllegalArgumentException("--min-triggered must be >= 1: " + minTriggered);
    }
    Associator d = Associator.defaults();
    return new Associator(minTriggered, d.vMinKmS(), d.slackS(), d.linkKm(), d.maxEventS());
  }

  /** The classical methods, new instances (they keep per-event state: one set per thread). */
  private List<SourceEstimator> classical() {
    List<SourceEstimator> classical = new ArrayList<>();
    if (!noClassical) {
      classical.add(new ClassicalEstimator());
      if (source.archive == null) {
        // the oracle needs every station's true onset, which real recordings do not carry
        classical.add(new OracleEstimator());
      }
    }
    return classical;
  }

  private int run(PrintStream out) throws IOException {
    Path home = QuakeGraphHome.home();
    Path cfgFile = model.resolve("train-config.json");
    TrainConfig config =
        Files.isRegularFile(cfgFile) ? TrainConfig.read(cfgFile) : TrainConfig.parse("{}");
    // the set's simulator and seeds: another run's data section, e.g. to score a model trained on
    // the real-world simulator on the fixed set of the first models
    TrainConfig.DataConfig data =
        setConfig != null ? TrainConfig.read(setConfig).data() : config.data();
    double[] ts = times != null ? times : Evaluation.TIMES;
    double[] ds = dropouts != null ? dropouts : Evaluation.DROPOUTS;
    List<LearnedEvaluator> learned = new ArrayList<>();
    List<GraphModel> models = new ArrayList<>();
    Path baseDir = baselineModel;
    if (baseDir == null && config.baseline() != null) {
      Path guess = model.toAbsolutePath().getParent().resolve(config.baseline().name());
      baseDir = Files.isRegularFile(guess.resolve("spec.json")) ? guess : null;
    }
    try {
      GraphModel main = GraphModel.load(model);
      models.add(main);
      learned.add(new LearnedEvaluator(main));
      if (baseDir != null && !noBaseline) {
        GraphModel b = GraphModel.load(baseDir);
        models.add(b);
        learned.add(new LearnedEvaluator(b));
      }
      for (Path c : compareModels) {
        GraphModel m = GraphModel.load(c);
        models.add(m);
        learned.add(
            new LearnedEvaluator(m, c.toAbsolutePath().normalize().getFileName().toString()));
      }
      EventSupplier supplier;
      String setDescription;
      long seed;
      List<io.quakegraph.seismic.Station> stationList = List.of();
      if (source.archive != null) {
        if (inventory == null || catalog == null) {
          throw new IllegalArgumentException(
              "--archive needs --inventory DIR (StationXML) and --catalog FILE (the events)");
        }
        ArchiveEventSupplier a =
            ArchiveEventSupplier.load(
                source.archive,
                inventory,
                catalog,
                SyntheticEvents.inputSpec(data, main.spec().sampleRate()),
                minStations);
        events = Math.min(events, a.count());
        supplier = a;
        seed = data.evalSeed();
        setDescription = a.describe() + ".";
        if (a.skips().total() > 0) {
          out.println("evaluate: skipped while reading the archive: " + a.skips().describe());
        }
        try {
          stationList = io.quakegraph.seismic.StationXml.readDirectory(inventory).stations();
        } catch (RuntimeException e) {
          stationList = List.of();
        }
      } else if (source.data != null) {
        Hdf5EventSupplier h = new Hdf5EventSupplier(source.data);
        events = Math.min(events, h.count());
        supplier = h;
        seed = data.evalSeed();
        setDescription = "Evaluation set: " + events + " events of " + source.data + ".";
      } else {
        seed = source.seed != null ? source.seed : data.evalSeed();
        if (seed == data.trainSeed() || seed == config.data().trainSeed()) {
          throw new IllegalArgumentException(
              "--synthetic-seed " + seed + " is the training seed: evaluation needs unseen events");
        }
        Path stationFile =
            stations != null
                ? stations
                : data.stations() != null
                    ? Path.of(data.stations())
                    : QuakeGraphHome.defaultStations();
        SyntheticNetwork net =
            SyntheticEvents.network(
                stationFile, data.network(), data.networkDate(), data.siteSeed());
        if (data.maxStations() > 0) {
          net =
              SyntheticNetwork.build(
                  io.quakegraph.synth.StationSelection.nearestToCentre(
                      net.inventory(), data.maxStations()),
                  io.quakegraph.seismic.Times.parse(data.networkDate()),
                  data.siteSeed());
        }
        stationList = net.inventory();
        SyntheticEvents se =
            new SyntheticEvents(
                net,
                SyntheticEvents.inputSpec(data, main.spec().sampleRate()),
                SyntheticEvents.scenario(data),
                seed);
        supplier =
            strongMotionNearest != null
                ? se.strongMotionNearest(
                    strongMotionNearest, minMagnitude == null ? 0 : minMagnitude)
                : minMagnitude == null ? se : se.atLeast(minMagnitude);
        setDescription =
            String.format(
                Locale.ROOT,
                "Evaluation set: the first %d events of the %s (training used seed %d: no event is"
                    + " shared).",
                events,
                supplier.describe(),
                data.trainSeed());
      }
      int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      if (workers < 1) {
        throw new IllegalArgumentException("--threads must be >= 1: " + workers);
      }
      List<Evaluation> evaluations = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        evaluations.add(
            new Evaluation(
                learned,
                noFused ? null : FusedEstimator.defaults(),
                classical(),
                ts,
                ds,
                seed,
                association()));
      }
      Evaluation evaluation = evaluations.get(0);
      out.println("evaluate: " + setDescription);
      out.println("evaluate: " + evaluation.describe());
      List<EvalRecord> records;
      long t0 = System.nanoTime();
      double feedSeconds;
      try (EventFeed feed = new EventFeed(supplier, workers, 2 * workers)) {
        records = Evaluation.runParallel(evaluations, feed, events, out);
        feedSeconds = feed.busySeconds();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      EvalReport report = new EvalReport(evaluation.methods(), ts, ds, records);
      out.print(report.consoleTable());
      out.printf(
          Locale.ROOT,
          "evaluate: %d events in %.0f s (%.2f events/s); s/event by method: %s; simulation %.2f"
              + " s/event on the feed thread%n",
          events,
          seconds,
          events / seconds,
          perEvent(evaluation.secondsByMethod(), events),
          feedSeconds / Math.max(1, events));
      String command = command();
      if (json != null) {
        report.writeJson(json);
        out.println("evaluate: JSON -> " + json);
      }
      if (csv != null) {
        report.writeCsv(csv);
        out.println("evaluate: CSV -> " + csv);
      }
      Path plotDir =
          plots != null
              ? plots
              : !writeDocs
                  ? null
                  : source.archive == null
                      ? home.resolve("docs/img").resolve(syntheticSection(data).key())
                      : home.resolve("docs/img/evaluate-real")
                          .resolve(
                              source.archive.toAbsolutePath().normalize().getFileName().toString());
      if (plotDir != null) {
        List<Path> pngs = EvalPlots.write(report, plotDir, stationList);
        out.println("evaluate: " + pngs.size() + " plots -> " + plotDir);
      }
      String body =
          setDescription
              + " "
              + evaluation.describe()
              + String.format(Locale.ROOT, ". Wall time %.0f s.%n%n", seconds)
              + "No station dropped:\n\n"
              + report.markdown()
              + "\nMedian epicentral error (km) with stations dropped:\n\n"
              + report.dropoutMarkdown()
              + "\nBy true magnitude at 8 s:\n\n"
              + report.magnitudeMarkdown()
              + "\nCoverage per output:\n\n"
              + report.coverageMarkdown()
              + "\nTargets of the network alone:\n\n"
              + report.targetsMarkdown(main.kind())
              + (report.methods().contains(FusedEstimator.NAME)
                  ? "\nTargets of the fused estimate (the published one):\n\n"
                      + report.fusedTargetsMarkdown(FusedEstimator.NAME)
                  : "")
              + (plotDir == null ? "" : "\nPlots: `" + relative(home, plotDir) + "`.\n");
      if (writeDocs) {
        // real recordings get a section per folder, beside (not over) the synthetic fixed set's
        String folder =
            source.archive == null
                ? null
                : source.archive.toAbsolutePath().normalize().getFileName().toString();
        BenchmarkReport.inDocs(home)
            .update(
                folder == null ? syntheticSection(data).key() : "evaluate-real-" + folder,
                folder == null
                    ? syntheticSection(data).title()
                    : "Source estimation on real recordings: " + folder,
                command,
                body);
        out.println("evaluate: docs/BENCHMARKS.md updated");
      } else {
        out.println("evaluate: docs/ not touched (--write-docs updates docs/BENCHMARKS.md)");
      }
      if (writeCard) {
        // the cards of the model and its baseline (a --compare-model keeps its own card)
        int cards = baseDir != null && !noBaseline ? 2 : 1;
        for (int i = 0; i < cards; i++) {
          Path dir = i == 0 ? model : baseDir;
          Path ckpt = home.resolve("model-export/checkpoints").resolve(config.name());
          if (!Files.isRegularFile(dir.resolve("train-state.json"))
              && Files.isRegularFile(ckpt.resolve("state.json"))) {
            Trainer.exportRecords(
                ckpt,
                dir,
                config,
                "./quakegraph train --config config/train-" + config.name() + ".json --resume");
          }
          Path card =
              ModelCard.write(
                  dir,
                  models.get(i),
                  report,
                  setDescription,
                  command,
                  plotDir == null ? null : relative(home, plotDir));
          out.println("evaluate: model card -> " + card);
        }
        if (writeDocs) {
          trainingSection(home, config);
        }
      }
      return 0;
    } finally {
      models.forEach(GraphModel::close);
    }
  }

  /** The inputs are there and the outputs writable; else one line and exit status 2. */
  private void preflight() {
    if ((minMagnitude != null || strongMotionNearest != null)
        && (source.archive != null || source.data != null)) {
      throw new PreflightException(
          (minMagnitude != null ? "--min-magnitude" : "--strong-motion-nearest")
              + " selects events of a synthetic set",
          "drop it, or drop " + (source.archive != null ? "--archive" : "--data"));
    }
    if (strongMotionNearest != null && strongMotionNearest < 4) {
      throw new PreflightException(
          "--strong-motion-nearest " + strongMotionNearest + " is fewer than 4 stations",
          "the job opens an event on 4 triggers: give 4 or more");
    }
    if (source.data != null) {
      InputFileCheck.readable(source.data, "--data", "HDF5 dataset");
    }
    if (source.archive != null) {
      if (inventory == null || catalog == null) {
        throw new PreflightException(
            "--archive needs its stations and events",
            "add --inventory DIR (StationXML) and --catalog FILE (QuakeML, ComCat CSV or GeoJSON)");
      }
      ArchiveCheck.folder(source.archive, "--archive");
      InventoryCheck.folder(inventory, "--inventory");
      InputFileCheck.catalog(catalog, "--catalog");
    }
    if (stations != null) {
      InputFileCheck.readable(stations, "--stations", "station");
    }
    if (json != null) {
      WritableCheck.parentOf(json, "--json");
    }
    if (csv != null) {
      WritableCheck.parentOf(csv, "--csv");
    }
    if (plots != null) {
      WritableCheck.folder(plots, "--plots");
    }
    if (writeDocs) {
      WritableCheck.folder(QuakeGraphHome.home().resolve("docs"), "--write-docs (the checkout)");
    }
    if (writeCard && java.nio.file.Files.isDirectory(model)) {
      WritableCheck.folder(model, "--write-card (the model folder)");
    }
    // last: loading a model starts the engine, the slowest check
    ModelCheck.folder(model, "--model");
    for (Path c : compareModels) {
      ModelCheck.folder(c, "--compare-model");
    }
    if (setConfig != null) {
      InputFileCheck.readable(setConfig, "--set-config", "training config");
    }
    if (baselineModel != null) {
      ModelCheck.folder(baselineModel, "--baseline-model");
    }
  }

  /** The {@code training} section of docs/BENCHMARKS.md, from the export's train-state.json. */
  private void trainingSection(Path home, TrainConfig config) throws IOException {
    Path st = model.resolve("train-state.json");
    if (!Files.isRegularFile(st)) {
      return;
    }
    var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(st.toFile());
    long steps = state.path("step").asLong();
    double secs = state.path("elapsedSeconds").asDouble();
    long simulated = state.path("eventsSimulated").asLong();
    long graphs = steps * config.batchSize();
    String body =
        String.format(
            Locale.ROOT,
            "Training run of %s (config `config/train-%s.json`): STGNN on every batch, GCN once every"
                + " %s batches, events simulated on the fly on a background thread.%n%n"
                + "| figure | value |%n|---|---|%n"
                + "| optimiser steps | %d |%n| graphs (event, cut time) | %d |%n"
                + "| events simulated | %d |%n| wall time | %.2f h |%n| graphs/s | %.2f |%n"
                + "| events/s (simulated and consumed) | %.2f |%n| s per step | %.3f |%n",
            config.name(),
            config.name(),
            config.baseline() == null ? "-" : Integer.toString(config.baseline().every()),
            steps,
            graphs,
            simulated,
            secs / 3600,
            graphs / Math.max(1e-9, secs),
            simulated / Math.max(1e-9, secs),
            secs / Math.max(1, steps));
    BenchmarkReport.inDocs(home)
        .update(
            "training",
            "Training throughput",
            state
                .path("command")
                .asText("./quakegraph train --config config/train-" + config.name() + ".json"),
            body);
  }

  private static String perEvent(java.util.Map<String, Double> s, long n) {
    StringBuilder sb = new StringBuilder();
    s.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.2f ", k, v / Math.max(1, n))));
    return sb.toString().strip();
  }

  private static String relative(Path home, Path p) {
    Path a = p.toAbsolutePath().normalize();
    return a.startsWith(home) ? home.relativize(a).toString() : a.toString();
  }

  private String command() {
    StringBuilder sb = new StringBuilder("./quakegraph");
    // originalArgs are the whole command line, the subcommand name included
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      sb.append(' ').append(a);
    }
    return sb.toString();
  }

  private int fail(Exception e, int code) {
    String msg = e.getMessage() != null ? e.getMessage() : e.toString();
    System.err.println("quakegraph evaluate: error: " + msg);
    if (verbose) {
      e.printStackTrace();
    }
    return code;
  }
}
