package io.quakegraph.synth;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;
import java.util.SplittableRandom;

/**
 * An extended rupture for large earthquakes: a rectangle of Wells and Coppersmith (1994) length and
 * width ({@link RuptureScaling}) in the first nodal plane of the event's focal mechanism, cut into
 * a few dozen sub-faults, each with its own share of the moment (stochastic slip) and its own
 * rupture time (a circular front from the hypocentre at {@value #RUPTURE_SPEED_RATIO} times the
 * shear speed of the hypocentre's layer).
 *
 * <p>Geometry: strike and dip of the mechanism (Aki and Richards convention, the plane dips to the
 * right of the strike). The hypocentre lies at a random fraction 0.1-0.9 of the length (along
 * strike) and, preferably, in the deeper half of the width (Mai, Spudich and Boatwright 2005, BSSA
 * 95(3):965-980: hypocentres of large crustal events sit mostly in the lower part of the fault),
 * moved up or down as little as needed to keep the plane between the free surface and {@link
 * #seismogenicBottomKm} below (the width is first shortened to what the seismogenic layer allows at
 * that dip, and the length grown to keep the Wells and Coppersmith area).
 *
 * <p>Slip: a log-normal random field, {@code exp(sigma g - sigma^2/2)} with {@code sigma =} {@value
 * #SLIP_SIGMA_LN} and {@code g} white Gaussian noise smoothed with a Gaussian kernel of correlation
 * lengths a fifth of the length and a third of the width, normalised to unit variance: a smooth,
 * asperity-like distribution with a coefficient of variation near 0.6, as the finite-fault models
 * compiled by Mai and Beroza (2002, JGR 107(B11):2308).
 *
 * <p>The sub-fault that holds the hypocentre radiates from the hypocentre itself at time zero (the
 * nucleation), so the first arrival at every station is the hypocentre's: the catalogue truth of a
 * finite rupture stays its hypocentre.
 */
public final class FiniteRupture {
  /** Smallest moment magnitude simulated as a finite rupture. */
  public static final double MIN_MAGNITUDE = 6.0;

  /** Rupture speed over the shear-wave speed of the hypocentre's layer. */
  public static final double RUPTURE_SPEED_RATIO = 0.8;

  /** Standard deviation of ln(slip). */
  public static final double SLIP_SIGMA_LN = 0.6;

  /** The most sub-faults a rupture is cut into (the cost of a station grows with it). */
  public static final int MAX_SUBFAULTS = 48;

  /** Deepest a rupture reaches, km: the seismogenic layer of Southern California. */
  static final double SEISMOGENIC_BOTTOM_KM = 20;

  /**
   * One sub-fault.
   *
   * @param latitude of the point it radiates from, degrees
   * @param longitude degrees
   * @param depthKm km
   * @param momentShare its fraction of the seismic moment (all sum to 1)
   * @param ruptureTimeS when the rupture front reaches it, s after the origin time
   */
  public record SubFault(
      double latitude, double longitude, double depthKm, double momentShare, double ruptureTimeS) {}

  private final SyntheticEvent event;
  private final double lengthKm;
  private final double widthKm;
  private final double cellLengthKm;
  private final double cellWidthKm;
  private final double hypoAlongKm;
  private final double hypoDownKm;
  private final double ruptureSpeedKmS;
  private final SubFault[] subFaults;
  private final double[] strikeVec;
  private final double[] dipVec;

