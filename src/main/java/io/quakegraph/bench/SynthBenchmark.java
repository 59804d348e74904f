package io.quakegraph.bench;

import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationList;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.synth.BruneSource;
import io.quakegraph.synth.FiniteRupture;
import io.quakegraph.synth.FocalMechanism;
import io.quakegraph.synth.NetworkSimulator;
import io.quakegraph.synth.Realism;
import io.quakegraph.synth.SimulationOptions;
import io.quakegraph.synth.SyntheticEvent;
import io.quakegraph.synth.SyntheticNetwork;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput of the simulator's fast path ({@link NetworkSimulator#eventWindow}): events per second
 * for N stations x 3 HH components x a window at 100 Hz, in counts, noise and signal on, on the
 * real CI broadband station set of 2018 (SCEDC channel epochs), truncated or deterministically
 * extended (copies shifted 0.1 degree north per round) to N stations.
 */
public final class SynthBenchmark {
  /** The date whose active CI broadband stations form the network. */
  public static final String NETWORK_DATE = "2018-06-01";

  private static final int WARMUP_EVENTS = 3;

  private SynthBenchmark() {}

  /**
   * One benchmark result.
   *
   * @param eventsPerSecond simulated event windows per second of wall time
   * @param samplesPerSecond output samples (stations x 3 x window samples) per second
   * @param stations stations simulated
   * @param events events timed (after {@value #WARMUP_EVENTS} warm-up events)
   * @param windowSeconds window length
   * @param elapsedSeconds wall time of the timed events
   * @param threads available processors
   */
  public record Result(
      double eventsPerSecond,
      double samplesPerSecond,
      int stations,
      int events,
      double windowSeconds,
      double elapsedSeconds,
      int threads) {}

  /** Runs on the CI stations of {@code ../shared/data/stations/scedc_channel_epochs.txt}. */
  public static Result run(
      int stations, int events, double seconds, long seed, PrintStream progress)
      throws IOException {
    return run(defaultStationFile(), stations, events, seconds, seed, Realism.IDEAL, progress);
  }

