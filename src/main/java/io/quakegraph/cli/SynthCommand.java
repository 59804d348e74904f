package io.quakegraph.cli;

import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioSummary;
import io.quakegraph.synth.ScenarioWriter;
import io.quakegraph.synth.SyntheticEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph synth}: writes a synthetic Southern California scenario (SCEDC-style miniSEED,
 * StationXML, the true QuakeML catalogue, the imperfection ground truth and the scenario record).
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Simulate a seismic network and write what a real archive holds: miniSEED day files"
          + " (Steim2, 4096-byte records), StationXML with responses, the true events as QuakeML"
          + " with true P and S picks, imperfections.json and scenario.json.",
      "The same arguments give byte-identical output.",
      "Default start 2019-07-06T03:00:00Z: 20 minutes before the Ridgecrest Mw 7.1, when the SCSN"
          + " ran its 2019 broadband network."
    },
    sortOptions = false)
public final class SynthCommand implements Callable<Integer> {
  /** The default scenario start (the Ridgecrest mainshock was at 03:19:53 UTC that day). */
  public static final String DEFAULT_START = "2019-07-06T03:00:00Z";

  @Spec CommandSpec spec;

  @Option(
      names = "--stations",
      paramLabel = "FILE",
      description =
          "Station file: SCEDC channel epochs, SoCal CSV, NET STA LAT LON list or StationXML"
              + " (default: ../shared/data/stations/scedc_channel_epochs.txt).")
  Path stations;

  @Option(
      names = "--network",
      paramLabel = "NET",
      defaultValue = "CI",
      description =
          "Network whose broadband stations active at the start record (default: ${DEFAULT-VALUE}).")
  String network;

  @Option(
      names = "--start",
      paramLabel = "ISO-TIME",
      defaultValue = DEFAULT_START,
      description = "Scenario start, UTC (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationParser.class,
      description = "Scenario length: 90s, 10m, 1h, 2d, 1h30m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "3",
      description = "Number of earthquakes (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder, new or empty (default: synth-<seed> in the working folder).")
  Path out;

  @Option(
      names = "--layout",
      paramLabel = "LAYOUT",
      defaultValue = "scedc",
      description =
          "scedc: continuous_waveforms/YYYY/YYYY_DDD/NETSTA__CHA___YYYYDDD.ms day files;"
              + " flat: waveforms/NET.STA.LOC.CHA__<start>__<end>.mseed (default: ${DEFAULT-VALUE}).")
  String layout;

  @Option(
      names = "--min-magnitude",
      paramLabel = "M",
      defaultValue = "2.5",
      description = "Smallest Mw (default: ${DEFAULT-VALUE}).")
  double minMagnitude;

  @Option(
      names = "--max-magnitude",
      paramLabel = "M",
      defaultValue = "6.5",
      description = "Largest Mw (default: ${DEFAULT-VALUE}).")
  double maxMagnitude;

  @Option(
      names = "--allow-overlap",
      description = "Let events overlap in time (default: each event has the network to itself).")
  boolean allowOverlap;

  @Option(
      names = "--imperfections",
      paramLabel = "LEVEL",
      defaultValue = "default",
      description =
          "none, default or heavy: station outages, gaps, dead and clipped channels, timing"
              + " offsets (default: ${DEFAULT-VALUE}).")
  String imperfections;

  @Option(
      names = "--max-stations",
      paramLabel = "N",
      defaultValue = "0",
      description = "Keep only the N stations nearest to the network centre; 0 for all (default).")
  int maxStations;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Stations simulated at once (default: one per processor; output is the same).")
  Integer threads;

