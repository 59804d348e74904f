package io.quakegraph.synth;

/**
 * Path effects of Southern California after Raoof, Herrmann and Malagnini (1999, BSSA 89(4):888-902,
 * "Attenuation and excitation of three-component ground motion in southern California"):
 *
 * <ul>
 *   <li>geometric spreading {@code 1/R} to {@value #CROSSOVER_KM} km and {@code R^-0.5} beyond;
 *   <li>{@code Q(f) = 180 f^0.45} for S; the same Q is used for P (so P is attenuated less per km
 *       only through its higher speed, t* = R / (alpha Q));
 *   <li>ground-motion duration {@code T = T_source + 0.05 R} (Atkinson and Silva 2000, BSSA 90(2),
 *       for California).
 * </ul>
 */
public final class CrustalAttenuation {
  public static final double CROSSOVER_KM = 40;
  public static final double Q0 = 180;
  public static final double ETA = 0.45;
  public static final double PATH_DURATION_PER_KM = 0.05;

  private CrustalAttenuation() {}

  /** Geometric spreading factor (1/m) at distance {@code rKm}. */
  public static double spreading(double rKm) {
    double r = Math.max(rKm, 1e-3);
    if (r <= CROSSOVER_KM) {
      return 1 / (r * 1000);
    }
    return 1 / (CROSSOVER_KM * 1000) * Math.sqrt(CROSSOVER_KM / r);
  }

  /** Quality factor at {@code f} Hz. */
  public static double q(double f) {
    return Q0 * Math.pow(f, ETA);
  }

  /** Duration of the direct-wave train at hypocentral distance {@code rKm}, seconds. */
  public static double durationS(double sourceDurationS, double rKm) {
    return sourceDurationS + PATH_DURATION_PER_KM * rKm;
  }
}
