package io.quakegraph.stream;

import java.util.Arrays;

/**
 * One station's model input at one step: the conditioned window that ends at the step time, in the
 * form the encoder takes, plus what the graph needs besides the embedding.
 *
 * <p>Arrays rather than lists so Flink serialises the record as a POJO without Kryo; equality
 * compares their elements, so two windows are equal when they hold the same values.
 *
 * @param stationId {@code NET.STA}
 * @param timeMicros step time t: the window's last sample is at t (the graph's common time)
 * @param waveform {@code 3 * W} samples, Z then N then E, each divided by the station's peak
 *     (unobserved samples zero), exactly as {@link io.quakegraph.model.GraphFeatures} builds them
 * @param logPeak log10 of the window's peak |velocity| in m/s, {@link
 *     io.quakegraph.model.GraphFeatures#LOG_PEAK_FLOOR} when dead
 * @param live the window has observed, non-zero signal
 * @param triggered the station's STA/LTA trigger is on at t
 * @param triggerMicros onset time of the current (or last) trigger, {@link Long#MIN_VALUE} if none
 * @param observedFraction fraction of the window's samples that were recorded
 * @param latitude station latitude, degrees
 * @param longitude station longitude, degrees
 * @param elevationM station elevation, m
 * @param receiveMicros wall-clock receive time of the newest packet in the window (for latency)
 * @param channelsUsed the sensor's channels, e.g. {@code CI.PAS..HHE,HHN,HHZ}
 * @param picks the window's {@link io.quakegraph.model.PickFeatures} (empty for a v1 model)
 */
public record StationWindow(
    String stationId,
    long timeMicros,
    float[] waveform,
    float logPeak,
    boolean live,
    boolean triggered,
    long triggerMicros,
    float observedFraction,
    double latitude,
    double longitude,
    double elevationM,
    long receiveMicros,
    String channelsUsed,
    float[] picks) {

  /** Equal when every field is, the arrays element by element (as {@link Arrays#equals}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof StationWindow w
        && w.stationId.equals(stationId)
        && w.timeMicros == timeMicros
        && Arrays.equals(w.waveform, waveform)
        && Float.compare(w.logPeak, logPeak) == 0
        && w.live == live
        && w.triggered == triggered
        && w.triggerMicros == triggerMicros
        && Float.compare(w.observedFraction, observedFraction) == 0
        && Double.compare(w.latitude, latitude) == 0
        && Double.compare(w.longitude, longitude) == 0
        && Double.compare(w.elevationM, elevationM) == 0
        && w.receiveMicros == receiveMicros
        && w.channelsUsed.equals(channelsUsed)
        && Arrays.equals(w.picks, picks);
  }

  @Override
  public int hashCode() {
    return (stationId.hashCode() * 31 + Long.hashCode(timeMicros)) * 31 + Arrays.hashCode(waveform);
  }
}
