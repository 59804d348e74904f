package io.quakegraph.seismic;

/**
 * Epicentral distances and azimuths on the spherical Earth of radius {@value #EARTH_RADIUS_KM} km,
 * the sphere of TauP's travel times and of the 1-D locators. The one place where the project
 * measures distance on the Earth's surface.
 *
 * <p>Two routes to the same great-circle arc: {@link #epicentralKm(double, double, double, double)}
 * from latitudes and longitudes (haversine), and {@link #epicentralKm(double[], double[])} from two
 * precomputed {@link #unitVector unit vectors} (via their chord), for inner loops that measure many
 * distances to the same points. The two agree to within 1e-9 km up to the network scales used here.
 */
public final class Geodesy {
  /** Mean Earth radius, km (TauP's spherical Earth). */
  public static final double EARTH_RADIUS_KM = 6371.0;

  /** Kilometres per degree of great circle (of latitude) on that sphere. */
  public static final double KM_PER_DEGREE = EARTH_RADIUS_KM * Math.PI / 180.0;

  private Geodesy() {}

  /**
   * Epicentral distance between two points, km: the great-circle arc (haversine, in the atan2 form,
   * well conditioned from zero to antipodal distances).
   */
  public static double epicentralKm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    double c = 2 * Math.atan2(Math.sqrt(h), Math.sqrt(Math.max(0, 1 - h)));
    return c * EARTH_RADIUS_KM;
  }

  /**
   * Epicentral distance, azimuth and back-azimuth: {epicentral km, azimuth source->station deg,
   * back-azimuth station->source deg}, for a source at (lat1, lon1) and a station at (lat2, lon2).
   */
  public static double[] distanceAzimuth(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dl = Math.toRadians(lon2 - lon1);
    double az =
        Math.atan2(
            Math.sin(dl) * Math.cos(p2),
            Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
    double baz =
        Math.atan2(
            -Math.sin(dl) * Math.cos(p1),
            Math.cos(p2) * Math.sin(p1) - Math.sin(p2) * Math.cos(p1) * Math.cos(dl));
    return new double[] {
      epicentralKm(lat1, lon1, lat2, lon2),
      (Math.toDegrees(az) + 360) % 360,
      (Math.toDegrees(baz) + 360) % 360
    };
  }

  /** The unit vector of a point on the sphere (x towards 0°E on the equator, z north). */
  public static double[] unitVector(double lat, double lon) {
    double p = Math.toRadians(lat);
    double l = Math.toRadians(lon);
    return new double[] {Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)};
  }

  /** Epicentral distance between the points of two {@link #unitVector unit vectors}, km. */
  public static double epicentralKm(double[] u, double[] v) {
    return chordToArcKm(u[0] - v[0], u[1] - v[1], u[2] - v[2]);
  }

  /**
   * The great-circle arc, km, of the chord {@code (dx, dy, dz)} between two unit vectors (accurate
   * at small distances): for loops that keep the vectors' components in separate arrays.
   */
  public static double chordToArcKm(double dx, double dy, double dz) {
    double chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, chord / 2));
  }
}
