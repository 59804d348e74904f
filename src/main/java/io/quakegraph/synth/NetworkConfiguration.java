package io.quakegraph.synth;

import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.NetworkHull;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which stations of the simulated network record an event, and with which sensors: the real
 * networks an early-warning model meets, not only the full broadband network.
 *
 * <p>{@link #draw} picks, from the event and a seed:
 *
 * <ul>
 *   <li>{@value #P_FULL} of events: the whole network, sensors mixed station by station;
 *   <li>{@value #P_SPARSE}: a sparse network, the k stations nearest a point up to {@value
 *       #MAX_CENTRE_OFFSET_KM} km from the epicentre (k log-uniform from {@value #MIN_STATIONS} to
 *       40), sensors mixed, so events are often outside the sub-network's hull;
 *   <li>{@value #P_STRONG_MOTION}: a strong-motion-only network (HN), k log-uniform from {@value
 *       #MIN_STATIONS} to the whole network (the real M7.1 was recorded by 11 such
 *       stations);
 *   <li>the rest: a sparse mixed network plus 1-3 stations far away (outside its hull).
 * </ul>
 *
 * Mixed sensors per station (the Southern California network's broadband sites mostly have a
 * co-located accelerometer): HH with HN {@value #P_HH_HN}, HH alone 0.15, BH (40 Hz) with HN 0.10,
 * EH (1 Hz short period) 0.10, HN alone 0.05. A broadband that clips (about 1.3 cm/s) beside an
 * accelerometer is how the real network records its largest events: the station stage must then use
 * the accelerometer.
 */
public record NetworkConfiguration(String kind, Map<String, List<SensorKind>> sensors) {
  static final double P_FULL = 0.35;
  static final double P_SPARSE = 0.25;
  static final double P_STRONG_MOTION = 0.2;
  static final double P_HH_HN = 0.6;
  static final int MIN_STATIONS = 4;
  static final double MAX_CENTRE_OFFSET_KM = 100;

  public NetworkConfiguration {
    sensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sensors));
  }

  /** Every station with its broadband only: what the ideal simulator records. */
  public static NetworkConfiguration broadband(SyntheticNetwork net) {
    Map<String, List<SensorKind>> m = new LinkedHashMap<>();
    for (SimulatedStation s : net.stations()) {
      m.put(s.id(), List.of(SensorKind.HH));
    }
    return new NetworkConfiguration("broadband", m);
  }

  /**
   * The {@code k} stations nearest the epicentre, each with its accelerometer only: a sparse
   * strong-motion network around the event, as the real M7.1 was recorded.
   */
  public static NetworkConfiguration strongMotionNearest(
      SyntheticNetwork net, SyntheticEvent event, int k) {
    if (k < MIN_STATIONS) {
      throw new IllegalArgumentException(
          "a network needs at least " + MIN_STATIONS + " stations: " + k);
    }
    Map<String, List<SensorKind>> m = new LinkedHashMap<>();
    for (SimulatedStation s :
        nearest(net.stations(), event.origin().latitude(), event.origin().longitude(), k)) {
      m.put(s.id(), List.of(SensorKind.HN));
    }
    return new NetworkConfiguration("strong motion, " + k + " nearest", m);
  }

  /** Whether the epicentre of {@code event} lies inside the convex hull of these stations. */
  public boolean surrounds(SyntheticNetwork net, SyntheticEvent event) {
    List<Station> mine =
        net.stations().stream()
            .filter(s -> sensors.containsKey(s.id()))
            .map(SimulatedStation::station)
            .toList();
    return NetworkHull.ofStations(mine)
        .contains(event.origin().latitude(), event.origin().longitude());
  }

  /** A real-world configuration for {@code event}, drawn from {@code seed}. */
  public static NetworkConfiguration draw(SyntheticNetwork net, SyntheticEvent event, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<SimulatedStation> all = net.stations();
    int n = all.size();
    double u = rng.nextDouble();
    double lat = event.origin().latitude();
    double lon = event.origin().longitude();
    double offset = rng.nextDouble(0, MAX_CENTRE_OFFSET_KM);
    double az = rng.nextDouble(0, 2 * Math.PI);
    double cLat = lat + offset * Math.cos(az) / Geodesy.KM_PER_DEGREE;
    double cLon =
        lon + offset * Math.sin(az) / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(lat)));
    Map<String, List<SensorKind>> m = new LinkedHashMap<>();
    String kind;
    if (u < P_FULL) {
      kind = "full mixed";
      for (SimulatedStation s : all) {
        m.put(s.id(), mixed(rng));
      }
    } else if (u < P_FULL + P_STRONG_MOTION) {
      kind = "strong motion only";
      for (SimulatedStation s : nearest(all, cLat, cLon, count(rng, n, n))) {
        m.put(s.id(), List.of(SensorKind.HN));
      }
    } else {
      boolean far = u >= P_FULL + P_STRONG_MOTION + P_SPARSE;
      kind = far ? "sparse mixed with far stations" : "sparse mixed";
      List<SimulatedStation> near = nearest(all, cLat, cLon, count(rng, n, Math.min(n, 40)));
      for (SimulatedStation s : near) {
        m.put(s.id(), mixed(rng));
      }
      if (far) {
        List<SimulatedStation> rest = new ArrayList<>(all);
        rest.removeAll(near);
        // The farthest third of the rest: outside the sparse network's hull.
        rest.sort(Comparator.comparingDouble(s -> -distanceKm(s, cLat, cLon)));
        int pool = Math.max(1, rest.size() / 3);
        int extra = Math.min(rest.size(), 1 + rng.nextInt(3));
        for (int i = 0; i < extra; i++) {
          SimulatedStation s = rest.get(rng.nextInt(Math.min(pool, rest.size())));
          m.putIfAbsent(s.id(), mixed(rng));
        }
      }
    }
    return new NetworkConfiguration(kind, m);
  }

  private static int count(SplittableRandom rng, int n, int max) {
    int lo = Math.min(MIN_STATIONS, n);
    int hi = Math.max(lo, max);
    return (int) Math.round(Math.exp(rng.nextDouble(Math.log(lo), Math.log(hi) + 1e-9)));
  }

  private static List<SensorKind> mixed(SplittableRandom rng) {
    double v = rng.nextDouble();
    if (v < P_HH_HN) {
      return List.of(SensorKind.HH, SensorKind.HN);
    }
    if (v < P_HH_HN + 0.15) {
      return List.of(SensorKind.HH);
    }
    if (v < P_HH_HN + 0.25) {
      return List.of(SensorKind.BH, SensorKind.HN);
    }
    if (v < P_HH_HN + 0.35) {
      return List.of(SensorKind.EH);
    }
    return List.of(SensorKind.HN);
  }

  private static List<SimulatedStation> nearest(
      List<SimulatedStation> all, double lat, double lon, int k) {
    return all.stream()
        .sorted(
            Comparator.comparingDouble((SimulatedStation s) -> distanceKm(s, lat, lon))
                .thenComparing(SimulatedStation::id))
        .limit(k)
        .toList();
  }

  private static double distanceKm(SimulatedStation s, double lat, double lon) {
    return Geodesy.epicentralKm(lat, lon, s.station().latitude(), s.station().longitude());
  }

  /**
   * The metadata of a station as this configuration records it: its channels replaced by those of
   * its sensors (the inventory a dataset or the stream must be given).
   */
  public Station station(SimulatedStation s) {
    List<SensorKind> kinds = sensors.getOrDefault(s.id(), List.of());
    Station st = s.station();
    long start =
        st.channels().isEmpty() ? Times.parse("2000-01-01") : st.channels().get(0).startMicros();
    List<Channel> ch = new ArrayList<>();
    for (SensorKind k : kinds) {
      ch.addAll(SyntheticNetwork.channels(st, k, k.sampleRate(), start));
    }
    return new Station(
        st.network(),
        st.station(),
        st.latitude(),
        st.longitude(),
        st.elevationM(),
        st.siteName(),
        ch);
  }

  @Override
  public String toString() {
    return kind + " (" + sensors.size() + " stations)";
  }
}
