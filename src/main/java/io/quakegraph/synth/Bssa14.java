package io.quakegraph.synth;

/**
 * The NGA-West2 ground-motion model of Boore, Stewart, Seyhan and Atkinson (2014, Earthquake
 * Spectra 30(3):1057-1085), "BSSA14", for PGA and PGV (RotD50 of the two horizontals), California
 * and global region (no regional anelastic correction), no basin term. The yardstick of the
 * simulator's amplitudes for M 4-8 (a test compares them).
 *
 * <pre>
 * ln Y = F_E(M, mech) + F_P(R_JB, M) + F_S(Vs30, PGAr)
 * F_E  = e_mech + e4 (M - Mh) + e5 (M - Mh)^2   (M &lt;= Mh),   e_mech + e6 (M - Mh)   (M &gt; Mh)
 * F_P  = [c1 + c2 (M - 4.5)] ln(R / 1) + c3 (R - 1),   R = sqrt(R_JB^2 + h^2)
 * F_S  = c ln(min(Vs30, Vc) / 760) + f2 ln((PGAr + f3) / f3),
 *        f2 = f4 [exp(f5 (min(Vs30, 760) - 360)) - exp(f5 (760 - 360))],  f3 = 0.1 g
 * </pre>
 *
 * with the published coefficients (BSSA14 electronic supplement, rows PGV and PGA). The standard
 * deviation is {@code sqrt(tau(M)^2 + phi(M, R_JB)^2)} with the model's magnitude and distance
 * dependence (the Vs30 dependence of phi, below 300 m/s, is left out).
 */
public final class Bssa14 {
  /** Intensity measures. */
  public enum Measure {
    /** Peak ground acceleration, g. */
    PGA,
    /** Peak ground velocity, cm/s. */
    PGV
  }

  /** Style of faulting (the e0..e3 columns). */
  public enum Mechanism {
    UNSPECIFIED,
    STRIKE_SLIP,
    NORMAL,
    REVERSE;

    /** The style of a rake (BSSA14's ranges: normal -150..-30, reverse 30..150). */
    public static Mechanism ofRake(double rakeDeg) {
      double r = ((rakeDeg + 180) % 360 + 360) % 360 - 180;
      if (r > 30 && r < 150) {
        return REVERSE;
      }
      if (r < -30 && r > -150) {
        return NORMAL;
      }
      return STRIKE_SLIP;
    }
  }

  private record Coefficients(
      double[] e,
      double e4,
      double e5,
      double e6,
      double mh,
      double c1,
      double c2,
      double c3,
      double h,
      double c,
      double vc,
      double f4,
      double f5,
      double r1,
      double r2,
      double dPhiR,
      double phi1,
      double phi2,
      double tau1,
      double tau2) {}

  private static final Coefficients PGV =
      new Coefficients(
          new double[] {5.037, 5.078, 4.849, 5.033},
          1.073,
          -0.1536,
          0.2252,
          6.2,
          -1.243,
          0.1489,
          -0.00344,
          5.3,
          -0.84,
          1300,
          -0.1,
          -0.00844,
          105,
          272,
          0.082,
          0.644,
          0.552,
          0.401,
          0.346);

  private static final Coefficients PGA =
      new Coefficients(
          new double[] {0.4473, 0.4856, 0.2459, 0.4539},
          1.431,
          0.05053,
          -0.1662,
          5.5,
          -1.134,
          0.1917,
          -0.008088,
          4.5,
          -0.6,
          1500,
          -0.15,
          -0.00701,
          110,
          270,
          0.1,
          0.695,
          0.495,
          0.398,
          0.348);

  private static final double M_REF = 4.5;
  private static final double R_REF = 1;
  private static final double V_REF = 760;
  private static final double F3 = 0.1;

  private Bssa14() {}

  /**
   * Median of the measure.
   *
   * @param mw moment magnitude
   * @param rjbKm Joyner-Boore distance, km
   * @param vs30 time-averaged shear speed of the top 30 m, m/s
   * @return PGA in g or PGV in cm/s
   */
  public static double median(Measure m, double mw, double rjbKm, Mechanism mech, double vs30) {
    double lnY = lnRock(coefficients(m), mw, rjbKm, mech);
    if (vs30 != V_REF) {
      double pgaRock = Math.exp(lnRock(PGA, mw, rjbKm, mech));
      lnY += site(coefficients(m), vs30, pgaRock);
    }
    return Math.exp(lnY);
  }

  /** Total standard deviation of ln Y. */
  public static double sigmaLn(Measure m, double mw, double rjbKm) {
    Coefficients k = coefficients(m);
    double tau;
    double phi;
    if (mw <= 4.5) {
      tau = k.tau1();
      phi = k.phi1();
    } else if (mw < 5.5) {
      tau = k.tau1() + (k.tau2() - k.tau1()) * (mw - 4.5);
      phi = k.phi1() + (k.phi2() - k.phi1()) * (mw - 4.5);
    } else {
      tau = k.tau2();
      phi = k.phi2();
    }
    if (rjbKm > k.r2()) {
      phi += k.dPhiR();
    } else if (rjbKm > k.r1()) {
      phi += k.dPhiR() * Math.log(rjbKm / k.r1()) / Math.log(k.r2() / k.r1());
    }
    return Math.sqrt(tau * tau + phi * phi);
  }

  private static Coefficients coefficients(Measure m) {
    return m == Measure.PGA ? PGA : PGV;
  }

  private static double lnRock(Coefficients k, double mw, double rjbKm, Mechanism mech) {
    double dm = mw - k.mh();
    double fe =
        k.e()[mech.ordinal()] + (mw <= k.mh() ? k.e4() * dm + k.e5() * dm * dm : k.e6() * dm);
    double r = Math.sqrt(rjbKm * rjbKm + k.h() * k.h());
    double fp = (k.c1() + k.c2() * (mw - M_REF)) * Math.log(r / R_REF) + k.c3() * (r - R_REF);
    return fe + fp;
  }

  private static double site(Coefficients k, double vs30, double pgaRockG) {
    double lin = k.c() * Math.log(Math.min(vs30, k.vc()) / V_REF);
    double f2 =
        k.f4()
            * (Math.exp(k.f5() * (Math.min(vs30, V_REF) - 360)) - Math.exp(k.f5() * (V_REF - 360)));
    return lin + f2 * Math.log((pgaRockG + F3) / F3);
  }
}
