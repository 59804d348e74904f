package io.quakegraph.synth;

import java.util.SplittableRandom;

/**
 * The real-world site term of a station: a Vs30 and a kappa0 drawn per station, and from them a
 * frequency-dependent amplification and the high-frequency diminution {@code exp(-pi kappa0 f)}.
 *
 * <ul>
 *   <li>Vs30: log-normal, median {@value #VS30_MEDIAN} m/s, sigma(ln) {@value #VS30_SIGMA_LN},
 *       limited to 150-1500 m/s (the spread of measured Vs30 at Southern California network
 *       stations, Yong et al. 2016, BSSA 106(1):28; most stations are on rock or stiff soil).
 *   <li>Amplification {@code A(f) = s * A760(f) * exp(c(1/f) ln(min(Vs30, 1300) / 760))}: {@code
 *       A760} the generic crustal amplification of a Western US profile with Vs30 = 760 m/s (Boore
 *       2016, BSSA 106(1):316-320, the update of Boore and Joyner 1997; relative to a source with
 *       beta 3.5 km/s and rho 2.72 g/cm^3, near the simulator's source layers), then BSSA14's
 *       linear site coefficient {@code c(T)} ({@link Bssa14}; interpolated in log period, held
 *       beyond 0.01 and 10 s) from that 760 m/s reference to the station's Vs30, and {@code s} the
 *       station's own log-normal scatter (its ideal amplification over the ideal median, {@value
 *       SyntheticNetwork#SITE_AMP_MEDIAN}). BSSA14's coefficients describe response spectra, not
 *       Fourier amplitudes; at a linear site the two scale alike to within the scatter here.
 *   <li>kappa0: log-normal, median {@value #KAPPA_MEDIAN_S} s, sigma(ln) {@value #KAPPA_SIGMA_LN},
 *       limited to 0.005-0.12 s (Anderson and Hough 1984; the 0.01-0.08 s of Ktenidou et al. 2014,
 *       Seismol. Res. Lett. 85(1):135, compilation), softer sites higher (the draw is correlated
 *       with Vs30).
 * </ul>
 */
final class SiteResponse {
  static final double VS30_MEDIAN = 500;
  static final double VS30_SIGMA_LN = 0.4;
  static final double KAPPA_MEDIAN_S = 0.035;
  static final double KAPPA_SIGMA_LN = 0.45;

  /** BSSA14 periods (s) and linear site coefficients c. */
  private static final double[] PERIOD = {
    0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5,
    7.5, 10
  };

  private static final double[] C = {
    -0.6037, -0.5739, -0.5341, -0.4580, -0.4441, -0.4872, -0.5796, -0.6876, -0.7718, -0.8417,
    -0.9109, -0.9693, -1.0154, -1.0500, -1.0454, -1.0392, -1.0112, -0.9694, -0.9195, -0.7766,
    -0.6558
  };

  /** BSSA14's reference Vs30, m/s, which the generic amplification describes. */
  static final double VS30_REFERENCE = 760;

  /** Above this Vs30 the linear site term stops growing (BSSA14's Vc at short periods). */
  static final double VS30_LIMIT = 1300;

  /** Boore (2016) generic WUS rock (Vs30 = 760 m/s) amplification: frequencies, Hz. */
  private static final double[] GENERIC_F = {
    0.010, 0.015, 0.021, 0.031, 0.045, 0.065, 0.095, 0.138, 0.200, 0.291, 0.423, 0.615, 0.894,
    1.301, 1.892, 2.751, 4.000, 5.817, 8.459, 12.301, 17.889, 26.014, 37.830, 55.012, 80.000
  };

  /** Boore (2016) generic WUS rock amplification at {@link #GENERIC_F}. */
  private static final double[] GENERIC_A = {
    1.00, 1.01, 1.02, 1.02, 1.04, 1.06, 1.09, 1.13, 1.18, 1.25, 1.32, 1.41, 1.51, 1.64, 1.80, 1.99,
    2.18, 2.38, 2.56, 2.75, 2.95, 3.17, 3.42, 3.68, 3.96
  };

  private final double amplification;
  private final double vs30;
  private final double kappaS;

  SiteResponse(double scatter, double vs30, double kappaS) {
    this.amplification = scatter;
    this.vs30 = vs30;
    this.kappaS = kappaS;
  }

  /**
   * The real-world site of a station: Vs30 and kappa0 from the station's own seed, {@code scatter}
   * its frequency-independent factor (median 1).
   */
  static SiteResponse draw(double scatter, long stationSeed) {
    SplittableRandom rng = new SplittableRandom(Seeds.mix(stationSeed, 0x517E));
    double z = rng.nextGaussian();
    double vs30 = Math.max(150, Math.min(1500, VS30_MEDIAN * Math.exp(VS30_SIGMA_LN * z)));
    // Softer ground, higher kappa: half of ln(kappa)'s variance follows -ln(Vs30).
    double zk = -Math.sqrt(0.5) * z + Math.sqrt(0.5) * rng.nextGaussian();
    double kappa = Math.max(0.005, Math.min(0.12, KAPPA_MEDIAN_S * Math.exp(KAPPA_SIGMA_LN * zk)));
    return new SiteResponse(scatter, vs30, kappa);
  }

  double vs30() {
    return vs30;
  }

  double kappaS() {
    return kappaS;
  }

  /** The station's frequency-independent scatter {@code s}. */
  double scatter() {
    return amplification;
  }

  /** ln(min(Vs30, limit) / 760): what BSSA14's c multiplies. */
  double vs30Log() {
    return Math.log(Math.min(vs30, VS30_LIMIT) / VS30_REFERENCE);
  }

  /** Amplification at {@code f} Hz. */
  double amplification(double f) {
    return amplification * Math.exp(lnGeneric(f) + linearCoefficient(f) * vs30Log());
  }

  /** ln of the generic 760 m/s amplification at {@code f} Hz (log-log interpolation). */
  static double lnGeneric(double f) {
    if (f <= GENERIC_F[0]) {
      return Math.log(GENERIC_A[0]);
    }
    int last = GENERIC_F.length - 1;
    if (f >= GENERIC_F[last]) {
      return Math.log(GENERIC_A[last]);
    }
    int k = 0;
    while (GENERIC_F[k + 1] < f) {
      k++;
    }
    double w = Math.log(f / GENERIC_F[k]) / Math.log(GENERIC_F[k + 1] / GENERIC_F[k]);
    return Math.log(GENERIC_A[k]) + w * Math.log(GENERIC_A[k + 1] / GENERIC_A[k]);
  }

  /** BSSA14's c at period 1/f, interpolated in log period. */
  static double linearCoefficient(double f) {
    double t = 1 / f;
    if (t <= PERIOD[0]) {
      return C[0];
    }
    if (t >= PERIOD[PERIOD.length - 1]) {
      return C[C.length - 1];
    }
    int k = 0;
    while (PERIOD[k + 1] < t) {
      k++;
    }
    double w = Math.log(t / PERIOD[k]) / Math.log(PERIOD[k + 1] / PERIOD[k]);
    return C[k] + w * (C[k + 1] - C[k]);
  }
}
