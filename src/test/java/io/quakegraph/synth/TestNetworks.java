package io.quakegraph.synth;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Station layouts for the simulator tests: real-looking sites around a point. */
final class TestNetworks {
  static final double LAT = 34.0;
  static final double LON = -117.5;

  private TestNetworks() {}

  /**
   * {@code count} sites at distances log-uniform in [minKm, maxKm] and random azimuths from (LAT,
   * LON), on the sphere of {@link Geodesy}.
   */
  static List<Station> ring(int count, double minKm, double maxKm, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Station> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double km = minKm * Math.pow(maxKm / minKm, (i + rng.nextDouble()) / count);
      double az = rng.nextDouble(0, 360);
      double[] ll = destination(LAT, LON, km, az);
      out.add(
          new Station("XX", "S%03d".formatted(i), ll[0], ll[1], 300, "test site " + i, List.of()));
    }
    return out;
  }

  static double[] destination(double lat, double lon, double km, double azDeg) {
    double d = km / Geodesy.EARTH_RADIUS_KM;
    double p1 = Math.toRadians(lat);
    double az = Math.toRadians(azDeg);
    double p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(az));
    double l2 =
        Math.toRadians(lon)
            + Math.atan2(
                Math.sin(az) * Math.sin(d) * Math.cos(p1),
                Math.cos(d) - Math.sin(p1) * Math.sin(p2));
    return new double[] {Math.toDegrees(p2), Math.toDegrees(l2)};
  }
}
