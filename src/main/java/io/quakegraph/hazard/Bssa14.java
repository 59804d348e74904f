package io.quakegraph.hazard;

/**
 * The ground-motion model of Boore, Stewart, Seyhan &amp; Atkinson (2014), <i>NGA-West2 equations
 * for predicting PGA, PGV, and 5% damped PSA for shallow crustal earthquakes</i>, Earthquake
 * Spectra 30(3), 1057-1085 (BSSA14), for PGA and PGV (RotD50).
 *
 * <p>Choices, because an early-warning alert knows only a point source: the mechanism is
 * unspecified (the {@code e0} magnitude term), the Joyner-Boore distance is the epicentral
 * distance, the region is California (its anelastic term {@code Δc3} is 0 for PGA and PGV) and the
 * basin depth is unknown ({@code δz1 = 0}, so no basin term; BSSA14 apply none below 0.65 s
 * anyway). Coefficients are the PGA and PGV rows of the authors' coefficient table.
 */
public final class Bssa14 {
  private static final double M_REF = 4.5;
  private static final double R_REF = 1.0;
  private static final double V_REF = 760.0;
  private static final double F3 = 0.1;

  /** The intensity measures this class predicts. */
  public enum Measure {
    /** Peak ground acceleration, g. */
    PGA(
        new Coefficients(
            0.4473, 5.5, 1.431, 0.05053, -0.1662, -1.134, 0.1917, -0.008088, 4.5, -0.6, 1500, -0.15,
            -0.00701, 110, 270, 0.100, 0.070, 225, 300, 0.695, 0.495, 0.398, 0.348)),
    /** Peak ground velocity, cm/s. */
    PGV(
        new Coefficients(
            5.037, 6.2, 1.073, -0.1536, 0.2252, -1.243, 0.1489, -0.00344, 5.3, -0.84, 1300, -0.1,
            -0.00844, 105, 272, 0.082, 0.080, 225, 300, 0.644, 0.552, 0.401, 0.346));

    final Coefficients c;

    Measure(Coefficients c) {
      this.c = c;
    }
  }

  /** One row of the coefficient table (the terms used here). */
  record Coefficients(
      double e0,
      double mh,
      double e4,
      double e5,
      double e6,
      double c1,
      double c2,
      double c3,
      double h,
      double clin,
      double vc,
      double f4,
      double f5,
      double r1,
      double r2,
      double dPhiR,
      double dPhiV,
      double v1,
      double v2,
      double phi1,
      double phi2,
      double tau1,
      double tau2) {}

  /**
   * A prediction.
   *
   * @param median the median (g for PGA, cm/s for PGV)
   * @param sigmaLn total standard deviation of ln(value): sqrt(φ² + τ²)
   */
  public record Prediction(double median, double sigmaLn) {
    /** The value {@code n} standard deviations above the median. */
    public double plusSigmas(double n) {
      return median * Math.exp(n * sigmaLn);
    }
  }

  private Bssa14() {}

  /**
   * The prediction for magnitude {@code m} at Joyner-Boore distance {@code rjbKm} on a site with
   * time-averaged shear-wave velocity {@code vs30} (m/s) in the upper 30 m.
   */
  public static Prediction predict(Measure measure, double m, double rjbKm, double vs30) {
    if (!(rjbKm >= 0) || !(vs30 > 0) || !Double.isFinite(m)) {
      throw new IllegalArgumentException(
          "BSSA14 needs finite M, Rjb >= 0 and Vs30 > 0: " + m + ", " + rjbKm + ", " + vs30);
    }
    double pgaRock = Math.exp(lnRock(Measure.PGA.c, m, rjbKm));
    double lnY = lnRock(measure.c, m, rjbKm) + siteTerm(measure.c, vs30, pgaRock);
    return new Prediction(Math.exp(lnY), sigma(measure.c, m, rjbKm, vs30));
  }

  /** ln of the median on the reference site (Vs30 = 760 m/s): source and path terms. */
  private static double lnRock(Coefficients c, double m, double rjbKm) {
    double source =
        m <= c.mh()
            ? c.e0() + c.e4() * (m - c.mh()) + c.e5() * (m - c.mh()) * (m - c.mh())
            : c.e0() + c.e6() * (m - c.mh());
    double r = Math.sqrt(rjbKm * rjbKm + c.h() * c.h());
    double path = (c.c1() + c.c2() * (m - M_REF)) * Math.log(r / R_REF) + c.c3() * (r - R_REF);
    return source + path;
  }

  /** Linear plus non-linear site amplification (ln units). */
  private static double siteTerm(Coefficients c, double vs30, double pgaRock) {
    double linear = c.clin() * Math.log(Math.min(vs30, c.vc()) / V_REF);
    double f2 =
        c.f4()
            * (Math.exp(c.f5() * (Math.min(vs30, V_REF) - 360)) - Math.exp(c.f5() * (V_REF - 360)));
    double nonlinear = f2 * Math.log((pgaRock + F3) / F3);
    return linear + nonlinear;
  }

  private static double sigma(Coefficients c, double m, double rjbKm, double vs30) {
    double tau = byMagnitude(m, c.tau1(), c.tau2());
    double phi = byMagnitude(m, c.phi1(), c.phi2());
    if (rjbKm > c.r2()) {
      phi += c.dPhiR();
    } else if (rjbKm > c.r1()) {
      phi += c.dPhiR() * Math.log(rjbKm / c.r1()) / Math.log(c.r2() / c.r1());
    }
    if (vs30 <= c.v1()) {
      phi -= c.dPhiV();
    } else if (vs30 < c.v2()) {
      phi -= c.dPhiV() * Math.log(c.v2() / vs30) / Math.log(c.v2() / c.v1());
    }
    return Math.sqrt(phi * phi + tau * tau);
  }

  private static double byMagnitude(double m, double small, double large) {
    if (m <= 4.5) {
      return small;
    }
    if (m >= 5.5) {
      return large;
    }
    return small + (large - small) * (m - 4.5);
  }
}
