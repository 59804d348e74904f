package io.quakegraph.seismic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Southern California local magnitude ML after Hutton and Boore (1987), BSSA 77(6):2074-2094, the
 * IASPEI standard form:
 *
 * <pre>ML = log10(A) + 1.110 log10(r/100) + 0.00189 (r - 100) + 3.0</pre>
 *
 * with {@code A} the zero-to-peak amplitude in mm on a horizontal Wood-Anderson trace of
 * magnification 2080 ({@link WoodAnderson#fromVelocity}) and {@code r} the hypocentral distance in
 * km (valid roughly 10-700 km).
 *
 * <p>Following SCSN practice, every horizontal component gives its own magnitude ({@link
 * #componentMagnitude}); the event ML is the median of all component magnitudes ({@link
 * #eventMagnitude}), which resists a clipped or mis-oriented channel better than a mean. {@link
 * #stationMagnitude} is the mean of a station's two component magnitudes (the log of the geometric
 * mean amplitude), for callers that want one value per station. SCSN station corrections are not
 * applied: they are not published as a file we hold.
 */
public final class LocalMagnitude {

  private LocalMagnitude() {}

  /** {@code -log10 A0(r)}: the magnitude of a 1 mm Wood-Anderson amplitude at {@code r} km. */
  public static double minusLogA0(double hypocentralDistanceKm) {
    double r = hypocentralDistanceKm;
    if (!(r > 0) || Double.isInfinite(r)) {
      throw new IllegalArgumentException("hypocentral distance must be positive km: " + r);
    }
    return 1.110 * Math.log10(r / 100.0) + 0.00189 * (r - 100.0) + 3.0;
  }

  /**
   * ML from a Wood-Anderson zero-to-peak amplitude (mm) at hypocentral distance {@code r} (km).
   *
   * @throws IllegalArgumentException for a non-positive amplitude (a dead channel has no magnitude)
   *     or distance
   */
  public static double huttonBoore(double amplitudeMm, double hypocentralDistanceKm) {
    if (!(amplitudeMm > 0) || Double.isInfinite(amplitudeMm)) {
      throw new IllegalArgumentException(
          "Wood-Anderson amplitude must be positive mm: " + amplitudeMm);
    }
    return Math.log10(amplitudeMm) + minusLogA0(hypocentralDistanceKm);
  }

  /** ML of one horizontal Wood-Anderson trace (mm) at hypocentral distance {@code r} km. */
  public static double componentMagnitude(Trace wa, double hypocentralDistanceKm) {
    double a = WoodAnderson.peakAmplitudeMm(wa);
    if (!(a > 0)) {
      throw new IllegalArgumentException(
          "no Wood-Anderson amplitude on " + wa.id() + " (flat or empty trace)");
    }
    return huttonBoore(a, hypocentralDistanceKm);
  }

  /**
   * Station ML: the mean of the north and east component magnitudes (each from its own peak, not
   * from the vector sum), equivalent to using the geometric mean of the two amplitudes.
   */
  public static double stationMagnitude(Trace waN, Trace waE, double hypocentralDistanceKm) {
    return 0.5
        * (componentMagnitude(waN, hypocentralDistanceKm)
            + componentMagnitude(waE, hypocentralDistanceKm));
  }

  /**
   * Event ML: the median of component magnitudes (pass every horizontal component of every
   * station).
   *
   * @throws IllegalArgumentException when the list is empty or holds a non-finite value
   */
  public static double eventMagnitude(List<Double> componentMagnitudes) {
    if (componentMagnitudes.isEmpty()) {
      throw new IllegalArgumentException("no component magnitudes to combine");
    }
    List<Double> m = new ArrayList<>(componentMagnitudes);
    for (Double v : m) {
      if (v == null || !Double.isFinite(v)) {
        throw new IllegalArgumentException("component magnitude is not finite: " + v);
      }
    }
    Collections.sort(m);
    int n = m.size();
    return n % 2 == 1 ? m.get(n / 2) : 0.5 * (m.get(n / 2 - 1) + m.get(n / 2));
  }

  /**
   * Straight-line hypocentral distance (km) from a hypocentre at {@code depthKm} below sea level to
   * a station at {@code elevationM} above it; the epicentral part is the great-circle arc on a
   * sphere of radius {@link Geodesy#EARTH_RADIUS_KM} (flat-Earth error &lt; 0.1 % inside 300 km).
   */
  public static double hypocentralDistanceKm(
      double eventLat,
      double eventLon,
      double depthKm,
      double stationLat,
      double stationLon,
      double elevationM) {
    double epi = Geodesy.epicentralKm(eventLat, eventLon, stationLat, stationLon);
    double dz = depthKm + elevationM / 1000.0;
    return Math.hypot(epi, dz);
  }
}
