package io.quakegraph.seismic;

import java.util.Arrays;
import java.util.List;

/**
 * The convex hull of a set of stations in (longitude, latitude): whether an epicentre is inside a
 * network, the condition under which a locator's azimuthal coverage is good. Degrees are treated as
 * planar, which is what "inside the network" means for networks a few hundred km across.
 */
public final class NetworkHull {
  private final double[][] hull;

  private NetworkHull(double[][] hull) {
    this.hull = hull;
  }

  /** The hull of stations given as {latitude, longitude} pairs. */
  public static NetworkHull of(List<double[]> latLon) {
    double[][] pts =
        latLon.stream()
            .map(p -> new double[] {p[1], p[0]})
            .sorted(
                (x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(x[1], y[1]))
            .toArray(double[][]::new);
    int n = pts.length;
    if (n < 3) {
      return new NetworkHull(pts);
    }
    // Andrew's monotone chain, counter-clockwise
    double[][] h = new double[2 * n][];
    int k = 0;
    for (int i = 0; i < n; i++) {
      while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) {
        k--;
      }
      h[k++] = pts[i];
    }
    for (int i = n - 2, t = k + 1; i >= 0; i--) {
      while (k >= t && cross(h[k - 2], h[k - 1], pts[i]) <= 0) {
        k--;
      }
      h[k++] = pts[i];
    }
    return new NetworkHull(Arrays.copyOf(h, k - 1));
  }

  /** The hull of {@code stations}. */
  public static NetworkHull ofStations(List<Station> stations) {
    return of(stations.stream().map(s -> new double[] {s.latitude(), s.longitude()}).toList());
  }

  /** Whether (lat, lon) lies inside the hull or on its edge; never for fewer than 3 corners. */
  public boolean contains(double lat, double lon) {
    if (hull.length < 3) {
      return false;
    }
    double[] p = {lon, lat};
    for (int i = 0; i < hull.length; i++) {
      if (cross(hull[i], hull[(i + 1) % hull.length], p) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The corners as (longitude, latitude), counter-clockwise. */
  public double[][] corners() {
    return Arrays.stream(hull).map(double[]::clone).toArray(double[][]::new);
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }
}
