package io.quakegraph.bench;

import io.quakegraph.dataset.CatalogFiles;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.StationWindowCutter;
import io.quakegraph.demo.Backlog;
import io.quakegraph.demo.DemoScenario;
import io.quakegraph.demo.DemoTruth;
import io.quakegraph.demo.LocalPipeline;
import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.Replayer;
import io.quakegraph.ingest.replay.Selection;
import io.quakegraph.ops.Folders;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.NetworkHull;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.stream.AlertDelivery;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.PipelineStage;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import io.quakegraph.synth.SyntheticEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code quakegraph bench stream}: how the early-warning job keeps up and how fast it alerts, with
 * every part real and in this process ({@link LocalPipeline}): the in-process Kafka broker, the job
 * in a local MiniCluster with the exported model, a paced replay of a simulated archive through the
 * ingest validator, and two alert consumers (a raw one for the broker's append times, and the
 * project's own {@link io.quakegraph.stream.alerts.AlertConsumer} for the time a user's code gets
 * the alert).
 *
 * <ol>
 *   <li><b>Station counts kept in real time.</b> For each count, a scenario on that many stations
 *       ({@link SyntheticStationSet}: real CI stations, then synthetic ones inside the network)
 *       with a few M4-5 earthquakes, so that the graph head runs at most steps and alerts flow,
 *       replayed at real time as 1-s packets of the three HH channels at 100 Hz. A warm-up (the
 *       job's first windows need the conditioning pad and a full window of data) is not measured.
 *       The lag of each alert behind the data's real-time schedule is judged by {@link
 *       RealTimeVerdict}. Each count's run is recorded by Flight Recorder ({@link StageProfile}):
 *       CPU-seconds per station per data-second of each stage of the job. Each scenario's
 *       earthquakes are timed from origin to first alert against their floor, as in part 3.
 *   <li><b>Packet to alert.</b> For each alert of the run at the latency station count, the time
 *       from the packet that completed its step (the last packet holding a sample at the step's
 *       time, see {@link PacketTimeline}) entering Kafka (broker append time) to the alert's record
 *       being appended by the job, and to the shipped consumer receiving it.
 *   <li><b>Origin to first alert on the demo's events</b> ({@link DemoScenario}), replayed like the
 *       demo (all channels, 1-s packets) at real time, next to the physical floor ({@link
 *       DemoTruth#floorSeconds}). At another speed the real-time figure is computed as (data time
 *       of the first alert - origin) + the median lag measured at real time in part 2.
 * </ol>
 */
public final class StreamBenchmark {
  /** Start of every simulated benchmark scenario (as the demo's: a quiet hour of 2019). */
  static final String START = DemoScenario.START;

  /** Scenario time after the replayed span, so that overlapping events' origins can fall late. */
  private static final double TAIL_SECONDS = 150;

  /**
   * Data replayed past the measured interval, so the interval's last steps are completed by data
   * and the alerts of its last earthquakes are sent.
   */
  private static final double RELEASE_TAIL_SECONDS = 10;

  /** Alerts of an event must come before the end of the third its origin was chosen in. */
  private static final double EVENT_MARGIN_SECONDS = 15;

  private StreamBenchmark() {}

  /**
   * What to run.
   *
   * @param model exported model folder
   * @param stationsFile the real station file (SCEDC channel epochs)
   * @param work folder for simulated scenarios and checkpoints
   * @param demoDir the demo scenario folder (made by the demo's own code when absent)
   * @param counts station counts of the sweep
   * @param warmupSeconds replayed data before the measured interval, s
   * @param measureSeconds measured interval, s
   * @param events earthquakes per sweep scenario
   * @param seed seed of the synthetic stations and of the scenarios' events
   * @param parallelism parallelism of the job's station stage
   * @param latencyStations the count whose run gives the packet-to-alert figures
   * @param demo whether to run part 3
   * @param demoSeed seed of the demo scenario
   * @param demoSpeed replay speed of part 3
   * @param verdict what counts as kept in real time
   */
  public record Options(
      Path model,
      Path stationsFile,
      Path work,
      Path demoDir,
      List<Integer> counts,
      double warmupSeconds,
      double measureSeconds,
      int events,
      long seed,
      int parallelism,
      int latencyStations,
      boolean demo,
      long demoSeed,
      double demoSpeed,
      RealTimeVerdict verdict) {
    public Options {
      counts = List.copyOf(counts);
      if (counts.isEmpty() || counts.stream().anyMatch(c -> c < 4)) {
        throw new IllegalArgumentException("station counts must be >= 4: " + counts);
      }
      if (!(warmupSeconds >= 0) || !(measureSeconds >= 30)) {
        throw new IllegalArgumentException(
            "warm-up must be >= 0 s and the measured interval >= 30 s");
      }
      if (events < 3) {
        throw new IllegalArgumentException("at least 3 events (one per third of the interval)");
      }
      if (!(demoSpeed > 0)) {
        throw new IllegalArgumentException("demo speed must be positive: " + demoSpeed);
      }
    }

    /** The station counts to run: the sweep's, plus the latency count when it is not among them. */
    List<Integer> runCounts() {
      List<Integer> all = new ArrayList<>(counts);
      if (!all.contains(latencyStations)) {
        all.add(0, latencyStations);
      }
      return all;
    }
  }

  /**
   * The times of part 2 (and, per count, its processing column), ms.
   *
   * @param completeToWritten packet completing the step appended -> alert appended by the job
   * @param completeToReceived packet completing the step appended -> alert received by the shipped
   *     consumer
   * @param scheduleToWritten the lag: data time of the step + schedule offset -> alert appended
   * @param scheduleToReceived data time of the step + schedule offset -> alert received
   */
  public record StepLatency(
      LatencySummary completeToWritten,
      LatencySummary completeToReceived,
      LatencySummary scheduleToWritten,
      LatencySummary scheduleToReceived) {}

  /**
   * One station count.
   *
   * @param stations stations in the inventory
   * @param packets packets replayed in the measured interval
   * @param packetsPerSecond packets per data second
   * @param feedDelayMs the replay's lateness against its schedule (measured interval), ms
   * @param latency step latencies, ms (measured interval)
   * @param drainS time from the last packet to the job's input being worked through, s
   * @param outcome the verdict
   * @param deadLetters replay dead letters (0 expected)
   * @param firstAlerts origin to first alert of the scenario's earthquakes
   * @param profile CPU per stage (Flight Recorder) over the measured interval
   */
  public record CountRun(
      int stations,
      int packets,
      double packetsPerSecond,
      LatencySummary feedDelayMs,
      StepLatency latency,
      double drainS,
      RealTimeVerdict.Outcome outcome,
      long deadLetters,
      List<FirstAlert> firstAlerts,
      StageProfile profile) {}

  /**
   * Origin to first alert of one demo event.
   *
   * @param eventId the true event
   * @param magnitude its magnitude
   * @param inside whether its epicentre is inside the stations' hull
   * @param alertEventId the job's event id of the first alert (null when none)
   * @param versions versions of that alert event
   * @param dataS data time of the first alert - origin, s
   * @param writtenS origin -> first alert appended by the job, real time, s
   * @param receivedS origin -> first alert received by the shipped consumer, real time, s
   * @param floorS P travel time to the 4th station + packet length, s
   */
  public record FirstAlert(
      String eventId,
      double magnitude,
      boolean inside,
      String alertEventId,
      int versions,
      double dataS,
      double writtenS,
      double receivedS,
      double floorS) {

    /** Received - floor, s (NaN without an alert). */
    public double overFloorS() {
      return receivedS - floorS;
    }
  }

  /**
   * Part 3.
   *
   * @param scenario the demo scenario folder
   * @param speed replay speed
   * @param events per true event
   */
  public record DemoRun(Path scenario, double speed, List<FirstAlert> events) {}

  /**
   * Everything measured.
   *
   * @param options what was run
   * @param loadBefore 1-min load average before the benchmark started
   * @param runs one per station count, in run order
   * @param demo part 3 (null when skipped)
   * @param delivery the job's alert delivery
   */
  public record Result(
      Options options,
      double loadBefore,
      List<CountRun> runs,
      DemoRun demo,
      AlertDelivery delivery) {

    /** The run of a station count. */
    public Optional<CountRun> run(int stations) {
      return runs.stream().filter(r -> r.stations() == stations).findFirst();
    }

    /** The largest count kept in real time (0 when none was). */
    public int largestKept() {
      return runs.stream()
          .filter(r -> r.outcome().kept())
          .mapToInt(CountRun::stations)
          .max()
          .orElse(0);
    }

    /** Received - floor of every sweep earthquake that was alerted, s. */
    public double[] sweepOverFloorS() {
      return runs.stream()
          .flatMap(r -> r.firstAlerts().stream())
          .mapToDouble(FirstAlert::overFloorS)
          .filter(v -> !Double.isNaN(v))
          .toArray();
    }

    /** The BENCHMARKS.md section body. */
    public String markdown() {
      StringBuilder sb = new StringBuilder();
      Options o = options;
      sb.append(
          String.format(
              Locale.ROOT,
              "Everything in one JVM: in-process KRaft broker, the `eew` job in a local MiniCluster"
                  + " (`LocalPipeline`, station-stage parallelism %d, JobConfig defaults: 1 s step"
                  + " at half past the second, a station's step computed once all its channels"
                  + " have the data its window reaches (0.46 s past the step) and a"
                  + " graph step once every station of the previous step has delivered it, or"
                  + " on a live feed its triggered stations and 90 %% of the others have and 250 ms"
                  + " more passed, alerts sent %s), model `%s`, the replay (`Replayer`, 1-s Steim-2 packets, validator,"
                  + " idempotent producer) paced at real time, and two alert consumers: a raw one"
                  + " reading the broker's append times and the shipped `AlertConsumer` (de-duplicated,"
                  + " read_committed). 1-min load average before the run: **%.1f** (%d cores; the"
                  + " replay, broker and consumers share them with the job).%n%n",
              o.parallelism(),
              delivery == AlertDelivery.AT_LEAST_ONCE
                  ? "at once (at-least-once delivery)"
                  : "in transactions committed at each checkpoint (exactly-once delivery)",
              o.model().getFileName(),
              loadBefore,
              Runtime.getRuntime().availableProcessors()));
      sb.append("### Stations kept in real time\n\n");
      sb.append(
          String.format(
              Locale.ROOT,
              "Per count: a simulated scenario (`synth`, no imperfections) on the real CI stations"
                  + " nearest the network's centre, and above their number the synthetic stations of"
                  + " `SyntheticStationSet` (network SY, seed %d, uniform inside the real stations'"
                  + " hull, >= 3 km apart), with %d M4-5 earthquakes inside the stations' hull,"
                  + " overlap allowed, at least"
                  + " one starting in each third of the measured interval (so the graph head runs at"
                  + " most steps and alerts flow); 3 channels"
                  + " (HH?) x 100 Hz per station. %.0f s of warm-up (conditioning pad and first"
                  + " window), then %.0f s measured.%n%n",
              o.seed(),
              o.events(),
              o.warmupSeconds(),
              o.measureSeconds()));
      sb.append(
          "| stations | packets/s | feed late p99 | alerts | lag p50 | lag p99 | lag growth |"
              + " drain | completing packet → received p50 / p99 | kept |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
      for (CountRun r : runs) {
        StepLatency l = r.latency();
        sb.append(
            String.format(
                Locale.ROOT,
                "| %d | %.0f | %s | %d | %s | %s | %s | %s | %s / %s | %s |%n",
                r.stations(),
                r.packetsPerSecond(),
                ms(r.feedDelayMs().p99()),
                l.scheduleToWritten().count(),
                seconds(l.scheduleToWritten().p50() / 1e3),
                seconds(l.scheduleToWritten().p99() / 1e3),
                Double.isNaN(r.outcome().growthS())
                    ? "-"
                    : String.format(Locale.ROOT, "%+.2f s", r.outcome().growthS()),
                Double.isInfinite(r.drainS()) ? "> limit" : seconds(r.drainS()),
                ms(l.completeToReceived().p50()),
                ms(l.completeToReceived().p99()),
                r.outcome().kept() ? "**yes**" : "no (" + r.outcome().reason() + ")"));
      }
      long dead = runs.stream().mapToLong(CountRun::deadLetters).sum();
      if (dead > 0) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%nThe replay's validator dead-lettered %d records of the simulated archives.%n",
                dead));
      }
      int kept = largestKept();
      sb.append(
          String.format(
              Locale.ROOT,
              "%n**Largest count kept in real time: %s** (target >= 2,000 stations x 3 channels x"
                  + " 100 Hz).%n%n",
              kept == 0 ? "none of those tried" : Integer.toString(kept)));
      RealTimeVerdict v = o.verdict();
      sb.append(
          String.format(
              Locale.ROOT,
              "Lag of step t = (broker append time of the alert whose data time is t) - (t +"
                  + " schedule offset), where the schedule offset is the median of (append time -"
                  + " data end) over the replayed packets: how long after the data of time t was"
                  + " delivered live the job wrote the estimate ending at t. It includes the wait"
                  + " for the packet holding the data the window needs past t (0.5 s with 1-s"
                  + " packets: step t + 0.5 s is completed by the packet ending at t + 1 s)"
                  + " and the processing. Kept = the median lag of the last third of the interval"
                  + " exceeds the first third's by < %.1f s (not growing), p99 lag < %.0f s, and"
                  + " the job's committed source offsets reach the end of the packet topic within"
                  + " %.0f s of the last packet (drain). Feed late = how far the replay itself fell"
                  + " behind its schedule. Completing packet: see below.%n%n",
              v.maxGrowthS(),
              v.maxLagS(),
              v.maxDrainS()));
      profileTable(sb);
      firstAlertTable(sb);
      run(o.latencyStations())
          .ifPresent(
              r -> {
                StepLatency l = r.latency();
                sb.append(
                    String.format(
                        Locale.ROOT, "### Packet to alert at %d stations%n%n", r.stations()));
                sb.append("| from (broker append time) | to | alerts | p50 | p99 | max |\n");
                sb.append("|---|---|---|---|---|---|\n");
                row(
                    sb,
                    "packet that completed the step",
                    "alert written by the job",
                    l.completeToWritten(),
                    false);
                row(
                    sb,
                    "packet that completed the step",
                    "alert received by `AlertConsumer`",
                    l.completeToReceived(),
                    true);
                sb.append(
                    "\nTarget: p99 <= 100 ms at 185 stations (<= 250 ms at 1,000; the sweep"
                        + " table's column) for the second row. The packet that completes step t"
                        + " is the last packet, over all stations, holding the sample at t + 0.46"
                        + " s (start <= t + 0.46 s < end): the job computes a station's window for"
                        + " t (which ends one 50-Hz sample after t) once all its channels have"
                        + " data past its end by the resampler's reach (0.44 s from 100 Hz to the"
                        + " model's 50 Hz; the steps lie half a second"
                        + " after the whole seconds, so the 1-s packet ending on the next whole"
                        + " second completes a step), and the graph at t once every station of"
                        + " the previous step has sent its window for t, or its triggered"
                        + " stations and 90 % of the others have and 250 ms more passed on a live feed (a"
                        + " straggler's window goes out with the next step; a station that stays"
                        + " silent drops out until it is back). \"Written\" = the alert record's broker append time"
                        + " (LogAppendTime). \"Received\" = the moment the project's"
                        + " `AlertConsumer` hands the version to its callback (same clock).\n\n");
              });
      demoTable(sb);
      return sb.toString();
    }

    private void profileTable(StringBuilder sb) {
      List<CountRun> profiled = runs.stream().filter(r -> !r.profile().stages().isEmpty()).toList();
      if (profiled.isEmpty()) {
        return;
      }
      sb.append("### CPU per stage (Flight Recorder)\n\n");
      sb.append("| stage |");
      profiled.forEach(r -> sb.append(" ").append(r.stations()).append(" stations |"));
      sb.append("\n|---|");
      profiled.forEach(r -> sb.append("---|"));
      sb.append("\n");
      for (PipelineStage p : PipelineStage.values()) {
        sb.append("| ").append(p.label()).append(" |");
        for (CountRun r : profiled) {
          sb.append(" ").append(micro(r.profile().perStationSecond(p))).append(" |");
        }
        sb.append("\n");
      }
      sb.append("| **all stages** |");
      profiled.forEach(
          r -> sb.append(" **").append(micro(r.profile().totalPerStationSecond())).append("** |"));
      sb.append("\n| cores busy in real time |");
      profiled.forEach(r -> sb.append(String.format(Locale.ROOT, " %.2f |", r.profile().cores())));
      sb.append(
          "\n\nCPU-µs per station per data-second: the thread CPU time each stage spent on the"
              + " work for the measured interval's data (`StageWork` events, one per packet,"
              + " station step, encoder batch or head step, each with its data time), divided by"
              + " stations x measured seconds. Thread CPU time counts the encoder's native"
              + " (PyTorch) time, which Flight Recorder's method sampler does not see, and is not"
              + " stretched by a busy machine, so it can be compared run to run: the job's cost"
              + " at N stations in real time is about N x the total in CPU-µs per second. Decode ="
              + " a packet's parsing, checks and Steim decoding (once per record) plus, at each"
              + " step, the scan of the station's held records and their assembly into traces;"
              + " conditioning = the window's response removal, rotation,"
              + " resampling and features; head = association, graph head and fusion (the head"
              + " works per step for the whole network, so its figure per station falls as"
              + " stations are added). Not in the stages: Kafka source and sink, Flink's own"
              + " work, the replay and the broker.\n\n");
    }

    private void firstAlertTable(StringBuilder sb) {
      List<FirstAlert> all = runs.stream().flatMap(r -> r.firstAlerts().stream()).toList();
      if (all.isEmpty()) {
        return;
      }
      double[] over = sweepOverFloorS();
      LatencySummary s = LatencySummary.of(over);
      sb.append("### Origin to first alert on the sweep's earthquakes\n\n");
      sb.append("| stations | earthquakes | alerted | received - floor p50 | p99 | max |\n");
      sb.append("|---|---|---|---|---|---|\n");
      for (CountRun r : runs) {
        double[] o =
            r.firstAlerts().stream()
                .mapToDouble(FirstAlert::overFloorS)
                .filter(x -> !Double.isNaN(x))
                .toArray();
        LatencySummary l = LatencySummary.of(o);
        sb.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %d | %s | %s | %s |%n",
                r.stations(),
                r.firstAlerts().size(),
                o.length,
                signed(l.p50()),
                signed(l.p99()),
                signed(l.max())));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| **all** | %d | %d | %s | **%s** | %s |%n%n",
              all.size(),
              over.length,
              signed(s.p50()),
              signed(s.p99()),
              signed(s.max())));
      sb.append(
          "Target: p99 <= floor + 1 s over >= 20 synthetic earthquakes. Received = origin → the"
              + " shipped `AlertConsumer` receiving the event's first version (real time); floor ="
              + " P travel time to the 4th nearest station + the 1-s packet, as below. An"
              + " earthquake overlapping another may share its alert event; one that was never"
              + " alerted counts in \"earthquakes\", not in \"alerted\". \"Earthquakes\" are the"
              + " scenario's whose floor falls within the replayed data (the others could not be"
              + " alerted by it).\n\n");
    }

    private void demoTable(StringBuilder sb) {
      if (demo == null) {
        return;
      }
      boolean real = demo.speed() == 1.0;
      sb.append("### Origin to first alert on the demo's events\n\n");
      sb.append(
          String.format(
              Locale.ROOT,
              "`quakegraph demo`'s scenario (%s: %d CI stations, all 6 channels replayed as 1-s"
                  + " packets) at %s.%n%n",
              demo.scenario().getFileName(),
              DemoScenario.STATIONS,
              real ? "real time (x1)" : "x" + fmt(demo.speed())));
      sb.append(
          "| true event | M | inside | alert event | versions | data time of 1st alert -"
              + " origin | origin → alert written | origin → alert received | floor | received -"
              + " floor |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
      boolean early = false;
      for (FirstAlert f : demo.events()) {
        // a step before the 4th P onset means the event opened on other triggers as well
        boolean beforeFloor = f.dataS() < f.floorS() - 1.0;
        early |= beforeFloor;
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %s | %s | %d | %s%s | %s | **%s** | %s | %s |%n",
                f.eventId(),
                f.magnitude(),
                f.inside() ? "yes" : "no",
                f.alertEventId() == null ? "(no alert)" : "`" + f.alertEventId() + "`",
                f.versions(),
                seconds(f.dataS()),
                beforeFloor ? " †" : "",
                seconds(f.writtenS()),
                seconds(f.receivedS()),
                seconds(f.floorS()),
                signed(f.overFloorS())));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%nTarget: received <= floor + 0.5 s on every demo event. Floor = P travel time"
                  + " (Hadley-Kanamori) to the 4th nearest station + the 1-s packet"
                  + " (`DemoTruth.floorSeconds`): no alert from 4 triggers can come earlier. %s%n",
              real
                  ? "Origin → alert = alert time - (origin + schedule offset), measured at real"
                      + " time."
                  : "Replayed faster than real time, so origin → alert is computed: (data time"
                      + " of the first alert - origin) + the median lag measured at real time"
                      + " above (to written, resp. to received)."));
      if (early) {
        sb.append(
            "\n† The step of the first alert lies before the 4th station's P onset: the event was"
                + " opened on fewer than 4 P onsets, the association having counted other"
                + " triggers (noise, or a station's timing offset in the demo's imperfections)"
                + " as this event's; the job logs the triggers an event opened with.\n");
      }
    }

    private static void row(
        StringBuilder sb, String from, String to, LatencySummary s, boolean bold) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %s | %s | %s |%n",
              from,
              to,
              s.count(),
              ms(s.p50()),
              bold ? "**" + ms(s.p99()) + "**" : ms(s.p99()),
              ms(s.max())));
    }
  }

  /** Runs the benchmark; progress lines go to {@code out}. */
  public static Result run(Options o, PrintStream out) throws Exception {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Files.createDirectories(o.work());
    List<CountRun> runs = new ArrayList<>();
    JobConfig probe = JobConfig.defaults("localhost:0", o.model(), o.work());
    for (int count : o.runCounts()) {
      try {
        runs.add(countRun(o, count, out));
      } catch (Exception | OutOfMemoryError e) {
        // a count the machine cannot run at all is a result too; the others still run
        out.printf("bench stream: %d stations failed: %s%n", count, e);
        runs.add(failed(count, e));
      }
    }
    DemoRun demo = null;
    if (o.demo()) {
      CountRun latency =
          runs.stream().filter(r -> r.stations() == o.latencyStations()).findFirst().orElseThrow();
      demo = demoRun(o, latency.latency(), out);
    }
    return new Result(o, load, runs, demo, probe.delivery());
  }

  /**
   * Simulates (or finds) every scenario the benchmark replays, without running anything: the
   * simulation is deterministic and done once, so it need not share the machine with a measurement.
   *
   * @return the scenario folders, the sweep's in count order, then the demo's (when part 3 runs)
   */
  public static List<Path> prepare(Options o, PrintStream out) throws IOException {
    Files.createDirectories(o.work());
    List<Path> dirs = new ArrayList<>();
    for (int count : o.runCounts()) {
      dirs.add(sweepScenario(o, count, out));
    }
    if (o.demo()) {
      DemoScenario.ensure(o.demoDir(), o.demoSeed(), o.stationsFile(), out);
      dirs.add(o.demoDir());
    }
    return dirs;
  }

  /** One station count of the sweep. */
  static CountRun countRun(Options o, int count, PrintStream out) throws Exception {
    Path dir = sweepScenario(o, count, out);
    long start = Times.parse(START);
    long from = start + micros(o.warmupSeconds());
    long to = from + micros(o.measureSeconds());
    long end = to + micros(RELEASE_TAIL_SECONDS);
    Selection sel = new Selection(start, end, List.of(), List.of("HH?"));
    out.printf(
        Locale.ROOT,
        "bench stream: %d stations, replaying %.0f s at real time (%.0f s warm-up)%n",
        count,
        (to - start) / 1e6,
        o.warmupSeconds());
    Session s = session(o, dir, dir.resolve("stations"), sel, end, 1.0, "stream " + count, out);
    StepLatency latency = latency(s, from, to);
    long[] steps = s.steps(from, to);
    double[] lags = s.lagsSeconds(from, to);
    RealTimeVerdict.Outcome outcome = o.verdict().judge(steps, lags, from, to, s.drainS());
    int packets = s.timeline().countEnding(from, to);
    StageProfile profile = StageProfile.read(s.recording(), from, to, s.stations());
    List<FirstAlert> firsts =
        firstAlerts(
            s.sightings(), truth(dir), s.cfg(), s.timeline().scheduleOffsetMicros(), latency, end);
    CountRun r =
        new CountRun(
            s.stations(),
            packets,
            packets / o.measureSeconds(),
            LatencySummary.of(s.timeline().feedDelaysMillis(from, to)),
            latency,
            s.drainS(),
            outcome,
            s.deadLetters(),
            firsts,
            profile);
    out.printf(
        Locale.ROOT,
        "bench stream: %d stations: lag p50 %.2f s p99 %.2f s (%d alerts), growth %s, drain %s,"
            + " completing packet->received p50 %.0f ms p99 %.0f ms, CPU %.0f µs per station-s,"
            + " first alerts over floor %s: %s%n",
        r.stations(),
        latency.scheduleToWritten().p50() / 1e3,
        latency.scheduleToWritten().p99() / 1e3,
        latency.scheduleToWritten().count(),
        Double.isNaN(outcome.growthS())
            ? "-"
            : String.format(Locale.ROOT, "%+.2f s", outcome.growthS()),
        Double.isInfinite(s.drainS())
            ? "> limit"
            : String.format(Locale.ROOT, "%.1f s", s.drainS()),
        latency.completeToReceived().p50(),
        latency.completeToReceived().p99(),
        profile.totalPerStationSecond() * 1e6,
        firsts.stream().map(f -> signed(f.overFloorS())).toList(),
        outcome.kept() ? "kept" : "NOT kept: " + outcome.reason());
    return r;
  }

  /** The record of a count whose run failed. */
  private static CountRun failed(int count, Throwable e) {
    LatencySummary none = LatencySummary.EMPTY;
    return new CountRun(
        count,
        0,
        Double.NaN,
        none,
        new StepLatency(none, none, none, none),
        Double.POSITIVE_INFINITY,
        new RealTimeVerdict.Outcome(false, Double.NaN, "run failed: " + e.getMessage()),
        0,
        List.of(),
        StageProfile.none(count));
  }

  /**
   * How far past step t the data of its completing packet reach: the job computes a station's
   * window for t, which ends one model sample after t, once its data reach past that end by the
   * resampler's reach (from the replay's 100-Hz channels to the model rate).
   */
  static final long STEP_REACH_MICROS =
      StationWindowCutter.dataPastStepMicros(100.0, ModelInputSpec.DEFAULT.sampleRate());

  /** The step latencies of a session's alerts whose step lies in [from, to). */
  static StepLatency latency(Session s, long from, long to) {
    long offset = s.timeline().scheduleOffsetMicros();
    List<Double> doneW = new ArrayList<>();
    List<Double> doneR = new ArrayList<>();
    List<Double> schW = new ArrayList<>();
    List<Double> schR = new ArrayList<>();
    for (AlertWatch.Sighting a : s.sightings()) {
      long t = a.stepMicros();
      if (t < from || t >= to) {
        continue;
      }
      long due = Math.floorDiv(t + offset, 1000);
      long complete = s.timeline().lastDataMillis(t + STEP_REACH_MICROS);
      if (a.writtenMillis() != Long.MIN_VALUE) {
        schW.add((double) (a.writtenMillis() - due));
        if (complete != Long.MIN_VALUE) {
          doneW.add((double) (a.writtenMillis() - complete));
        }
      }
      if (a.receivedMillis() != Long.MIN_VALUE) {
        schR.add((double) (a.receivedMillis() - due));
        if (complete != Long.MIN_VALUE) {
          doneR.add((double) (a.receivedMillis() - complete));
        }
      }
    }
    return new StepLatency(summary(doneW), summary(doneR), summary(schW), summary(schR));
  }

  /** Part 3: the demo scenario through the job, first alert per true event. */
  static DemoRun demoRun(Options o, StepLatency realTime, PrintStream out) throws Exception {
    Path dir = o.demoDir();
    boolean reused = DemoScenario.ensure(dir, o.demoSeed(), o.stationsFile(), out);
    out.printf(
        Locale.ROOT,
        "bench stream: demo scenario %s (%s), replaying at x%s%n",
        dir,
        reused ? "reused" : "simulated",
        fmt(o.demoSpeed()));
    Session s =
        session(
            o,
            dir,
            dir.resolve("stations"),
            Selection.ALL,
            Long.MAX_VALUE,
            o.demoSpeed(),
            "demo",
            out);
    return new DemoRun(
        dir,
        o.demoSpeed(),
        firstAlerts(
            s.sightings(),
            truth(dir),
            s.cfg(),
            o.demoSpeed() == 1.0 ? s.timeline().scheduleOffsetMicros() : null,
            realTime,
            Long.MAX_VALUE));
  }

  /** The true earthquakes of a scenario folder and its stations. */
  static DemoTruth truth(Path scenario) throws IOException {
    Inventory inv = StationXml.readDirectory(scenario.resolve("stations"));
    List<Earthquake> events = CatalogFiles.read(scenario.resolve("catalog.xml")).events();
    return new DemoTruth(events, inv.stations());
  }

  /**
   * The first alert of each true event whose floor falls within the replayed data.
   *
   * @param offsetMicros the replay's schedule offset at real time, or null when the replay was
   *     faster (the real-time figures are then data time + the median lags of {@code realTime})
   * @param dataEndMicros end of the replayed data: an earthquake whose floor (origin + P at the 4th
   *     station + the packet) is later could not be alerted by it and is left out
   */
  static List<FirstAlert> firstAlerts(
      List<AlertWatch.Sighting> sightings,
      DemoTruth truth,
      JobConfig cfg,
      Long offsetMicros,
      StepLatency realTime,
      long dataEndMicros) {
    double maxAge = cfg.maxEventSeconds() + 60;
    Map<String, Earthquake> matched = new HashMap<>();
    Map<String, Integer> versions = new HashMap<>();
    for (AlertWatch.Sighting a : sightings) {
      String id = a.alert().getEventId().toString();
      versions.merge(id, 1, Integer::sum);
      if (a.alert().getVersion() == 1 && !matched.containsKey(id)) {
        truth.match(a.alert(), maxAge).ifPresent(e -> matched.put(id, e));
      }
    }
    List<FirstAlert> out = new ArrayList<>();
    for (Earthquake e : truth.events()) {
      long origin = e.origin().timeMicros();
      double floor = truth.floorSeconds(e, cfg.minTriggeredStations(), 1.0);
      if (origin + Math.round(floor * 1e6) > dataEndMicros) {
        continue; // the data that could alert it was never replayed
      }
      boolean inside = truth.insideNetwork(e.origin().latitude(), e.origin().longitude());
      AlertWatch.Sighting first =
          sightings.stream()
              .filter(a -> matched.get(a.alert().getEventId().toString()) == e)
              .min(Comparator.comparingLong(AlertWatch.Sighting::stepMicros))
              .orElse(null);
      if (first == null) {
        out.add(
            new FirstAlert(
                e.eventId(),
                e.magnitude(),
                inside,
                null,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                floor));
        continue;
      }
      double dataS = (first.stepMicros() - origin) / 1e6;
      double writtenS;
      double receivedS;
      if (offsetMicros != null) {
        double due = (origin + offsetMicros) / 1e3;
        writtenS =
            first.writtenMillis() == Long.MIN_VALUE
                ? Double.NaN
                : (first.writtenMillis() - due) / 1e3;
        receivedS =
            first.receivedMillis() == Long.MIN_VALUE
                ? Double.NaN
                : (first.receivedMillis() - due) / 1e3;
      } else {
        writtenS = dataS + realTime.scheduleToWritten().p50() / 1e3;
        receivedS = dataS + realTime.scheduleToReceived().p50() / 1e3;
      }
      String id = first.alert().getEventId().toString();
      out.add(
          new FirstAlert(
              e.eventId(),
              e.magnitude(),
              inside,
              id,
              versions.getOrDefault(id, 0),
              dataS,
              writtenS,
              receivedS,
              floor));
    }
    return out;
  }

  /**
   * The sweep scenario of a station count, simulated once into the work folder and reused (the
   * simulator is deterministic).
   */
  static Path sweepScenario(Options o, int count, PrintStream out) throws IOException {
    long start = Times.parse(START);
    long replayed = micros(o.warmupSeconds() + o.measureSeconds());
    Path dir =
        o.work()
            .resolve(
                String.format(
                    Locale.ROOT,
                    "stream-%d-seed%d-w%.0f-m%.0f-e%d-inside",
                    count,
                    o.seed(),
                    o.warmupSeconds(),
                    o.measureSeconds(),
                    o.events()));
    if (Files.isRegularFile(dir.resolve("scenario.json"))) {
      return dir;
    }
    List<Station> real = SyntheticStationSet.realCi(o.stationsFile(), start);
    List<Station> stations =
        SyntheticStationSet.build(
            real, count, o.seed(), SyntheticStationSet.DEFAULT_MIN_SPACING_KM);
    Path csv = o.work().resolve("stations-%d-seed%d.csv".formatted(count, o.seed()));
    SyntheticStationSet.writeCsv(stations, csv);
    ScenarioOptions d = ScenarioOptions.defaults();
    ScenarioOptions events =
        d.toBuilder()
            .minMagnitude(4.0)
            .maxMagnitude(5.0)
            .marginDeg(0.0)
            .minDepthKm(d.minDepthKm())
            .maxDepthKm(20.0)
            .allowOverlap(true)
            .build();
    long span = replayed + micros(TAIL_SECONDS);
    long eventSeed = eventSeed(o, csv, events, start, span);
    ScenarioRequest request =
        new ScenarioRequest(
            csv,
            null,
            start,
            span,
            o.events(),
            eventSeed,
            "scedc",
            events,
            ImperfectionLevel.NONE,
            0,
            List.of("quakegraph", "bench", "stream", "--stations", Integer.toString(count)),
            "quakegraph bench");
    Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
    Folders.deleteTree(partial);
    out.printf(
        Locale.ROOT,
        "bench stream: simulating %d stations x %.0f s (event seed %d) into %s ...%n",
        count,
        span / 1e6,
        eventSeed,
        dir);
    new ScenarioWriter(out, Runtime.getRuntime().availableProcessors(), 30).write(request, partial);
    Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    return dir;
  }

  /**
   * The first event seed from {@code seed * 1000 + 1} on whose epicentres are all inside the
   * stations' hull and that puts an origin in every third of the measured interval, early enough in
   * it ({@value #EVENT_MARGIN_SECONDS} s, at most half a third) for alerts to follow in the same
   * third: then every third has steps with alerts to time.
   */
  static long eventSeed(Options o, Path stationsCsv, ScenarioOptions events, long start, long span)
      throws IOException {
    ScenarioRequest probe =
        new ScenarioRequest(
            stationsCsv,
            null,
            start,
            span,
            o.events(),
            0,
            "scedc",
            events,
            ImperfectionLevel.NONE,
            0,
            List.of(),
            "");
    List<Station> sites = ScenarioWriter.sites(probe);
    ScenarioCatalog catalog = new ScenarioCatalog(sites, TravelTimes.hadleyKanamori(), events);
    NetworkHull hull = NetworkHull.ofStations(sites);
    long from = start + micros(o.warmupSeconds());
    long third = micros(o.measureSeconds() / 3);
    long margin = Math.min(micros(EVENT_MARGIN_SECONDS), third / 2);
    for (long s = o.seed() * 1000 + 1; s < o.seed() * 1000 + 100_000; s++) {
      List<SyntheticEvent> drawn = catalog.generate(start, span, o.events(), s);
      // inside the network: the floor (P at the 4th nearest station) and the latency target are
      // about earthquakes the network surrounds; one outside it is a question of accuracy
      boolean every =
          drawn.stream()
              .allMatch(e -> hull.contains(e.origin().latitude(), e.origin().longitude()));
      for (int k = 0; k < 3 && every; k++) {
        long a = from + k * third;
        long b = a + third - margin;
        every =
            drawn.stream()
                .anyMatch(e -> e.origin().timeMicros() >= a && e.origin().timeMicros() < b);
      }
      if (every) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "no event seed puts every epicentre inside the network and an origin in every third of"
            + " the measured interval; use more --events");
  }

  /** What one replay through the job gave. */
  record Session(
      JobConfig cfg,
      int stations,
      PacketTimeline timeline,
      List<AlertWatch.Sighting> sightings,
      double drainS,
      long deadLetters,
      Path recording) {

    long[] steps(long from, long to) {
      return sightings.stream()
          .filter(a -> a.writtenMillis() != Long.MIN_VALUE)
          .mapToLong(AlertWatch.Sighting::stepMicros)
          .filter(t -> t >= from && t < to)
          .toArray();
    }

    double[] lagsSeconds(long from, long to) {
      long offset = timeline.scheduleOffsetMicros();
      return sightings.stream()
          .filter(a -> a.writtenMillis() != Long.MIN_VALUE)
          .filter(a -> a.stepMicros() >= from && a.stepMicros() < to)
          .mapToDouble(a -> (a.writtenMillis() * 1000.0 - (a.stepMicros() + offset)) / 1e6)
          .toArray();
    }
  }

  /**
   * Broker, job and alert watch up; the job's first checkpoint complete (so every operator is open,
   * the model loaded and warmed up); then the paced replay; then the wait for the job to work
   * through its input, and for the read_committed consumer to see the last transaction.
   */
  static Session session(
      Options o,
      Path archive,
      Path inventoryDir,
      Selection sel,
      long endMicros,
      double speed,
      String label,
      PrintStream out)
      throws Exception {
    PacketTimeline timeline = new PacketTimeline();
    try (LocalPipeline pipeline =
        LocalPipeline.builder(o.model(), inventoryDir)
            .checkpointsUnder(o.work())
            .job(b -> b.parallelism(o.parallelism()))
            .start()) {
      JobConfig cfg = pipeline.config();
      List<AlertWatch.Sighting> sightings;
      double drain;
      long dead;
      Path recording =
          o.work().resolve("profile-" + label.replaceAll("[^A-Za-z0-9]+", "-") + ".jfr");
      try (AlertWatch watch = new AlertWatch(pipeline.bootstrap(), cfg.alertsTopic());
          Recording profile = StageProfile.recording()) {
        long t0 = System.nanoTime();
        JobClient job = pipeline.startJob();
        try {
          awaitFirstCheckpoint(job, pipeline.checkpoints(), Duration.ofMinutes(5));
          out.printf(
              Locale.ROOT,
              "bench %s: job running, first checkpoint after %.0f s; replay starts%n",
              label,
              (System.nanoTime() - t0) / 1e9);
          ReplayOptions ro =
              ReplayOptions.of(archive.toString()).toBuilder()
                  .selection(sel)
                  .packetSeconds(1)
                  .speed(speed)
                  .build();
          AtomicBoolean replaying = new AtomicBoolean(true);
          long r0 = System.nanoTime();
          profile.start();
          try (PacketPublisher publisher = pipeline.publisher()) {
            TimedPacketSink sink = new TimedPacketSink(publisher, timeline, endMicros);
            Thread progress = progressThread(label, sink, timeline, watch, replaying, out);
            try {
              new Replayer(ro, pipeline.validator(), sink, null).run();
            } catch (TimedPacketSink.PastEnd end) {
              sink.flush(); // the replay stopped before its own final flush
            } finally {
              replaying.set(false);
              progress.interrupt();
            }
            dead = sink.deadLetters();
          }
          out.printf(
              Locale.ROOT,
              "bench %s: replayed %d packets in %.1f s%n",
              label,
              timeline.size(),
              (System.nanoTime() - r0) / 1e9);
          Backlog.Drained d =
              pipeline.drain(
                  Duration.ofMillis(Math.round(o.verdict().maxDrainS() * 1000)), null, left -> {});
          drain = d.complete() ? d.seconds() : Double.POSITIVE_INFINITY;
          profile.stop();
          profile.dump(recording);
          // the transaction holding the last alerts commits at the next checkpoint
          Thread.sleep(2 * cfg.checkpointInterval().toMillis() + 1000);
        } finally {
          pipeline.stopJob(Duration.ofMinutes(2));
        }
        sightings = watch.sightings();
      }
      return new Session(
          cfg, pipeline.inventory().size(), timeline, sightings, drain, dead, recording);
    }
  }

  private static Thread progressThread(
      String label,
      TimedPacketSink sink,
      PacketTimeline timeline,
      AlertWatch watch,
      AtomicBoolean replaying,
      PrintStream out) {
    Thread t =
        new Thread(
            () -> {
              while (replaying.get()) {
                try {
                  Thread.sleep(20_000);
                } catch (InterruptedException e) {
                  return;
                }
                long end = sink.lastEndMicros();
                out.printf(
                    Locale.ROOT,
                    "bench %s: data at %s, %d packets, %d alert versions written (%d received)%n",
                    label,
                    end == Long.MIN_VALUE ? "-" : Times.format(end),
                    timeline.size(),
                    watch.size(),
                    watch.receivedCount());
              }
            },
            "bench-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until a checkpoint of the job has completed (its {@code _metadata} file exists). */
  private static void awaitFirstCheckpoint(JobClient job, Path dir, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JobStatus st = job.getJobStatus().get(30, TimeUnit.SECONDS);
      if (st.isGloballyTerminalState()) {
        throw new IllegalStateException("the job ended before its first checkpoint: " + st);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        boolean done =
            files.anyMatch(
                p ->
                    p.getFileName().toString().equals("_metadata")
                        && p.getParent().getFileName().toString().startsWith("chk-"));
        if (done) {
          return;
        }
      } catch (java.io.UncheckedIOException e) {
        // a checkpoint folder vanished while walking (subsumed checkpoint): look again
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no checkpoint completed within " + timeout);
  }

  private static LatencySummary summary(List<Double> v) {
    return LatencySummary.of(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static long micros(double seconds) {
    return Math.round(seconds * 1e6);
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
  }

  private static String seconds(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f s", v);
  }

  private static String signed(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f s", v);
  }

  /** CPU-seconds per station per data-second, as CPU-µs. */
  private static String micro(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f µs", v * 1e6);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
