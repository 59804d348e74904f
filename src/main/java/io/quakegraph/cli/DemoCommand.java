package io.quakegraph.cli;

import io.quakegraph.console.ConsoleServer;
import io.quakegraph.dataset.CatalogFiles;
import io.quakegraph.dataset.StationWindowCutter;
import io.quakegraph.demo.AlertMap;
import io.quakegraph.demo.Backlog;
import io.quakegraph.demo.DemoScenario;
import io.quakegraph.demo.DemoTruth;
import io.quakegraph.demo.LocalPipeline;
import io.quakegraph.ingest.Topics;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.ops.ArchiveCheck;
import io.quakegraph.ops.InputFileCheck;
import io.quakegraph.ops.InventoryCheck;
import io.quakegraph.ops.ModelCheck;
import io.quakegraph.ops.WritableCheck;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.QuakeMl;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.ModelInfo;
import io.quakegraph.stream.alerts.AlertBook;
import io.quakegraph.stream.alerts.AlertFollower;
import io.quakegraph.stream.alerts.AlertFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph demo}: the whole system in one process, without a network. An in-process Kafka
 * broker, the early-warning job in a local Flink MiniCluster with the bundled model, a replay of a
 * synthetic scenario (three M4+ earthquakes inside the real CI network, simulated once per seed and
 * then reused) or of any archive, the alerts as they evolve beside the true values, a PNG map, and
 * a summary of how early each event was alerted next to the physical floor.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole early-warning system in this process: in-process Kafka, the Flink job with"
          + " the bundled model (model-export/"
          + DemoCommand.BUNDLED_MODEL
          + "), a replay of a"
          + " synthetic scenario with three M4+ earthquakes on the real CI stations (or of"
          + " --archive), the alerts beside the true values, and a map"
          + " (scenarios/demo-<seed>/alerts-map.png)."
    },
    sortOptions = false)
public final class DemoCommand implements Callable<Integer> {
  /** The model the demo runs: the bundled export in model-export/ (see its model card). */
  public static final String BUNDLED_MODEL = "stgnn-socal-v2";

  @Spec CommandSpec spec;

  @Option(
      names = "--seed",
      defaultValue = DemoScenario.DEFAULT_SEED_TEXT,
      description =
          "Scenario seed (default: ${DEFAULT-VALUE}, three M4+ events inside the network).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Scenario folder (default: scenarios/demo-<seed> in the checkout).")
  Path out;

  @Option(
      names = "--archive",
      paramLabel = "DIR",
      description = "Replay this archive (SCEDC tree or plain folder of miniSEED) instead.")
  Path archive;

