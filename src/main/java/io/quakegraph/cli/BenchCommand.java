package io.quakegraph.cli;

import io.quakegraph.bench.BenchmarkReport;
import io.quakegraph.bench.DatasetBenchmark;
import io.quakegraph.bench.FusionBenchmark;
import io.quakegraph.bench.ModelBenchmark;
import io.quakegraph.bench.RealTimeVerdict;
import io.quakegraph.bench.Steim2DecodeBenchmark;
import io.quakegraph.bench.StreamBenchmark;
import io.quakegraph.bench.SynthBenchmark;
import io.quakegraph.demo.DemoScenario;
import io.quakegraph.ops.Folders;
import io.quakegraph.synth.Realism;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quakegraph bench ...}: each benchmark prints a table and rewrites its BENCHMARKS.md part.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Speed benchmarks; each writes its section of docs/BENCHMARKS.md.",
    subcommands = {
      BenchCommand.Synth.class,
      BenchCommand.Steim2.class,
      BenchCommand.Dataset.class,
      BenchCommand.Ingest.class,
      BenchCommand.Fuzz.class,
      BenchCommand.Model.class,
      BenchCommand.Stream.class,
      BenchCommand.Console.class
    })
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static BenchmarkReport report() {
    return BenchmarkReport.inDocs(QuakeGraphHome.home());
  }

  /** Simulator throughput: whole-network event windows per second. */
  @Command(
      name = "synth",
      mixinStandardHelpOptions = true,
      description = "Simulator speed: events/s for N stations x 3 components x window at 100 Hz.")
  static final class Synth implements Callable<Integer> {
    @Option(
        names = "--stations",
        defaultValue = "185",
        description = "station count (${DEFAULT-VALUE})")
    int stations;

    @Option(
        names = "--events",
        defaultValue = "40",
        description = "timed events (${DEFAULT-VALUE})")
    int events;

    @Option(
        names = "--seconds",
        defaultValue = "60",
        description = "window length s (${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--station-file", description = "station file (default: SCEDC channel epochs)")
    Path stationFile;

    @Option(
        names = "--realism",
        defaultValue = "ideal",
        description =
            "ideal (events Mw 2.5-5.5) or real-world (every event a finite rupture, Mw 6-8, with"
                + " the real-world path, site and noise) (${DEFAULT-VALUE})")
    String realism;

    @Override
    public Integer call() throws Exception {
      Path file = stationFile != null ? stationFile : QuakeGraphHome.defaultStations();
      Realism r0 = Realism.parse(realism);
      SynthBenchmark.Result r =
          SynthBenchmark.run(file, stations, events, seconds, seed, r0, System.out);
      boolean real = r0.isRealWorld();
      String table =
          String.format(
              Locale.ROOT,
              "| stations | components | window | rate | events | events timed | events/s |"
                  + " samples/s | threads |%n"
                  + "|---|---|---|---|---|---|---|---|---|%n"
                  + "| %d | 3 (HH) | %.0f s | 100 Hz | %s | %d | **%.2f** | %.3g | %d |%n%n"
                  + "%s Each event is the whole network's window in counts (signal, noise and"
                  + " instrument), `NetworkSimulator.eventWindow`.",
              r.stations(),
              r.windowSeconds(),
              real ? "Mw 6-8, finite ruptures, real-world" : "Mw 2.5-5.5, ideal",
              r.events(),
              r.eventsPerSecond(),
              r.samplesPerSecond(),
              r.threads(),
              real
                  ? "Target (issue 11): >= 10 events/s with finite faults."
                  : "Target: >= 20 events/s.");
      System.out.println(table);
      report()
          .update(
              real ? "synth-real-world" : "synth",
              real ? "Simulator throughput, real world (finite ruptures)" : "Simulator throughput",
              ("./quakegraph bench synth --stations %d --events %d --seconds %.0f --seed %d"
                      + (real ? " --realism real-world" : ""))
                  .formatted(stations, events, seconds, seed),
              table);
      return 0;
    }
  }

  /** Steim-2 decode speed on one core, through JMH. */
  @Command(
      name = "steim2",
      mixinStandardHelpOptions = true,
      description = "Steim-2 decode speed on one core (JMH; samples/s).")
  static final class Steim2 implements Callable<Integer> {
    @Option(names = "--iterations", defaultValue = "5", description = "measured iterations")
    int iterations;

    @Option(
        names = "--picks",
        defaultValue = "40",
        description = "onsets in the fusion benchmark (${DEFAULT-VALUE}; the rest are quiet)")
    int picks;

    @Override
    public Integer call() throws Exception {
      var opts =
          new OptionsBuilder()
              .include(Steim2DecodeBenchmark.class.getName())
              .forks(1)
              .threads(1)
              .warmupIterations(3)
              .warmupTime(TimeValue.seconds(1))
              .measurementIterations(iterations)
              .measurementTime(TimeValue.seconds(1))
              .jvmArgsAppend("-Dquakegraph.shared=" + QuakeGraphHome.shared())
              .build();
      Collection<RunResult> results = new Runner(opts).run();
      StringBuilder table = new StringBuilder();
      table.append("| benchmark | samples/s (one core) | error (99.9%) |\n|---|---|---|\n");
      for (RunResult rr : results) {
        var s = rr.getPrimaryResult();
        String name = rr.getParams().getBenchmark();
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | **%.3g** | ± %.2g |%n",
                name.substring(name.lastIndexOf('.') + 1),
                s.getScore(),
                s.getScoreError()));
      }
      table.append(
          "\nTarget: >= 50 M samples/s on one core. `frames` decodes Steim-2 frames of 4096-byte"
              + " records; `record` parses, validates and decodes whole records. Data: the real"
              + " CI.CCA BHN day file re-encoded in 4096-byte Steim-2 records.");
      System.out.println(table);
      report()
          .update(
              "steim2",
              "Steim-2 decode (JMH)",
              "./quakegraph bench steim2 --iterations " + iterations,
              table.toString());
      return 0;
    }
  }

  /** Dataset builder throughput on a synthetic archive or any given one. */
  @Command(
      name = "dataset",
      mixinStandardHelpOptions = true,
      description = "Dataset builder speed (MB/s of miniSEED, events/s).")
  static final class Dataset implements Callable<Integer> {
    @Option(
        names = "--archive",
        description = "archive folder (default: simulate one: 185 stations, 1 h, 12 events)")
    Path archive;

    @Option(names = "--catalog", description = "catalog (QuakeML, CSV, event.json)")
    Path catalog;

    @Option(names = "--inventory", description = "StationXML folder")
    Path inventory;

    @Option(names = "--seed", defaultValue = "5", description = "seed of the simulated archive")
    long seed;

    @Option(names = "--out", description = "HDF5 output (default: a temporary file)")
    Path out;

    @Override
    public Integer call() throws Exception {
      String command;
      Path scratch = null;
      if (archive == null) {
        scratch = Files.createTempDirectory("qg-bench-archive");
        archive = scratch.resolve("scenario");
        catalog = archive.resolve("catalog.xml");
        inventory = archive.resolve("stations");
        int rc =
            new picocli.CommandLine(new SynthCommand())
                .execute(
                    "--duration",
                    "1h",
                    "--events",
                    "12",
                    "--max-stations",
                    "185",
                    "--seed",
                    Long.toString(seed),
                    "--out",
                    archive.toString());
        if (rc != 0) {
          throw new IllegalStateException("simulating the benchmark archive failed");
        }
        command = "./quakegraph bench dataset --seed " + seed;
      } else if (catalog == null || inventory == null) {
        throw new IllegalArgumentException("--archive needs --catalog and --inventory");
      } else {
        command =
            "./quakegraph bench dataset --archive %s --catalog %s --inventory %s"
                .formatted(archive, catalog, inventory);
      }
      Path target = out != null ? out : Files.createTempFile("qg-bench-dataset", ".h5");
      DatasetBenchmark.Result r = DatasetBenchmark.run(archive, catalog, inventory, target);
      System.out.print(r.markdown());
      String input =
          scratch != null
              ? "Input: a simulated SCEDC-layout archive (`synth --duration 1h --events 12"
                  + " --max-stations 185 --seed "
                  + seed
                  + "`: 185 stations x HH?+HN? at 100 Hz, Steim-2).\n\n"
              : "";
      report().update("dataset", "Dataset builder", command, input + r.markdown());
      if (out == null) {
        Files.deleteIfExists(target);
      }
      if (scratch != null) {
        Folders.deleteTree(scratch);
      }
      return 0;
    }
  }

  /** Replay throughput into Kafka and publish-to-consume latency. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Replay speed (x real time) of N stations x 3 HH channels x 100 Hz into the in-process"
              + " broker, and per-packet publish-to-consume latency.")
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--stations", defaultValue = "185", description = "stations (${DEFAULT-VALUE})")
    int stations;

    @Option(
        names = "--minutes",
        defaultValue = "10",
        description = "archive length (${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--archive", description = "existing scenario folder (default: simulate one)")
    Path archive;

    @Option(
        names = "--work",
        defaultValue = "target/bench",
        description = "where a simulated archive is kept (${DEFAULT-VALUE})")
    Path work;

    @Option(
        names = "--latency-seconds",
        defaultValue = "30",
        description = "data seconds of the latency run (${DEFAULT-VALUE})")
    double latencySeconds;

    @Option(
        names = "--latency-speed",
        defaultValue = "1",
        description = "replay speed of the paced latency run (${DEFAULT-VALUE})")
    double latencySpeed;

    @Override
    public Integer call() throws Exception {
      io.quakegraph.bench.IngestBenchmark.Result r =
          io.quakegraph.bench.IngestBenchmark.run(
              archive, work, stations, minutes, latencySeconds, latencySpeed, System.out);
      System.out.print(r.markdown());
      report()
          .update(
              "ingest",
              "Ingest: replay to Kafka, latency",
              "./quakegraph bench ingest --stations %d --minutes %.0f --latency-seconds %.0f --latency-speed %.0f"
                  .formatted(stations, minutes, latencySeconds, latencySpeed),
              r.markdown());
      return 0;
    }
  }

  /** A long run of the packet fuzzer. */
  @Command(
      name = "fuzz",
      mixinStandardHelpOptions = true,
      description = "Seeded mutation fuzzing of the packet validator (records/s, outcomes).")
  static final class Fuzz implements Callable<Integer> {
    @Option(
        names = "--records",
        defaultValue = "1000000",
        description = "mutations (${DEFAULT-VALUE})")
    long records;

    @Option(names = "--seed", defaultValue = "1", description = "seed (${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
      io.quakegraph.ingest.PacketFuzzer.Result r =
          new io.quakegraph.ingest.PacketFuzzer(seed).run(records);
      String table =
          String.format(
              Locale.ROOT,
              "| mutated records | accepted | rejected by reason | contract violations | records/s |%n"
                  + "|---|---|---|---|---|%n"
                  + "| %d | %d | %s | **%d** | %.0f |%n%n"
                  + "Mutations: bit flips, byte insertions and deletions, truncations, header field"
                  + " overwrites, splices of two records, random payload runs, over valid miniSEED 2"
                  + " and 3 records (Steim-1/2, int32, float32/64). A violation is an exception, a"
                  + " parser failure other than its checked MiniSeedException, or an accepted record"
                  + " that does not decode.",
              r.records(),
              r.accepted(),
              r.rejected(),
              r.failures(),
              r.rate());
      System.out.println(table);
      if (r.firstFailure() != null) {
        System.out.println("first violation: " + r.firstFailure());
      }
      report()
          .update(
              "fuzz",
              "Packet validator fuzzing",
              "./quakegraph bench fuzz --records %d --seed %d".formatted(records, seed),
              table);
      return r.failures() == 0 ? 0 : 1;
    }
  }

  /** STGNN / GCN inference latency through JMH: encoder per network, head per graph. */
  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description =
          "Model inference latency (JMH, ms): encoder for N stations, head for an N-node graph.")
  static final class Model implements Callable<Integer> {
    @Option(
        names = "--stations",
        defaultValue = "185",
        description = "stations / nodes (${DEFAULT-VALUE})")
    int stations;

    @Option(
        names = "--models",
        defaultValue = "stgnn,gcn",
        split = ",",
        description = "models to time (${DEFAULT-VALUE})")
    String[] models;

    @Option(
        names = "--threads",
        defaultValue = "1",
        description = "PyTorch intra-op threads (${DEFAULT-VALUE}; one per stream subtask)")
    int threads;

    @Option(names = "--iterations", defaultValue = "5", description = "measured iterations")
    int iterations;

    @Option(
        names = "--picks",
        defaultValue = "40",
        description = "onsets in the fusion benchmark (${DEFAULT-VALUE}; the rest are quiet)")
    int picks;

    @Override
    public Integer call() throws Exception {
      var opts =
          new OptionsBuilder()
              .include(ModelBenchmark.class.getName())
              .include(FusionBenchmark.class.getName())
              .param("model", models)
              .param("picks", Integer.toString(picks))
              .param("stations", Integer.toString(stations))
              .forks(1)
              .threads(1)
              .warmupIterations(3)
              .warmupTime(TimeValue.seconds(2))
              .measurementIterations(iterations)
              .measurementTime(TimeValue.seconds(2))
              .jvmArgsAppend(
                  "-Dai.djl.offline=true",
                  "-Dai.djl.pytorch.num_threads=" + threads,
                  "-Dai.djl.pytorch.num_interop_threads=1")
              .build();
      Collection<RunResult> results = new Runner(opts).run();
      java.util.Map<String, Double> stgnn = new java.util.HashMap<>();
      StringBuilder table = new StringBuilder();
      table.append("| model | part | stations | ms per call | error (99.9%) | target |\n");
      table.append("|---|---|---|---|---|---|\n");
      for (RunResult rr : results) {
        var s = rr.getPrimaryResult();
        String name = rr.getParams().getBenchmark();
        String part = name.substring(name.lastIndexOf('.') + 1);
        String modelName = rr.getParams().getParam("model");
        if (modelName == null) {
          modelName =
              (part.equals("fusion") ? "fusion (" : "classical (")
                  + rr.getParams().getParam("picks")
                  + " onsets)";
        }
        if ("stgnn".equals(modelName) || part.equals("fusion")) {
          stgnn.put(part, s.getScore());
        }
        String target =
            switch (part) {
              case "encoder" -> "<= 20 ms";
              case "head" -> "<= 5 ms";
              default -> "";
            };
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | **%.2f** | ± %.2f | %s |%n",
                modelName,
                part,
                rr.getParams().getParam("stations"),
                s.getScore(),
                s.getScoreError(),
                target));
      }
      if (stgnn.containsKey("encoder")
          && stgnn.containsKey("head")
          && stgnn.containsKey("fusion")) {
        double step = stgnn.get("encoder") + stgnn.get("head") + stgnn.get("fusion");
        table.append(
            String.format(
                Locale.ROOT,
                "| stgnn + fusion | one step: encoder + head + fusion | %d | **%.2f** | | <= 30 ms |%n",
                stations,
                step));
      }
      table.append(
          String.format(
              Locale.ROOT,
              "%nDefault ModelSpec (W=1024 at 50 Hz, E=64, k=16, 2 layers of 64), random weights,"
                  + " %d PyTorch intra-op thread(s). `encoder`: [N, 3, 1024] windows to embeddings;"
                  + " `head`: one N-node graph from embeddings; `whole`: both from the padded batch"
                  + " arrays. Each call copies inputs in and outputs out. Load average (1 min) when the run ended: %.1f (%d cores, shared with any other work).",
              threads,
              java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  .getSystemLoadAverage(),
              Runtime.getRuntime().availableProcessors()));
      System.out.println(table);
      report()
          .update(
              "model",
              "Model inference latency (JMH)",
              "./quakegraph bench model --stations %d --models %s --threads %d --iterations %d"
                  .formatted(stations, String.join(",", models), threads, iterations),
              table.toString());
      return 0;
    }
  }

  /** The streaming job: station counts kept in real time, packet-to-alert, origin-to-alert. */
  @Command(
      name = "stream",
      mixinStandardHelpOptions = true,
      description =
          "Streaming job in-process (broker, MiniCluster, model, paced replay): the largest station"
              + " count kept in real time, packet-to-alert latency, origin-to-first-alert on the"
              + " demo's events.")
  static final class Stream implements Callable<Integer> {
    @Option(
        names = "--counts",
        split = ",",
        defaultValue = "185,500,1000,1500",
        description = "station counts of the sweep (${DEFAULT-VALUE})")
    List<Integer> counts;

    @Option(
        names = "--warmup",
        defaultValue = "85",
        description = "data seconds replayed before the measured interval (${DEFAULT-VALUE})")
    double warmup;

    @Option(
        names = "--seconds",
        defaultValue = "120",
        description = "measured data seconds per count (${DEFAULT-VALUE})")
    double seconds;

    @Option(
        names = "--events",
        defaultValue = "5",
        description = "earthquakes per sweep scenario (${DEFAULT-VALUE})")
    int events;

    @Option(
        names = "--seed",
        defaultValue = "7",
        description = "seed of synthetic stations and events (${DEFAULT-VALUE})")
    long seed;

    @Option(
        names = "--parallelism",
        defaultValue = "2",
        description = "station-stage parallelism (${DEFAULT-VALUE})")
    int parallelism;

    @Option(
        names = "--latency-stations",
        defaultValue = "185",
        description = "station count of the packet-to-alert figures (${DEFAULT-VALUE})")
    int latencyStations;

    @Option(
        names = "--model",
        paramLabel = "DIR",
        description = "exported model (default: model-export/" + DemoCommand.BUNDLED_MODEL + ")")
    Path model;

    @Option(
        names = "--work",
        paramLabel = "DIR",
        description = "simulated scenarios and checkpoints (default: scenarios/bench-stream)")
    Path work;

    @Option(
        names = "--demo-seed",
        defaultValue = DemoScenario.DEFAULT_SEED_TEXT,
        description = "demo scenario seed (${DEFAULT-VALUE})")
    long demoSeed;

    @Option(
        names = "--demo-speed",
        defaultValue = "1",
        description =
            "replay speed of the demo events (${DEFAULT-VALUE}; faster: origin-to-alert computed"
                + " from data time + the measured real-time lag)")
    double demoSpeed;

    @Option(names = "--no-demo", description = "skip the demo events")
    boolean noDemo;

    @Option(
        names = "--prepare",
        description = "only simulate the scenarios (reused by later runs), measure nothing")
    boolean prepare;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "benchmark document to update (default: docs/BENCHMARKS.md)")
    Path reportFile;

    @Override
    public Integer call() throws Exception {
      // The job's gap filler logs every window with a leading or trailing gap at INFO: at the
      // start of a stream that is every channel of every station for a window length, tens of
      // thousands of lines at 1,000 stations, which would load the cores the benchmark measures.
      // A deployment sets its log levels; the benchmark keeps this one at WARN unless told.
      String gapsLogger = "org.slf4j.simpleLogger.log.io.quakegraph.seismic.Gaps";
      if (System.getProperty(gapsLogger) == null) {
        System.setProperty(gapsLogger, "warn");
      }
      Path home = QuakeGraphHome.home();
      Path modelDir =
          model != null ? model : home.resolve("model-export").resolve(DemoCommand.BUNDLED_MODEL);
      if (!Files.isRegularFile(modelDir.resolve("spec.json"))) {
        throw new IllegalArgumentException(modelDir + " has no spec.json: not an exported model");
      }
      StreamBenchmark.Options o =
          new StreamBenchmark.Options(
              modelDir,
              QuakeGraphHome.defaultStations(),
              work != null ? work : home.resolve("scenarios").resolve("bench-stream"),
              home.resolve("scenarios").resolve("demo-" + demoSeed),
              counts,
              warmup,
              seconds,
              events,
              seed,
              parallelism,
              latencyStations,
              !noDemo,
              demoSeed,
              demoSpeed,
              RealTimeVerdict.DEFAULT);
      if (prepare) {
        for (Path dir : StreamBenchmark.prepare(o, System.out)) {
          System.out.println("scenario ready: " + dir);
        }
        return 0;
      }
      StreamBenchmark.Result r = StreamBenchmark.run(o, System.out);
      String md = r.markdown();
      System.out.println(md);
      String command =
          String.format(
              Locale.ROOT,
              "./quakegraph bench stream --counts %s --warmup %.0f --seconds %.0f --events %d"
                  + " --seed %d --parallelism %d --latency-stations %d%s",
              String.join(",", counts.stream().map(String::valueOf).toList()),
              warmup,
              seconds,
              events,
              seed,
              parallelism,
              latencyStations,
              noDemo
                  ? " --no-demo"
                  : " --demo-seed "
                      + demoSeed
                      + " --demo-speed "
                      + (demoSpeed == Math.rint(demoSpeed)
                          ? Long.toString((long) demoSpeed)
                          : Double.toString(demoSpeed)));
      BenchmarkReport target = reportFile != null ? new BenchmarkReport(reportFile) : report();
      target.update(
          "stream",
          "Streaming job: real time, packet to alert, origin to first alert",
          command,
          md);
      return 0;
    }
  }

  /** Alert record written to the version on the console page (headless Chromium). */
  @Command(
      name = "console",
      mixinStandardHelpOptions = true,
      description =
          "How long after an alert record is written it appears on the console page (p50, p99),"
              + " with Debian's headless Chromium (scripts/install-chromium.sh installs it).")
  static final class Console implements Callable<Integer> {
    @Option(
        names = "--alerts",
        defaultValue = "300",
        description = "alert versions written, one every 200 ms (${DEFAULT-VALUE})")
    int alerts;

    @Option(
        names = "--stations",
        defaultValue = "185",
        description = "stations on the map, each sending 3 packets/s (${DEFAULT-VALUE})")
    int stations;

    @Override
    public Integer call() throws Exception {
      Path chromium =
          io.quakegraph.console.HeadlessChromium.find()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no Chromium: run scripts/install-chromium.sh (Debian's chromium)"));
      io.quakegraph.bench.ConsoleBenchmark.Result r =
          io.quakegraph.bench.ConsoleBenchmark.run(chromium, alerts, stations, System.out);
      System.out.print(r.markdown());
      report()
          .update(
              "console",
              "Console: alert record to page",
              "./quakegraph bench console --alerts %d --stations %d".formatted(alerts, stations),
              r.markdown());
      return 0;
    }
  }
}
