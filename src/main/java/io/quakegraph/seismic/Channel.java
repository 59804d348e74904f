package io.quakegraph.seismic;

import java.util.Optional;

/**
 * One channel epoch of a station, as StationXML describes it.
 *
 * @param startMicros epoch start (inclusive)
 * @param endMicros epoch end (exclusive); {@link Long#MAX_VALUE} when open
 * @param depthM sensor depth below the station surface, metres
 * @param azimuthDeg orientation clockwise from north
 * @param dipDeg dip, -90 = up (SEED convention)
 * @param sensitivity overall sensitivity; empty when only a station list (no response) is known
 * @param response poles and zeros of the analogue stage when known (used by the simulator and for
 *     Wood-Anderson simulation); the overall gain is {@code sensitivity}
 */
public record Channel(
    SourceId id,
    double latitude,
    double longitude,
    double elevationM,
    double depthM,
    double azimuthDeg,
    double dipDeg,
    double sampleRate,
    long startMicros,
    long endMicros,
    Optional<Sensitivity> sensitivity,
    Optional<PolesZeros> response) {

  public boolean activeAt(long micros) {
    return micros >= startMicros && micros < endMicros;
  }
}