  @Option(
      names = "--inventory",
      paramLabel = "DIR",
      description = "StationXML folder of --archive.")
  Path inventory;

  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description =
          "True events of --archive (QuakeML, ComCat CSV/GeoJSON, event.json; default: catalog.xml"
              + " or event.json in the archive folder, if there).")
  Path catalog;

  @Option(
      names = "--speed",
      defaultValue = "max",
      paramLabel = "X|max",
      description = "Replay speed (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--packet-seconds",
      defaultValue = "1",
      paramLabel = "S",
      description = "Replay packet length, s (default: ${DEFAULT-VALUE}).")
  double packetSeconds;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism of the station stage (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--min-stations",
      defaultValue = "4",
      description =
          "Coherent station triggers that open an event (default: ${DEFAULT-VALUE}; 3 for a"
              + " sparse archive such as ../shared/data/events/ci38038071_laverne_M4.4).")
  int minStations;

  @Option(
      names = "--idle",
      defaultValue = "20s",
      converter = DurationParser.class,
      paramLabel = "DURATION",
      description =
          "After the replay, stop when no alert came for this long (default: ${DEFAULT-VALUE}).")
  Duration idle;

  @Option(
      names = "--console",
      description =
          "Keep the operator console (always started; its address is printed) open after the"
              + " replay, with the broker, until Ctrl-C.")
  boolean keepConsole;

  @Option(
      names = "--console-port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description =
          "Port of the console on 127.0.0.1 (default: ${DEFAULT-VALUE}; a free one if taken).")
  int consolePort;

  // For development before the trained model lands: any exported model folder (e.g. random
  // weights). Hidden so the demo's users never run it on an untrained model by accident.
  @Option(names = "--model", hidden = true, paramLabel = "DIR")
  Path model;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long t0 = System.nanoTime();
    Path modelDir =
        model != null
            ? model
            : QuakeGraphHome.home().resolve("model-export").resolve(BUNDLED_MODEL);
    if (!Files.isRegularFile(modelDir.resolve("spec.json"))) {
      err.printf(
          "quakegraph demo: error: the bundled model is missing: %s has no spec.json."
              + " The demo needs the trained STGNN export (model-export/%s: spec.json,"
              + " encoder.params, head.params), which `quakegraph train` exports; it does not"
              + " run on untrained weights.%n",
          modelDir, BUNDLED_MODEL);
      err.flush();
      return 2;
    }
    if (archive != null && inventory == null) {
      throw new IllegalArgumentException("--archive needs --inventory");
    }
    if (archive == null && (inventory != null || catalog != null)) {
      throw new IllegalArgumentException("--inventory and --catalog go with --archive");
    }
    // the checks: one line and exit status 2 each, before a broker and a cluster are started
    if (archive != null) {
      ArchiveCheck.folder(archive, "--archive");
      InventoryCheck.folder(inventory, "--inventory");
      if (catalog != null) {
        InputFileCheck.catalog(catalog, "--catalog");
      }
    }
    if (out != null) {
      WritableCheck.folder(out, "--out");
    }
    ModelCheck.folder(modelDir, model != null ? "--model" : "the bundled model folder");
    double replaySpeed = ReplayCommand.parseSpeed(speed);

    // 1. what to replay, and the truth
    Path replayRoot;
    Path inventoryDir;
    Path catalogFile;
    Path mapFile;
    if (archive == null) {
      Path dir =
          out != null ? out : QuakeGraphHome.home().resolve("scenarios").resolve("demo-" + seed);
      PrintStream progress =
          new PrintStream(new PrintWriterStream(err), true, StandardCharsets.UTF_8);
      boolean reused = DemoScenario.ensure(dir, seed, QuakeGraphHome.defaultStations(), progress);
      w.printf("%s scenario %s (seed %d)%n", reused ? "reusing the" : "simulated the", dir, seed);
      replayRoot = dir;
      inventoryDir = dir.resolve("stations");
      catalogFile = dir.resolve("catalog.xml");
      mapFile = dir.resolve("alerts-map.png");
    } else {
      replayRoot = archive;
      inventoryDir = inventory;
      catalogFile = catalog != null ? catalog : defaultCatalog(archive).orElse(null);
      mapFile =
          (out != null ? out : Files.isWritable(archive) ? archive : Path.of("."))
              .resolve("alerts-map.png");
    }
    Inventory inv = StationXml.readDirectory(inventoryDir);
    if (inv.size() == 0) {
      throw new IllegalArgumentException("no stations in " + inventoryDir);
    }
    List<Earthquake> trueEvents =
        catalogFile == null ? List.of() : CatalogFiles.read(catalogFile).events();
    DemoTruth truth = new DemoTruth(trueEvents, inv.stations());
    w.printf(
        "%d stations, %d true events%s%n",
        inv.size(),
        trueEvents.size(),
        catalogFile == null ? " (no catalogue: alerts without truth)" : " from " + catalogFile);
    for (Earthquake e : trueEvents) {
      w.printf(
          "  true %-16s %s %8.4f %9.4f %5.1f km M%.2f%n",
          e.eventId(),
          Times.format(e.origin().timeMicros()),
          e.origin().latitude(),
          e.origin().longitude(),
          e.origin().depthKm(),
          e.magnitude());
    }
    w.flush();

    // 2. broker, job, console, follower, replay
    Integer exit = null;
    AlertBook book = new AlertBook();
    Map<String, Earthquake> matched = new LinkedHashMap<>();
    ReplayResult replay;
    JobConfig cfg;
    AtomicLong lastAlertNanos = new AtomicLong(System.nanoTime());
    try (LocalPipeline pipeline =
        LocalPipeline.builder(modelDir, inventoryDir)
            .job(b -> b.parallelism(parallelism).minTriggeredStations(minStations))
            .start()) {
      cfg = pipeline.config();
      w.printf(
          "broker %s; starting the job (model %s, parallelism %d)%n",
          pipeline.bootstrap(), modelDir.getFileName(), parallelism);
      w.flush();
      pipeline.startJob();
      double maxAge = cfg.maxEventSeconds() + 60;
      try (ConsoleServer console = startConsole(pipeline.bootstrap(), inv, err);
          AlertFollower follower =
              new AlertFollower(
                  new AlertFollower.Options(pipeline.bootstrap(), cfg.alertsTopic(), true, null))) {
        Thread follow =
            new Thread(
                () ->
                    follower.follow(
                        new AlertFollower.Listener() {
                          @Override
                          public void alert(EarthquakeAlert a, ConsumerRecord<byte[], byte[]> r) {
                            lastAlertNanos.set(System.nanoTime());
                            synchronized (book) {
                              String problem = book.add(a);
                              String id = a.getEventId();
                              if (!matched.containsKey(id)) {
                                truth.match(a, maxAge).ifPresent(e -> matched.put(id, e));
                              }
                              Earthquake e = matched.get(id);
                              synchronized (w) {
                                if (book.size() == 1) {
                                  w.println(AlertFormat.header() + "  | vs truth");
                                }
                                w.println(AlertFormat.line(a) + versus(a, e));
                                if (problem != null) {
                                  w.println("  warning: " + problem);
                                }
                                w.flush();
                              }
                            }
                          }
                        }),
                "demo-alerts");
        follow.setDaemon(true);
        follow.start();

        replay =
            pipeline.replay(
                ReplayOptions.of(replayRoot.toString()).toBuilder()
                    .speed(replaySpeed)
                    .packetSeconds(packetSeconds)
                    .progressSeconds(0)
                    .build());
        synchronized (w) {
          w.printf(
              Locale.ROOT,
              "replayed %.0f s of data: %d packets, %d dead letters, in %.1f s (x%.0f)%n",
              replay.dataSeconds(),
              replay.packets(),
              replay.deadLetters(),
              replay.wallSeconds(),
              replay.realTimeFactor());
          w.flush();
        }
        // the job is still working through the replayed packets: wait until it has committed
        // them all (its source commits offsets at each checkpoint), then until every alerted
        // event has its final version, or no alert came for the idle period
        long replayed = replay.packets();
        AtomicLong lastReport = new AtomicLong(Long.MIN_VALUE);
        Backlog.Drained drained =
            pipeline.drain(
                null,
                idle.multipliedBy(3),
                left -> {
                  long now = System.nanoTime();
                  if (lastReport.get() == Long.MIN_VALUE
                      || now - lastReport.get() > 10_000_000_000L) {
                    lastReport.set(now);
                    synchronized (w) {
                      w.printf(
                          Locale.ROOT,
                          "  job backlog: %d of %d packets (%.0f s)%n",
                          left,
                          replayed,
                          (now - t0) / 1e9);
                      w.flush();
                    }
                  }
                });
        if (!drained.complete()) {
          synchronized (w) {
            w.printf(
                "the job made no progress for %d s; %d packets left%n",
                idle.toSeconds() * 3, drained.left());
          }
        }
        lastAlertNanos.set(Math.max(lastAlertNanos.get(), System.nanoTime()));
        while (System.nanoTime() - lastAlertNanos.get() < idle.toNanos()) {
          synchronized (book) {
            boolean allFinal =
                !book.events().isEmpty()
                    && book.finals().size() == book.events().size()
                    && matched.values().stream().distinct().count() >= trueEvents.size();
            if (allFinal) {
              break;
            }
          }
          Thread.sleep(200);
        }
        follower.stop();
        follow.join(5000);
        if (keepConsole && console != null) {
          synchronized (book) {
            exit =
                report(
                    w,
                    book,
                    matched,
                    truth,
                    cfg,
                    replay,
                    mapFile,
                    modelDir,
                    replayRoot,
                    inv,
                    trueEvents,
                    t0);
          }
          w.printf(
              "console stays open at %s with the broker; Ctrl-C ends the demo%n", console.url());
          w.flush();
          awaitCtrlC();
        }
      } finally {
        // Wait for the job to stop before the broker does, so its Kafka clients close cleanly.
        try {
          pipeline.stopJob(Duration.ofSeconds(60));
        } catch (Exception e) {
          err.printf("quakegraph demo: the job did not stop cleanly: %s%n", e);
        }
      }
    }

    // 3. summary and map (already written when the console was kept open)
    if (exit != null) {
      stopped.countDown();
      return exit;
    }
    synchronized (book) {
      return report(
          w, book, matched, truth, cfg, replay, mapFile, modelDir, replayRoot, inv, trueEvents, t0);
    }
  }

  /** The summary, the PNG map and the final alerts as QuakeML; the exit code. */
  private int report(
      PrintWriter w,
      AlertBook book,
      Map<String, Earthquake> matched,
      DemoTruth truth,
      JobConfig cfg,
      ReplayResult replay,
      Path mapFile,
      Path modelDir,
      Path replayRoot,
      Inventory inv,
      List<Earthquake> trueEvents,
      long t0)
      throws java.io.IOException {
    summarise(w, book, matched, truth, cfg, replay);
    Map<String, List<EarthquakeAlert>> versions = new LinkedHashMap<>();
    for (String id : book.events()) {
      versions.put(id, book.versions(id));
    }
    Path png =
        AlertMap.write(
            mapFile,
            "QuakeGraph demo: alerts of "
                + modelDir.getFileName()
                + " ("
                + replayRoot.getFileName()
                + ")",
            inv.stations(),
            trueEvents,
            versions,
            matched);
    if (!book.finals().isEmpty()) {
      QuakeMl.write(
          book.finals().stream().map(AlertBook::toEarthquake).toList(),
          png.resolveSibling("alerts-final.xml"),
          "smi:quakegraph/eew/" + modelDir.getFileName());
    }
    w.printf("map: %s%n", png);
    w.printf(Locale.ROOT, "demo took %.0f s%n", (System.nanoTime() - t0) / 1e9);
    w.flush();
    return book.problems().isEmpty() ? 0 : 1;
  }

  /**
   * The operator console on the demo's broker, on {@code --console-port} or, if that is taken, a
   * free port; null (with a note) if it cannot start, since the demo does not need it.
   */
  private ConsoleServer startConsole(String bootstrap, Inventory inv, PrintWriter err) {
    PrintWriter w = spec.commandLine().getOut();
    for (int port : new int[] {consolePort, 0}) {
      try {
        ConsoleServer c =
            ConsoleServer.start(
                new ConsoleServer.Options(
                    bootstrap,
                    "127.0.0.1",
                    port,
                    inv.stations(),
                    null,
                    Duration.ofSeconds(10),
                    Topics.ALERTS,
                    Topics.PICKS,
                    Topics.PACKETS));
        synchronized (w) {
          w.printf(
              "console: %s (open it in a browser to watch the events unfold%s)%n",
              c.url(), keepConsole ? "" : "; --console keeps it open after the replay");
          w.flush();
        }
        return c;
      } catch (java.io.IOException e) {
        if (port == 0) {
          err.printf("quakegraph demo: no console: %s%n", e);
        }
      }
    }
    return null;
  }

  /** Counted down when the demo has stopped the job and the broker after a Ctrl-C. */
  private final java.util.concurrent.CountDownLatch stopped =
      new java.util.concurrent.CountDownLatch(1);

  /** Blocks until Ctrl-C; the demo then stops the job and the broker as usual. */
  private void awaitCtrlC() throws InterruptedException {
    java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    // let the demo cancel the job and stop the broker before the JVM ends
                    stopped.await(60, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "demo-console-shutdown"));
    stop.await();
  }

  private static String versus(EarthquakeAlert a, Earthquake e) {
    if (e == null) {
      return "  | no true event";
    }
    DemoTruth.Errors err = DemoTruth.errors(a, e);
    return String.format(
        Locale.ROOT,
        "  | %s M%.1f: Δepi %5.1f km Δz %+5.1f km ΔM %+.2f",
        e.eventId(),
        e.magnitude(),
        err.epicentreKm(),
        err.depthKm(),
        err.magnitude());
  }

  private void summarise(
      PrintWriter w,
      AlertBook book,
      Map<String, Earthquake> matched,
      DemoTruth truth,
      JobConfig cfg,
      ReplayResult replay)
      throws IOException {
    // what a step of the scenario's 100-Hz channels waits for past its time
    double reachSeconds =
        StationWindowCutter.dataPastStepMicros(
                100.0, ModelInfo.read(cfg.modelDir()).spec().sampleRate())
            / 1e6;
    w.println();
    w.println("summary");
    w.printf(
        "  %-18s %5s %-20s %4s %8s %8s %8s %8s %7s %8s%n",
        "true event",
        "M",
        "alert event",
        "vers",
        "1st (s)",
        "floor(s)",
        "Δepi km",
        "Δz km",
        "ΔM",
        "inside");
    int alerted = 0;
    for (Earthquake e : truth.events()) {
      List<String> ids =
          matched.entrySet().stream()
              .filter(m -> m.getValue() == e)
              .map(Map.Entry::getKey)
              .toList();
      double floor = truth.floorSeconds(e, cfg.minTriggeredStations(), packetSeconds);
      boolean inside = truth.insideNetwork(e.origin().latitude(), e.origin().longitude());
      if (ids.isEmpty()) {
        w.printf(
            Locale.ROOT,
            "  %-18s %5.2f %-20s %4s %8s %8.1f %8s %8s %7s %8s%n",
            e.eventId(),
            e.magnitude(),
            "(no alert)",
            "-",
            "-",
            floor,
            "-",
            "-",
            "-",
            inside ? "yes" : "no");
        continue;
      }
      alerted++;
      for (String id : ids) {
        List<EarthquakeAlert> v = book.versions(id);
        EarthquakeAlert first = v.get(0);
        EarthquakeAlert last = v.get(v.size() - 1);
        long completed =
            DemoTruth.completingPacketEndMicros(
                Times.micros(first.getDataTime()), packetSeconds, reachSeconds);
        double firstS = (completed - e.origin().timeMicros()) / 1e6;
        DemoTruth.Errors err = DemoTruth.errors(last, e);
        w.printf(
            Locale.ROOT,
            "  %-18s %5.2f %-20s %4d %8.1f %8.1f %8.1f %+8.1f %+7.2f %8s%s%n",
            e.eventId(),
            e.magnitude(),
            id,
            v.size(),
            firstS,
            floor,
            err.epicentreKm(),
            err.depthKm(),
            err.magnitude(),
            inside ? "yes" : "no",
            last.getFinalEstimate() ? "" : "  (no final version)");
      }
    }
    long unmatched = book.events().stream().filter(id -> !matched.containsKey(id)).count();
    w.printf(
        "  %d of %d true events alerted; %d alert events; %d alert events matched no true event%n",
        alerted, truth.events().size(), book.events().size(), unmatched);
    w.println(
        "  1st = end of the packet that completed the first alert's step - origin (its data"
            + " reach past the step by the resampler's "
            + String.format(Locale.ROOT, "%.2f", reachSeconds)
            + " s); floor = P travel time to the "
            + cfg.minTriggeredStations()
            + "th nearest station + packet length. Add the job's processing latency (bench stream)"
            + " for a live feed.");
    List<Long> lat = new ArrayList<>();
    for (String id : book.events()) {
      for (EarthquakeAlert a : book.versions(id)) {
        lat.add(a.getLatencyMs());
      }
    }
    if (!lat.isEmpty()) {
      lat.sort(null);
      w.printf(
          "  alert latency field (newest packet received -> alert issued, inflated by a replay at"
              + " speed x%.0f): p50 %d ms, max %d ms%n",
          replay.realTimeFactor(), lat.get(lat.size() / 2), lat.get(lat.size() - 1));
    }
    if (!book.problems().isEmpty()) {
      w.println("  version problems: " + book.problems());
    }
  }

  private static Optional<Path> defaultCatalog(Path archive) {
    for (String name : List.of("catalog.xml", "event.json")) {
      Path p = archive.resolve(name);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
