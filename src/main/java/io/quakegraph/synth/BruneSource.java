package io.quakegraph.synth;

import java.util.SplittableRandom;

/**
 * The Brune (1970, 1971) omega-squared point source as used in the stochastic method of Boore
 * (2003, Pure Appl. Geophys. 160:635-676).
 *
 * <ul>
 *   <li>seismic moment {@code M0 = 10^(1.5 Mw + 9.1)} N m (Hanks and Kanamori 1979, IASPEI 2013
 *       constant 9.1);
 *   <li>corner frequency {@code fc = 4.906e6 beta (dsigma / M0)^(1/3)} with beta in km/s, stress
 *       drop in bars and M0 in dyne cm (Boore 2003 eq. 4);
 *   <li>source duration {@code 1/fc} (Boore 2003), or for M &gt; 5.5 the rupture time of a fault of
 *       the Wells and Coppersmith (1994, BSSA 84:974-1002, all slip types) subsurface rupture
 *       length {@code log10 L = -2.44 + 0.59 M} at a rupture speed of 0.8 beta, if longer (a simple
 *       finite-fault duration).
 * </ul>
 */
public final class BruneSource {
  /**
   * Median stress drop, MPa (Southern California average, e.g. Shearer et al. 2006: 0.5-20 MPa).
   */
  public static final double MEDIAN_STRESS_DROP_MPA = 3.0;

  /** Standard deviation of ln(stress drop). */
  public static final double STRESS_DROP_SIGMA_LN = 0.5;

  private BruneSource() {}

  /** Seismic moment, N m. */
  public static double momentNm(double mw) {
    return Math.pow(10, 1.5 * mw + 9.1);
  }

  /** Brune corner frequency (Hz) of the S spectrum for source-region shear velocity beta. */
  public static double cornerFrequencyHz(double mw, double stressDropMPa, double betaKmS) {
    double m0DyneCm = momentNm(mw) * 1e7;
    double bars = stressDropMPa * 10;
    return 4.906e6 * betaKmS * Math.cbrt(bars / m0DyneCm);
  }

  /** Source duration, seconds: {@code 1/fc}, or the finite-fault rupture time when longer. */
  public static double durationS(double mw, double stressDropMPa, double betaKmS) {
    double t = 1 / cornerFrequencyHz(mw, stressDropMPa, betaKmS);
    if (mw > 5.5) {
      double lengthKm = RuptureScaling.lengthKm(mw);
      t = Math.max(t, lengthKm / (0.8 * betaKmS));
    }
    return t;
  }

  /** Real-world stress parameter over the event's stress drop at M &ge; 5.5. */
  public static final double REAL_WORLD_STRESS_GAIN = 10.0 / 3.0;

  /**
   * The factor on an event's stress drop that gives the real-world simulator's stress parameter: 1
   * up to M 4, growing log-linearly to {@value #REAL_WORLD_STRESS_GAIN} at M 5.5, constant beyond
   * (a median of 3 MPa at M 4, 10 MPa from M 5.5). The stress parameter of the stochastic method is
   * not the physical stress drop of the ideal simulator's ML calibration: with the real-world path
   * and site (generic rock amplification, kappa0) it is what reproduces recorded peak motions, and
   * it grows with magnitude up to M 5-6 (Yenier and Atkinson 2015, BSSA 105(3):1435, for
   * California; Atkinson and Silva 2000 used 8 MPa for large California events). The end points
   * were set against BSSA14 (GroundMotionTest), the growth between them is the literature's.
   */
  public static double realWorldStressFactor(double mw) {
    double x = Math.max(0, Math.min(1, (mw - 4) / 1.5));
    return Math.pow(REAL_WORLD_STRESS_GAIN, x);
  }

  /**
   * Near-source saturation depth term h(M) (km) of Yenier and Atkinson (2015, BSSA 105(3):1435, eq.
   * 5), {@code h = 10^(-0.405 + 0.235 M)}: the effective distance {@code sqrt(R^2 + h^2)} stands
   * for the finite size of large ruptures near the station.
   */
  public static double saturationKm(double mw) {
    return Math.pow(10, -0.405 + 0.235 * mw);
  }

  /**
   * A stress drop from the log-normal distribution with median {@value #MEDIAN_STRESS_DROP_MPA} MPa
   * and sigma(ln) {@value #STRESS_DROP_SIGMA_LN}, limited to 0.1-100 MPa.
   */
  public static double sampleStressDropMPa(SplittableRandom rng) {
    double v = MEDIAN_STRESS_DROP_MPA * Math.exp(STRESS_DROP_SIGMA_LN * rng.nextGaussian());
    return Math.max(0.1, Math.min(100, v));
  }
}