  private FiniteRupture(SyntheticEvent event, double vsKmS, long seed) {
    this.event = event;
    SplittableRandom rng = new SplittableRandom(seed);
    double mw = event.magnitude();
    double dip = Math.max(5, event.mechanism().dipDeg());
    double sinDip = Math.sin(Math.toRadians(dip));
    double depth = event.origin().depthKm();
    double bottom = seismogenicBottomKm(depth);
    double w = Math.min(RuptureScaling.widthKm(mw), bottom / sinDip);
    double l = Math.max(RuptureScaling.lengthKm(mw), RuptureScaling.areaKm2(mw) / w);
    if (w > l) {
      w = l;
    }
    lengthKm = l;
    widthKm = w;
    hypoAlongKm = l * rng.nextDouble(0.1, 0.9);
    double lowest = Math.max(0, w - (bottom - depth) / sinDip);
    double highest = Math.min(w, depth / sinDip);
    double preferred = w * rng.nextDouble(0.4, 0.9);
    hypoDownKm = Math.max(lowest, Math.min(highest, preferred));
    ruptureSpeedKmS = RUPTURE_SPEED_RATIO * vsKmS;

    double cell = Math.max(1.0, Math.sqrt(l * w / (MAX_SUBFAULTS * 0.85)));
    int nL = Math.max(1, (int) Math.round(l / cell));
    int nW = Math.max(1, (int) Math.round(w / cell));
    while (nL * nW > MAX_SUBFAULTS) {
      if (nL >= nW) {
        nL--;
      } else {
        nW--;
      }
    }
    cellLengthKm = l / nL;
    cellWidthKm = w / nW;

    double phi = Math.toRadians(event.mechanism().strikeDeg());
    double delta = Math.toRadians(dip);
    // north, east, down
    strikeVec = new double[] {Math.cos(phi), Math.sin(phi), 0};
    dipVec =
        new double[] {
          -Math.sin(phi) * Math.cos(delta), Math.cos(phi) * Math.cos(delta), Math.sin(delta)
        };

    double[] slip = slip(nL, nW, rng);
    double sum = 0;
    for (double s : slip) {
      sum += s;
    }
    int hypoI = Math.min(nL - 1, (int) (hypoAlongKm / cellLengthKm));
    int hypoJ = Math.min(nW - 1, (int) (hypoDownKm / cellWidthKm));
    subFaults = new SubFault[nL * nW];
    for (int i = 0; i < nL; i++) {
      for (int j = 0; j < nW; j++) {
        boolean nucleus = i == hypoI && j == hypoJ;
        double a = nucleus ? hypoAlongKm : (i + 0.5) * cellLengthKm;
        double b = nucleus ? hypoDownKm : (j + 0.5) * cellWidthKm;
        double[] p = point(a, b);
        double dist = Math.hypot(a - hypoAlongKm, b - hypoDownKm);
        subFaults[i * nW + j] =
            new SubFault(p[0], p[1], p[2], slip[i * nW + j] / sum, dist / ruptureSpeedKmS);
      }
    }
  }

  /**
   * The rupture of {@code event} (Mw &ge; {@value #MIN_MAGNITUDE}), or null for a smaller event (a
   * point source).
   *
   * @param vsKmS shear speed at the hypocentre
   * @param seed the rupture's own seed (hypocentre position on the plane and slip)
   */
  public static FiniteRupture of(SyntheticEvent event, double vsKmS, long seed) {
    if (event.magnitude() < MIN_MAGNITUDE) {
      return null;
    }
    return new FiniteRupture(event, vsKmS, seed);
  }

  /** Deepest point of a rupture whose hypocentre is at {@code depthKm}. */
  static double seismogenicBottomKm(double depthKm) {
    return Math.min(TravelTimes.MAX_DEPTH_KM - 1, Math.max(SEISMOGENIC_BOTTOM_KM, depthKm + 2));
  }

