package io.quakegraph.stream;

/**
 * How long a large earthquake's alert keeps updating, and how its magnitude may move meanwhile:
 * pure logic, no Flink.
 *
 * <p>A point-source alert of a small event is done after a fixed span ({@code maxEventSeconds}):
 * its source is over in a second and its S waves have crossed the stations that matter. A rupture
 * of M ≥ {@value #LARGE_MAGNITUDE} lasts tens of seconds (M8: over a minute), its magnitude grows
 * with it, and the strong shaking it sends is the S wave from every point of the fault; so its
 * alert keeps updating until the S wave from the far end of the fault has crossed the whole
 * network, and while the fault may still be breaking its magnitude is not revised down (a lower
 * estimate then only means the rupture has not shown all of itself yet, and a warning once widened
 * is not narrowed).
 *
 * <p>Scaling: rupture length from Wells &amp; Coppersmith (1994), all slip types, {@code log10 L =
 * -2.44 + 0.59 M} km; unilateral rupture at {@value #RUPTURE_VELOCITY_KM_S} km/s; crustal S at
 * {@value #VS_KM_S} km/s.
 */
public final class RuptureClock {
  /** Magnitude from which an event is treated as a finite rupture. */
  public static final double LARGE_MAGNITUDE = 6.5;

  /** Rupture front speed, km/s (about 0.8 of the crustal S velocity). */
  static final double RUPTURE_VELOCITY_KM_S = 2.5;

  /** Crustal S velocity, km/s. */
  static final double VS_KM_S = 3.5;

  private RuptureClock() {}

  /** Whether an estimate of magnitude {@code m} is a large (finite) rupture. */
  public static boolean large(double m) {
    return m >= LARGE_MAGNITUDE;
  }

  /** Subsurface rupture length, km. */
  public static double ruptureLengthKm(double m) {
    return Math.pow(10, -2.44 + 0.59 * m);
  }

  /** Duration of a unilateral rupture, s. */
  public static double ruptureSeconds(double m) {
    return ruptureLengthKm(m) / RUPTURE_VELOCITY_KM_S;
  }

  /**
   * The data time up to which a large event keeps updating: the end of its rupture, plus the S
   * travel time from the fault's far end to the network's farthest station.
   *
   * @param originMicros estimated origin time, epoch µs
   * @param m estimated magnitude
   * @param farthestKm epicentral distance of the network's farthest station, km
   */
  public static long updatesUntilMicros(long originMicros, double m, double farthestKm) {
    double s = ruptureSeconds(m) + (farthestKm + ruptureLengthKm(m)) / VS_KM_S;
    return originMicros + Math.round(s * 1e6);
  }

  /** Whether the rupture of a large event of magnitude {@code m} may still be growing at t. */
  public static boolean growing(long originMicros, double m, long tMicros) {
    return large(m) && tMicros < originMicros + Math.round(ruptureSeconds(m) * 1e6);
  }

  /**
   * The magnitude to publish: the new estimate, but not below the previous published one while a
   * large rupture may still be growing.
   *
   * @param estimate this step's estimate
   * @param previous the previous version's magnitude, NaN for a first version
   * @param originMicros this step's origin time estimate
   * @param tMicros the step time
   */
  public static double magnitude(
      double estimate, double previous, long originMicros, long tMicros) {
    if (Double.isNaN(previous) || !growing(originMicros, previous, tMicros)) {
      return estimate;
    }
    return Math.max(estimate, previous);
  }
}
