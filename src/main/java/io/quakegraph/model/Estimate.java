package io.quakegraph.model;

/**
 * A source estimate with one-sigma uncertainties (NaN where a method gives none).
 *
 * @param latitude epicentre latitude, degrees
 * @param longitude epicentre longitude, degrees
 * @param depthKm hypocentre depth, km
 * @param magnitude magnitude
 * @param originMicros origin time, epoch µs
 * @param sigmaLatKm 1σ north-south, km
 * @param sigmaLonKm 1σ east-west, km
 * @param sigmaDepthKm 1σ depth, km
 * @param sigmaMagnitude 1σ magnitude
 * @param sigmaOriginS 1σ origin time, s
 */
public record Estimate(
    double latitude,
    double longitude,
    double depthKm,
    double magnitude,
    long originMicros,
    double sigmaLatKm,
    double sigmaLonKm,
    double sigmaDepthKm,
    double sigmaMagnitude,
    double sigmaOriginS) {

  /** Horizontal 1σ, km: the root sum of squares of the two axes. */
  public double sigmaHorizontalKm() {
    return Math.hypot(sigmaLatKm, sigmaLonKm);
  }
}