  /** {latitude, longitude, depth} of the point a km along strike and b km down dip. */
  private double[] point(double a, double b) {
    double da = a - hypoAlongKm;
    double db = b - hypoDownKm;
    double north = da * strikeVec[0] + db * dipVec[0];
    double east = da * strikeVec[1] + db * dipVec[1];
    double down = da * strikeVec[2] + db * dipVec[2];
    double lat0 = event.origin().latitude();
    double lat = lat0 + north / Geodesy.KM_PER_DEGREE;
    double lon =
        event.origin().longitude()
            + east / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(lat0)));
    double z = Math.max(0, Math.min(TravelTimes.MAX_DEPTH_KM, event.origin().depthKm() + down));
    return new double[] {lat, lon, z};
  }

  /** A smooth log-normal slip field on the nL x nW grid (mean 1 before normalisation). */
  private double[] slip(int nL, int nW, SplittableRandom rng) {
    double[] white = new double[nL * nW];
    for (int k = 0; k < white.length; k++) {
      white[k] = rng.nextGaussian();
    }
    double aL = Math.max(cellLengthKm, lengthKm / 5);
    double aW = Math.max(cellWidthKm, widthKm / 3);
    double[] g = new double[white.length];
    double mean = 0;
    for (int i = 0; i < nL; i++) {
      for (int j = 0; j < nW; j++) {
        double v = 0;
        for (int p = 0; p < nL; p++) {
          double x = (p - i) * cellLengthKm / aL;
          double kx = Math.exp(-x * x);
          for (int q = 0; q < nW; q++) {
            double y = (q - j) * cellWidthKm / aW;
            v += kx * Math.exp(-y * y) * white[p * nW + q];
          }
        }
        g[i * nW + j] = v;
        mean += v;
      }
    }
    mean /= g.length;
    double var = 0;
    for (double v : g) {
      var += (v - mean) * (v - mean);
    }
    double sd = g.length > 1 ? Math.sqrt(var / g.length) : 0;
    double[] slip = new double[g.length];
    for (int k = 0; k < g.length; k++) {
      double z = sd > 0 ? (g[k] - mean) / sd : 0;
      slip[k] = Math.exp(SLIP_SIGMA_LN * z - 0.5 * SLIP_SIGMA_LN * SLIP_SIGMA_LN);
    }
    return slip;
  }

  public SyntheticEvent event() {
    return event;
  }

  public double lengthKm() {
    return lengthKm;
  }

  public double widthKm() {
    return widthKm;
  }

  /** Size of a sub-fault along strike and down dip, km. */
  public double cellLengthKm() {
    return cellLengthKm;
  }

  public double cellWidthKm() {
    return cellWidthKm;
  }

  public double ruptureSpeedKmS() {
    return ruptureSpeedKmS;
  }

  /** The sub-faults, along strike then down dip. */
  public SubFault[] subFaults() {
    return subFaults.clone();
  }

  int size() {
    return subFaults.length;
  }

  SubFault subFault(int k) {
    return subFaults[k];
  }

  /** Time for the front to reach the farthest corner of the plane, s. */
  public double ruptureDurationS() {
    double a = Math.max(hypoAlongKm, lengthKm - hypoAlongKm);
    double b = Math.max(hypoDownKm, widthKm - hypoDownKm);
    return Math.hypot(a, b) / ruptureSpeedKmS;
  }

  /**
   * Joyner-Boore distance of a site, km: to the nearest point of the rupture's surface projection
   * (zero above it), in a flat frame around the hypocentre.
   */
  public double joynerBooreKm(double latitude, double longitude) {
    double lat0 = event.origin().latitude();
    double north = (latitude - lat0) * Geodesy.KM_PER_DEGREE;
    double east =
        (longitude - event.origin().longitude())
            * Geodesy.KM_PER_DEGREE
            * Math.cos(Math.toRadians(lat0));
    // Plane coordinates of the projection: along strike (a) and horizontal down-dip (b cos dip).
    double hs = Math.hypot(dipVec[0], dipVec[1]);
    double a = north * strikeVec[0] + east * strikeVec[1] + hypoAlongKm;
    double across = hs > 1e-9 ? (north * dipVec[0] + east * dipVec[1]) / hs : 0;
    double b0 = -hypoDownKm * hs;
    double b1 = (widthKm - hypoDownKm) * hs;
    double da = a < 0 ? -a : (a > lengthKm ? a - lengthKm : 0);
    double db = across < b0 ? b0 - across : (across > b1 ? across - b1 : 0);
    return Math.hypot(da, db);
  }
}
