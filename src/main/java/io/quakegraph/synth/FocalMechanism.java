package io.quakegraph.synth;

import java.util.SplittableRandom;

/**
 * A double-couple focal mechanism (strike, dip, rake in degrees, Aki and Richards 1980 convention:
 * strike clockwise from north with the fault dipping to the right, dip 0-90, rake -180..180).
 *
 * <p>{@link #radiation} gives the far-field P, SV and SH radiation coefficients of Aki and Richards
 * (2002, Quantitative Seismology, eq. 4.89) for a ray leaving the source at a take-off angle
 * (measured from the downward vertical, as TauP reports it) and source-to-station azimuth.
 */
public record FocalMechanism(double strikeDeg, double dipDeg, double rakeDeg) {

  public FocalMechanism {
    if (!Double.isFinite(strikeDeg) || !Double.isFinite(dipDeg) || !Double.isFinite(rakeDeg)) {
      throw new IllegalArgumentException(
          "focal mechanism angles must be finite: " + strikeDeg + "/" + dipDeg + "/" + rakeDeg);
    }
    if (dipDeg < 0 || dipDeg > 90) {
      throw new IllegalArgumentException("dip must be within 0..90 degrees: " + dipDeg);
    }
  }

  /**
   * A random mechanism: strike uniform, rake uniform, and the fault normal uniform on the sphere
   * (cos(dip) uniform), so that no orientation is preferred.
   */
  public static FocalMechanism random(SplittableRandom rng) {
    double strike = rng.nextDouble(0, 360);
    double dip = Math.toDegrees(Math.acos(rng.nextDouble()));
    double rake = rng.nextDouble(-180, 180);
    return new FocalMechanism(strike, Math.min(90, dip), rake);
  }

  /** Far-field radiation coefficients of one ray; each in [-1, 1]. */
  public record Radiation(double p, double sv, double sh) {}

  /**
   * Aki and Richards (2002) eq. 4.89 radiation coefficients.
   *
   * @param takeoffDeg take-off angle from the downward vertical (0 = straight down, 180 = up)
   * @param azimuthDeg azimuth from the source to the station, clockwise from north
   */
  public Radiation radiation(double takeoffDeg, double azimuthDeg) {
    double phiS = Math.toRadians(strikeDeg);
    double delta = Math.toRadians(dipDeg);
    double lambda = Math.toRadians(rakeDeg);
    double ih = Math.toRadians(takeoffDeg);
    double d = Math.toRadians(azimuthDeg) - phiS;
    double sinI = Math.sin(ih);
    double cosI = Math.cos(ih);
    double sin2I = Math.sin(2 * ih);
    double cos2I = Math.cos(2 * ih);
    double sinL = Math.sin(lambda);
    double cosL = Math.cos(lambda);
    double sinD = Math.sin(delta);
    double cosD = Math.cos(delta);
    double sin2D = Math.sin(2 * delta);
    double cos2D = Math.cos(2 * delta);
    double sinP = Math.sin(d);
    double cosP = Math.cos(d);
    double sin2P = Math.sin(2 * d);
    double cos2P = Math.cos(2 * d);

    double fp =
        cosL * sinD * sinI * sinI * sin2P
            - cosL * cosD * sin2I * cosP
            + sinL * sin2D * (cosI * cosI - sinI * sinI * sinP * sinP)
            + sinL * cos2D * sin2I * sinP;
    double fsv =
        sinL * cos2D * cos2I * sinP
            - cosL * cosD * cos2I * cosP
            + 0.5 * cosL * sinD * sin2I * sin2P
            - 0.5 * sinL * sin2D * sin2I * (1 + sinP * sinP);
    double fsh =
        cosL * cosD * cosI * sinP
            + cosL * sinD * sinI * cos2P
            + sinL * cos2D * cosI * cosP
            - 0.5 * sinL * sin2D * sinI * sin2P;
    return new Radiation(fp, fsv, fsh);
  }
}
