package io.quakegraph.stream;

import io.quakegraph.seismic.Geodesy;
import java.util.List;

/**
 * The best point source for a set of trigger onsets: a grid search over epicentres around the
 * earliest trigger, in a homogeneous crust, with the origin time that fits the onsets best (their
 * mean of onset minus travel time). Its job is to tell a wavefront from coincidence: onsets of one
 * earthquake's P wave fit a point source to within trigger and velocity-model error; noise triggers
 * that merely pass the pairwise time test do not, or only with a source that should have triggered
 * other stations first (see {@link Associator}).
 *
 * @param latitude epicentre, degrees
 * @param longitude epicentre, degrees
 * @param originMicros origin time, epoch µs
 * @param residualsS onset minus predicted P time for each pick, s (in the picks' order)
 * @param rmsS root mean square of the residuals, s
 */
public record PointSourceFit(
    double latitude, double longitude, long originMicros, double[] residualsS, double rmsS) {

  /**
   * Average crustal P velocity, km/s: Hadley-Kanamori's upper and lower crust (5.5, 6.3) and the
   * Pg-Pn mix to 150 km average about 6.
   */
  public static final double P_VELOCITY_KM_S = 6.0;

  /** Source depth assumed, km: the middle of the Southern California seismogenic crust. */
  public static final double DEPTH_KM = 10.0;

  /** Grid spacing, km: 0.8 s of P travel, below the trigger error allowed. */
  static final double GRID_KM = 5.0;

  /** Fine nodes per coarse node along each axis (a coarse spacing of 10 km). */
  static final int COARSE_STEPS = 2;

  /** The largest absolute residual, s. */
  public double maxAbsResidualS() {
    double m = 0;
    for (double r : residualsS) {
      m = Math.max(m, Math.abs(r));
    }
    return m;
  }

  /** Index of the pick with the largest absolute residual. */
  public int worst() {
    int w = 0;
    for (int i = 1; i < residualsS.length; i++) {
      if (Math.abs(residualsS[i]) > Math.abs(residualsS[w])) {
        w = i;
      }
    }
    return w;
  }

  /** P travel time from this fit's epicentre to a station, s. */
  public double travelTimeS(double lat, double lon) {
    return travelTimeS(latitude, longitude, lat, lon);
  }

  /** P travel time from an epicentre to a station in the homogeneous crust, s. */
  static double travelTimeS(double lat0, double lon0, double lat, double lon) {
    double d = Geodesy.epicentralKm(lat0, lon0, lat, lon);
    return Math.hypot(d, DEPTH_KM) / P_VELOCITY_KM_S;
  }

  /**
   * Searches epicentres within {@code radiusKm} of the earliest pick.
   *
   * @param picks at least one trigger onset
   * @param radiusKm half-width of the square grid, km
   */
  public static PointSourceFit of(List<TriggerOnset> picks, double radiusKm) {
    if (picks.isEmpty()) {
      throw new IllegalArgumentException("no picks to fit");
    }
    TriggerOnset first = picks.get(0);
    for (TriggerOnset p : picks) {
      if (p.onsetMicros() < first.onsetMicros()) {
        first = p;
      }
    }
    int n = picks.size();
    long ref = first.onsetMicros();
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = (picks.get(i).onsetMicros() - ref) / 1e6;
    }
    // The search runs in a flat frame (km east and north of the earliest pick): over a few
    // hundred km its distances are within a fraction of a per cent of the great circle's, and a
    // square root is far cheaper than a haversine. The association runs it at every step for
    // every candidate cluster, so on a 1,000-station network its cost decides whether the head
    // keeps up. The residuals reported are computed on the sphere at the chosen epicentre.
    double kmPerDegLat = Geodesy.KM_PER_DEGREE;
    double kmPerDegLon = Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(first.latitude()));
    double[] px = new double[n];
    double[] py = new double[n];
    for (int i = 0; i < n; i++) {
      px[i] = (picks.get(i).longitude() - first.longitude()) * kmPerDegLon;
      py[i] = (picks.get(i).latitude() - first.latitude()) * kmPerDegLat;
    }
    // Coarse grid over the whole square, then the fine grid around the best coarse node.
    int coarse = COARSE_STEPS;
    int half = (int) Math.ceil(radiusKm / (GRID_KM * coarse)) * coarse;
    double[] tt = new double[n];
    int[] best = searchGrid(t, px, py, tt, -half, half, -half, half, coarse, new int[] {0, 0});
    best =
        searchGrid(
            t,
            px,
            py,
            tt,
            Math.max(-half, best[0] - coarse),
            Math.min(half, best[0] + coarse),
            Math.max(-half, best[1] - coarse),
            Math.min(half, best[1] + coarse),
            1,
            best);
    double bestLat = first.latitude() + best[1] * GRID_KM / kmPerDegLat;
    double bestLon = first.longitude() + best[0] * GRID_KM / kmPerDegLon;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      TriggerOnset p = picks.get(i);
      tt[i] = travelTimeS(bestLat, bestLon, p.latitude(), p.longitude());
      mean += t[i] - tt[i];
    }
    mean /= n;
    double[] res = new double[n];
    double ss = 0;
    for (int i = 0; i < n; i++) {
      res[i] = t[i] - tt[i] - mean;
      ss += res[i] * res[i];
    }
    return new PointSourceFit(
        bestLat, bestLon, ref + Math.round(mean * 1e6), res, Math.sqrt(ss / n));
  }

  /**
   * The node {@code {ix, iy}} (in fine grid steps east and north of the origin of {@code px, py})
   * of the rectangle, visited every {@code stride} steps, whose travel times fit the onsets {@code
   * t} best (least squares with the origin time free); {@code start} when none fits better.
   */
  private static int[] searchGrid(
      double[] t,
      double[] px,
      double[] py,
      double[] tt,
      int x0,
      int x1,
      int y0,
      int y1,
      int stride,
      int[] start) {
    int n = t.length;
    double depth2 = DEPTH_KM * DEPTH_KM;
    double bestSs = Double.POSITIVE_INFINITY;
    int[] best = start;
    for (int iy = y0; iy <= y1; iy += stride) {
      double gy = iy * GRID_KM;
      for (int ix = x0; ix <= x1; ix += stride) {
        double gx = ix * GRID_KM;
        double mean = 0;
        for (int i = 0; i < n; i++) {
          double dx = px[i] - gx;
          double dy = py[i] - gy;
          tt[i] = Math.sqrt(dx * dx + dy * dy + depth2) / P_VELOCITY_KM_S;
          mean += t[i] - tt[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
          double r = t[i] - tt[i] - mean;
          ss += r * r;
        }
        if (ss < bestSs) {
          bestSs = ss;
          best = new int[] {ix, iy};
        }
      }
    }
    return best;
  }
}