  /**
   * Runs on the stations of any file {@link StationList#read} accepts. With {@link
   * Realism#REAL_WORLD} every event is a finite rupture (Mw uniform in 6-8), the worst case of the
   * real-world simulator's cost.
   */
  public static Result run(
      Path stationFile,
      int stations,
      int events,
      double seconds,
      long seed,
      Realism realism,
      PrintStream progress)
      throws IOException {
    if (stations < 1 || events < 1 || !(seconds > 0)) {
      throw new IllegalArgumentException(
          "need stations >= 1, events >= 1, seconds > 0: "
              + stations
              + ", "
              + events
              + ", "
              + seconds);
    }
    long at = Times.parse(NETWORK_DATE);
    List<Station> all = StationList.read(stationFile);
    List<Station> ci = StationList.activeBroadband(all, "CI", at);
    if (ci.isEmpty()) {
      ci = StationList.activeBroadband(all, null, at);
    }
    if (ci.isEmpty()) {
      ci = all;
    }
    if (ci.isEmpty()) {
      throw new IOException(stationFile + ": no stations");
    }
    List<Station> sites = resize(ci, stations);
    progress.printf(
        "synth bench: %d stations (%s), %d events x %.0f s at 100 Hz%n",
        sites.size(), stationFile, events, seconds);
    long t0 = System.nanoTime();
    TravelTimes tt = TravelTimes.hadleyKanamori();
    progress.printf("  travel times ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    SyntheticNetwork net = SyntheticNetwork.build(sites, at, seed);
    NetworkSimulator sim =
        new NetworkSimulator(
            net, tt, SimulationOptions.defaults().toBuilder().realism(realism).build());
    List<SyntheticEvent> evs = events(sites, WARMUP_EVENTS + events, at, seed, realism);
    long checksum = 0;
    for (int i = 0; i < WARMUP_EVENTS; i++) {
      checksum += run(sim, evs.get(i), seconds, seed);
    }
    long start = System.nanoTime();
    for (int i = WARMUP_EVENTS; i < evs.size(); i++) {
      checksum += run(sim, evs.get(i), seconds, seed);
      int done = i - WARMUP_EVENTS + 1;
      if (done % Math.max(1, events / 5) == 0) {
        progress.printf(
            "  %d/%d events, %.1f events/s%n",
            done, events, done / ((System.nanoTime() - start) / 1e9));
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double eps = events / elapsed;
    double sps = eps * sites.size() * 3 * Math.round(seconds * 100);
    progress.printf("  %.2f events/s, %.3g samples/s (checksum %d)%n", eps, sps, checksum);
    return new Result(
        eps,
        sps,
        sites.size(),
        events,
        seconds,
        elapsed,
        Runtime.getRuntime().availableProcessors());
  }

  private static long run(NetworkSimulator sim, SyntheticEvent e, double seconds, long seed) {
    long sum = 0;
    var w =
        sim.eventWindow(
            e, e.origin().timeMicros() - 5_000_000L, seconds, NetworkSimulator.Units.COUNTS, seed);
    for (var t : w.values()) {
      sum += (long) t.samples()[t.size() / 2];
    }
    return sum;
  }

  /** Default station file: {@code <quakegraph.shared or ../shared>/data/stations/...}. */
  public static Path defaultStationFile() {
    String prop = System.getProperty("quakegraph.shared");
    Path base = prop != null ? Path.of(prop) : Path.of("..", "shared");
    Path f = base.resolve("data/stations/scedc_channel_epochs.txt");
    if (!Files.isRegularFile(f)) {
      Path alt = Path.of("/work/shared/data/stations/scedc_channel_epochs.txt");
      if (Files.isRegularFile(alt)) {
        return alt;
      }
    }
    return f;
  }

  static List<Station> resize(List<Station> base, int n) {
    List<Station> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Station s = base.get(i % base.size());
      int round = i / base.size();
      if (round == 0) {
        out.add(s);
      } else {
        out.add(
            new Station(
                s.network(),
                "X%04d".formatted(i),
                s.latitude() + 0.1 * round,
                s.longitude(),
                s.elevationM(),
                s.siteName() + " (copy " + round + ")",
                List.of()));
      }
    }
    return out;
  }

  private static List<SyntheticEvent> events(
      List<Station> sites, int n, long at, long seed, Realism realism) {
    double minLat = 90, maxLat = -90, minLon = 180, maxLon = -180;
    for (Station s : sites) {
      minLat = Math.min(minLat, s.latitude());
      maxLat = Math.max(maxLat, s.latitude());
      minLon = Math.min(minLon, s.longitude());
      maxLon = Math.max(maxLon, s.longitude());
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<SyntheticEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double lat = minLat + rng.nextDouble() * Math.max(1e-3, maxLat - minLat);
      double lon = minLon + rng.nextDouble() * Math.max(1e-3, maxLon - minLon);
      // Gutenberg-Richter b = 1 between 2.5 and 5.5
      double mw = 2.5 - Math.log10(1 - rng.nextDouble() * (1 - 1e-3));
      double depth = rng.nextDouble(2, 20);
      if (realism.isRealWorld()) {
        // Drawn after the ideal draws, so the ideal benchmark's events stay what they were.
        mw = rng.nextDouble(FiniteRupture.MIN_MAGNITUDE, Realism.MAX_MAGNITUDE);
      }
      out.add(
          new SyntheticEvent(
              "bench" + i,
              new Origin(at + i * 120_000_000L, lat, lon, depth),
              realism.isRealWorld() ? mw : Math.min(mw, 5.5),
              BruneSource.sampleStressDropMPa(rng),
              FocalMechanism.random(rng)));
    }
    return out;
  }
}
