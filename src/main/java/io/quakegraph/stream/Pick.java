package io.quakegraph.stream;

/**
 * A station's trigger onset, as the association sees it.
 *
 * @param stationId {@code NET.STA}
 * @param latitude degrees
 * @param longitude degrees
 * @param onsetMicros trigger-on time, epoch µs
 */
public record Pick(String stationId, double latitude, double longitude, long onsetMicros) {}
