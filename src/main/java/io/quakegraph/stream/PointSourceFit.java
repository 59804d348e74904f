package io.quakegraph.stream;

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
    double d = Associator.distanceKm(lat0, lon0, lat, lon);
    return Math.hypot(d, DEPTH_KM) / P_VELOCITY_KM_S;
  }

  /**
   * Searches epicentres within {@code radiusKm} of the earliest pick.
   *
   * @param picks at least one trigger onset
   * @param radiusKm half-width of the square grid, km
   */
  public static PointSourceFit of(List<Pick> picks, double radiusKm) {
    if (picks.isEmpty()) {
      throw new IllegalArgumentException("no picks to fit");
    }
    Pick first = picks.get(0);
    for (Pick p : picks) {
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
    double kmPerDegLat = 111.19;
    double kmPerDegLon = 111.19 * Math.cos(Math.toRadians(first.latitude()));
    int half = (int) Math.ceil(radiusKm / GRID_KM);
    double bestSs = Double.POSITIVE_INFINITY;
    double bestLat = first.latitude();
    double bestLon = first.longitude();
    double[] tt = new double[n];
    for (int iy = -half; iy <= half; iy++) {
      double lat = first.latitude() + iy * GRID_KM / kmPerDegLat;
      for (int ix = -half; ix <= half; ix++) {
        double lon = first.longitude() + ix * GRID_KM / kmPerDegLon;
        double mean = 0;
        for (int i = 0; i < n; i++) {
          Pick p = picks.get(i);
          tt[i] = travelTimeS(lat, lon, p.latitude(), p.longitude());
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
          bestLat = lat;
          bestLon = lon;
        }
      }
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      Pick p = picks.get(i);
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
}
