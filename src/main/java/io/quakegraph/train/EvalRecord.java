package io.quakegraph.train;

import io.quakegraph.model.Estimate;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Origin;

/**
 * One method's estimate for one evaluation graph (event, dropout level, time after first P), with
 * the truth it is scored against.
 *
 * @param method method name ({@code stgnn}, {@code gcn}, {@code classical}, {@code oracle})
 * @param eventId the event
 * @param dropout fraction of stations dropped
 * @param timeAfterFirstPS nominal time after the first P among the graph's stations, s
 * @param cutMicros the cut time, epoch µs
 * @param stations stations in the graph
 * @param truth true hypocentre and origin time
 * @param trueMagnitude true magnitude
 * @param estimate the estimate, or null when the method gave none (e.g. too few picks)
 */
public record EvalRecord(
    String method,
    String eventId,
    double dropout,
    double timeAfterFirstPS,
    long cutMicros,
    int stations,
    Origin truth,
    double trueMagnitude,
    Estimate estimate) {

  /** Whether the method produced a usable estimate. */
  public boolean hasEstimate() {
    return estimate != null
        && Double.isFinite(estimate.latitude())
        && Double.isFinite(estimate.longitude());
  }

  /** Epicentral error, km (great circle). */
  public double epicentralKm() {
    return Geodesy.epicentralKm(
        truth.latitude(), truth.longitude(), estimate.latitude(), estimate.longitude());
  }

  /** Absolute depth error, km. */
  public double depthKm() {
    return Math.abs(estimate.depthKm() - truth.depthKm());
  }

  /** Absolute magnitude error. */
  public double magnitudeAbs() {
    return Math.abs(estimate.magnitude() - trueMagnitude);
  }

  /** True origin time minus the cut time, s. */
  public double trueOriginOffsetS() {
    return (truth.timeMicros() - cutMicros) / 1e6;
  }

  /** Estimated origin time minus the cut time, s. */
  public double estimatedOriginOffsetS() {
    return (estimate.originMicros() - cutMicros) / 1e6;
  }

  /** Absolute origin-time error, s. */
  public double originAbsS() {
    return Math.abs(estimate.originMicros() - truth.timeMicros()) / 1e6;
  }

  /** Signed north error, km (estimate minus truth). */
  public double northKm() {
    return (estimate.latitude() - truth.latitude()) * Geodesy.KM_PER_DEGREE;
  }

  /** Signed east error, km (estimate minus truth). */
  public double eastKm() {
    return (estimate.longitude() - truth.longitude())
        * Geodesy.KM_PER_DEGREE
        * Math.cos(Math.toRadians(truth.latitude()));
  }

  /**
   * Per output (north, east, depth, magnitude, origin time): {@code |error| / sigma}, NaN where the
   * method gives no sigma.
   */
  public double[] normalisedErrors() {
    Estimate e = estimate;
    return new double[] {
      Math.abs(northKm()) / e.sigmaLatKm(),
      Math.abs(eastKm()) / e.sigmaLonKm(),
      depthKm() / e.sigmaDepthKm(),
      magnitudeAbs() / e.sigmaMagnitude(),
      originAbsS() / e.sigmaOriginS()
    };
  }
}
