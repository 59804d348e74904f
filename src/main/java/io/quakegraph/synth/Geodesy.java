package io.quakegraph.synth;

/** Great-circle distance and azimuths on a sphere of radius 6371 km (as TauP's model). */
final class Geodesy {
  static final double EARTH_RADIUS_KM = 6371.0;

  private Geodesy() {}

  /** {epicentral km, azimuth source->station deg, back-azimuth station->source deg}. */
  static double[] distanceAzimuth(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dl = Math.toRadians(lon2 - lon1);
    double dp = p2 - p1;
    double h =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    double c = 2 * Math.atan2(Math.sqrt(h), Math.sqrt(Math.max(0, 1 - h)));
    double az =
        Math.atan2(
            Math.sin(dl) * Math.cos(p2),
            Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
    double baz =
        Math.atan2(
            -Math.sin(dl) * Math.cos(p1),
            Math.cos(p2) * Math.sin(p1) - Math.sin(p2) * Math.cos(p1) * Math.cos(dl));
    return new double[] {
      c * EARTH_RADIUS_KM,
      (Math.toDegrees(az) + 360) % 360,
      (Math.toDegrees(baz) + 360) % 360
    };
  }
}