  @Option(
      names = "--realism",
      defaultValue = "ideal",
      description =
          "ideal (the simulator of the first models) or real-world (finite ruptures to M 8,"
              + " 3-D travel-time anomalies, site terms, real noise; docs/SIMULATOR.md);"
              + " real-world raises the default --max-magnitude to 8 (${DEFAULT-VALUE})")
  String realism;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outText = spec.commandLine().getOut();
    ScenarioRequest request;
    try {
      request = request();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return fail(err, e, 2);
    }
    Path dir = out != null ? out : Path.of("synth-" + seed);
    int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    try {
      java.io.PrintStream progress =
          new java.io.PrintStream(
              new PrintWriterStream(err), true, java.nio.charset.StandardCharsets.UTF_8);
      ScenarioSummary s = new ScenarioWriter(progress, nThreads, 10).write(request, dir);
      progress.flush();
      printSummary(outText, s, request);
      outText.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      return fail(err, e, 2);
    } catch (IOException | RuntimeException e) {
      return fail(err, e, 1);
    }
  }

  private ScenarioRequest request() {
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1: " + threads);
    }
    if (events < 0) {
      throw new IllegalArgumentException("--events must be >= 0: " + events);
    }
    if (maxStations < 0) {
      throw new IllegalArgumentException("--max-stations must be >= 0: " + maxStations);
    }
    if (minMagnitude > maxMagnitude) {
      throw new IllegalArgumentException(
          "--min-magnitude " + minMagnitude + " is above --max-magnitude " + maxMagnitude);
    }
    long startMicros = Times.parse(start);
    Path stationFile = stations != null ? stations : QuakeGraphHome.defaultStations();
    if (!java.nio.file.Files.isReadable(stationFile)) {
      throw new IllegalArgumentException("station file not found or unreadable: " + stationFile);
    }
    // validate the layout name before hours of simulation
    io.quakegraph.seismic.ArchiveLayout.named(layout, startMicros, startMicros + 1);
    ScenarioOptions options =
        ScenarioOptions.defaults().toBuilder()
            .minMagnitude(minMagnitude)
            .maxMagnitude(maxMagnitude)
            .allowOverlap(allowOverlap)
            .build()
            .withRealism(io.quakegraph.synth.Realism.parse(realism));
    List<String> command = new ArrayList<>(List.of("quakegraph", "synth"));
    if (spec.commandLine().getParseResult() != null) {
      command.addAll(spec.commandLine().getParseResult().originalArgs());
    }
    return new ScenarioRequest(
        stationFile,
        network,
        startMicros,
        durationMicros(duration),
        events,
        seed,
        layout,
        options,
        ImperfectionLevel.parse(imperfections),
        maxStations,
        command,
        "quakegraph " + Version.current());
  }

  private static long durationMicros(Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000L);
  }

  private int fail(PrintWriter err, Exception e, int code) {
    String msg = e.getMessage() != null ? e.getMessage() : e.toString();
    err.println("quakegraph synth: error: " + msg);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static void printSummary(PrintWriter w, ScenarioSummary s, ScenarioRequest r) {
    w.printf(
        "wrote scenario seed %d (%s to %s) to %s%n",
        r.seed(), Times.format(r.startMicros()), Times.format(r.endMicros()), s.outDir());
    w.printf(
        "  %d miniSEED files, %.1f MB, %d channels of %d stations (%s layout)%n",
        s.waveformFiles(), s.waveformBytes() / 1e6, s.channels(), s.stations().size(), r.layout());
    w.printf("  %d StationXML files in %s%n", s.stationXmlFiles(), s.outDir().resolve("stations"));
    w.printf(
        "  %s: %d events, %d true P/S picks%n",
        s.outDir().resolve("catalog.xml"), s.events().size(), s.picks());
    w.printf(
        "  %s: %d imperfections (%s)%n",
        s.outDir().resolve("imperfections.json"),
        s.imperfections().imperfections().size(),
        r.imperfections().label());
    w.printf("  %s%n", s.outDir().resolve("scenario.json"));
    if (!s.events().isEmpty()) {
      w.printf(
          "  %-16s %-27s %9s %10s %8s %5s%n", "event", "origin time", "lat", "lon", "depth", "Mw");
      for (SyntheticEvent e : s.events()) {
        w.printf(
            "  %-16s %-27s %9.4f %10.4f %6.2fkm %5.2f%n",
            e.eventId(),
            Times.format(e.origin().timeMicros()),
            e.origin().latitude(),
            e.origin().longitude(),
            e.origin().depthKm(),
            e.magnitude());
      }
    }
    w.printf("  took %.1f s%n", s.elapsedSeconds());
  }
}
