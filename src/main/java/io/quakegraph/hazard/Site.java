package io.quakegraph.hazard;

import java.util.Locale;

/**
 * A place whose shaking an operator wants to know.
 *
 * @param latitude degrees north
 * @param longitude degrees east
 * @param vs30 time-averaged shear-wave velocity of the upper 30 m, m/s
 */
public record Site(double latitude, double longitude, double vs30) {
  /**
   * Default Vs30: 760 m/s, the B/C rock boundary and BSSA14's reference site (no amplification).
   * Without a Vs30 map a reference value states plainly what was assumed; softer soil shakes more.
   */
  public static final double DEFAULT_VS30 = 760.0;

  public Site {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("site outside the globe: " + latitude + "," + longitude);
    }
    if (!(vs30 > 0)) {
      throw new IllegalArgumentException("Vs30 must be positive: " + vs30);
    }
  }

  /** Parses {@code LAT,LON} (decimal degrees), with the default Vs30. */
  public static Site parse(String text) {
    String[] p = text.trim().split("\\s*,\\s*");
    if (p.length != 2) {
      throw new IllegalArgumentException("a site is LAT,LON in degrees, got: " + text);
    }
    try {
      return new Site(Double.parseDouble(p[0]), Double.parseDouble(p[1]), DEFAULT_VS30);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a site is LAT,LON in degrees, got: " + text, e);
    }
  }

  /** The same place on another soil. */
  public Site withVs30(double v) {
    return new Site(latitude, longitude, v);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.4f,%.4f (Vs30 %.0f m/s)", latitude, longitude, vs30);
  }
}
