package io.quakegraph.stream;

/**
 * A station's trigger onset, as the association sees it: the stream's STA/LTA trigger turned on at
 * {@code onsetMicros} (AIC-refined), with no phase attached. Three neighbours keep their own names
 * because they are other things: a catalogue's phase pick ({@link io.quakegraph.seismic.Pick}), the
 * offline picker's pick on an event sample ({@link io.quakegraph.model.classical.PhasePick}) and a
 * locator's observation ({@link io.quakegraph.model.classical.Arrival}).
 *
 * @param stationId {@code NET.STA}
 * @param latitude degrees
 * @param longitude degrees
 * @param onsetMicros trigger-on time, epoch µs
 */
public record TriggerOnset(String stationId, double latitude, double longitude, long onsetMicros) {}
