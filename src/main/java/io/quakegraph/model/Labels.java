package io.quakegraph.model;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.seismic.Origin;

/**
 * The true source of one graph, in physical units.
 *
 * @param latitude epicentre latitude, degrees
 * @param longitude epicentre longitude, degrees
 * @param depthKm depth, km
 * @param magnitude magnitude
 * @param originOffsetS origin time minus the cut time {@code t}, s (negative: the origin precedes
 *     the cut)
 */
public record Labels(
    double latitude, double longitude, double depthKm, double magnitude, double originOffsetS) {

  /** The labels of a sample cut at {@code cutMicros}. */
  public static Labels of(EventSample sample, long cutMicros) {
    Origin o = sample.truth().origin();
    return new Labels(
        o.latitude(),
        o.longitude(),
        o.depthKm(),
        sample.truth().magnitude(),
        (o.timeMicros() - cutMicros) / 1e6);
  }
}
