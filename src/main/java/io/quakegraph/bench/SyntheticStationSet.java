package io.quakegraph.bench;

import io.quakegraph.demo.DemoTruth;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationList;
import io.quakegraph.synth.StationSelection;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A station set of any size for the streaming benchmark: the real CI broadband stations first, then
 * (beyond their number) synthetic stations drawn by seed inside the real network, so that the job
 * can be loaded with more stations than Southern California has.
 *
 * <p>Up to the real count, the stations nearest the network's centre are taken ({@link
 * StationSelection#nearestToCentre}), as the demo and the other benchmarks do. Synthetic stations
 * (network {@value #NETWORK}, the FDSN code reserved for synthetic data; codes {@code S0001},
 * {@code S0002}, ...) are drawn uniformly in the bounding box of the real stations and kept when
 * they lie inside the real stations' convex hull (where the model's coordinate frame was trained)
 * and at least {@code minSpacingKm} from every station already placed (co-located stations would be
 * duplicates in the graph, not load). Each takes the elevation of its nearest real station, a
 * plausible height for that place. The same real stations, count and seed give the same set.
 *
 * <p>The set is written as the SoCal station CSV that {@link StationList#read} reads, so the
 * scenario simulator ({@link io.quakegraph.synth.ScenarioWriter}) turns it into StationXML and
 * waveforms like any other station file.
 */
public final class SyntheticStationSet {
  /** Network code of synthetic stations (FDSN: reserved for synthetic seismograms). */
  public static final String NETWORK = "SY";

  /** Default least distance between two stations, km. */
  public static final double DEFAULT_MIN_SPACING_KM = 3.0;

  private static final int TRIES_PER_STATION = 10_000;

  private SyntheticStationSet() {}

  /**
   * The real CI stations of a station file that have a broadband channel active at {@code
   * atMicros}, one per id.
   */
  public static List<Station> realCi(Path stationsFile, long atMicros) throws IOException {
    List<Station> active =
        StationList.activeBroadband(StationList.read(stationsFile), "CI", atMicros);
    Set<String> seen = new HashSet<>();
    List<Station> out = new ArrayList<>();
    for (Station s : active) {
      if (seen.add(s.id())) {
        out.add(s);
      }
    }
    if (out.size() < 3) {
      throw new IllegalArgumentException(
          stationsFile + ": fewer than 3 active CI broadband stations; no network to grow");
    }
    return out;
  }

  /**
   * {@code count} stations: real ones first (the nearest to the centre when there are more real
   * stations than asked for), then synthetic ones.
   *
   * @throws IllegalArgumentException when count is not positive, or the synthetic stations do not
   *     fit at that spacing
   */
  public static List<Station> build(List<Station> real, int count, long seed, double minSpacingKm) {
    if (count < 1) {
      throw new IllegalArgumentException("station count must be >= 1: " + count);
    }
    if (count <= real.size()) {
      return StationSelection.nearestToCentre(real, count);
    }
    List<Station> out = new ArrayList<>(StationSelection.nearestToCentre(real, 0));
    DemoTruth hull = new DemoTruth(List.of(), real);
    double minLat = real.stream().mapToDouble(Station::latitude).min().orElseThrow();
    double maxLat = real.stream().mapToDouble(Station::latitude).max().orElseThrow();
    double minLon = real.stream().mapToDouble(Station::longitude).min().orElseThrow();
    double maxLon = real.stream().mapToDouble(Station::longitude).max().orElseThrow();
    SplittableRandom rng = new SplittableRandom(seed);
    int needed = count - real.size();
    for (int n = 1; n <= needed; n++) {
      Station placed = null;
      for (int tries = 0; tries < TRIES_PER_STATION && placed == null; tries++) {
        double lat = round4(minLat + rng.nextDouble() * (maxLat - minLat));
        double lon = round4(minLon + rng.nextDouble() * (maxLon - minLon));
        if (!hull.insideNetwork(lat, lon) || nearestKm(out, lat, lon) < minSpacingKm) {
          continue;
        }
        Station near = nearest(real, lat, lon);
        placed =
            new Station(
                NETWORK,
                "S%04d".formatted(n),
                lat,
                lon,
                near.elevationM(),
                "synthetic station near " + near.id(),
                List.of());
      }
      if (placed == null) {
        throw new IllegalArgumentException(
            "cannot place synthetic station %d of %d at least %.1f km from all others inside the network"
                .formatted(n, needed, minSpacingKm));
      }
      out.add(placed);
    }
    return out;
  }

  /**
   * Writes the stations as the SoCal station CSV, each with a broadband and an accelerometer
   * ({@code HH|HN}) open from 2000 on (the simulator gives every site both; the epoch makes them
   * active at any scenario time).
   */
  public static void writeCsv(List<Station> stations, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "network,station,latitude,longitude,elevation_m,channel_prefixes,first_on,last_off,site_name\n");
      for (Station s : stations) {
        w.write(
            String.format(
                Locale.ROOT,
                "%s,%s,%.6f,%.6f,%.1f,HH|HN,2000/01/01,3000/01/01,\"%s\"%n",
                s.network(),
                s.station(),
                s.latitude(),
                s.longitude(),
                s.elevationM(),
                s.siteName().replace("\"", "'")));
      }
    }
  }

  /** Distance from (lat, lon) to the nearest of {@code stations}, km (infinite when none). */
  static double nearestKm(List<Station> stations, double lat, double lon) {
    double best = Double.POSITIVE_INFINITY;
    for (Station s : stations) {
      best = Math.min(best, Geodesy.epicentralKm(lat, lon, s.latitude(), s.longitude()));
    }
    return best;
  }

  private static Station nearest(List<Station> stations, double lat, double lon) {
    Station best = stations.get(0);
    double bestKm = Double.POSITIVE_INFINITY;
    for (Station s : stations) {
      double d = Geodesy.epicentralKm(lat, lon, s.latitude(), s.longitude());
      if (d < bestKm) {
        bestKm = d;
        best = s;
      }
    }
    return best;
  }

  private static double round4(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
