package io.quakegraph.synth;

import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.TravelTimes;
import java.util.Objects;

/**
 * One simulated earthquake: what the simulator needs to radiate it.
 *
 * @param eventId catalogue id (also seeds the event's stochastic waveforms)
 * @param origin hypocentre and origin time
 * @param magnitude moment magnitude Mw; the catalogue magnitude is the same number
 * @param stressDropMPa Brune stress drop, MPa (sample with {@link BruneSource#sampleStressDropMPa})
 * @param mechanism double-couple focal mechanism
 */
public record SyntheticEvent(
    String eventId,
    Origin origin,
    double magnitude,
    double stressDropMPa,
    FocalMechanism mechanism) {

  public SyntheticEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(mechanism, "mechanism");
    if (!Double.isFinite(magnitude) || magnitude < -2 || magnitude > 9.5) {
      throw new IllegalArgumentException(eventId + ": magnitude out of range: " + magnitude);
    }
    if (!(stressDropMPa > 0) || Double.isInfinite(stressDropMPa)) {
      throw new IllegalArgumentException(
          eventId + ": stress drop must be positive: " + stressDropMPa);
    }
    if (!(origin.depthKm() >= 0) || origin.depthKm() > TravelTimes.MAX_DEPTH_KM) {
      throw new IllegalArgumentException(
          eventId + ": depth must be 0.." + TravelTimes.MAX_DEPTH_KM + " km: " + origin.depthKm());
    }
  }
}
