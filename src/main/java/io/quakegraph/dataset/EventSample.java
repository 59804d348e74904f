package io.quakegraph.dataset;

import io.quakegraph.seismic.Earthquake;
import java.util.Arrays;
import java.util.List;

/**
 * One training or test sample: an event's window at every available station, with its labels.
 *
 * <p>{@code firstP[i]} and {@code firstS[i]} belong to {@code stations.get(i)}: seconds from the
 * window start to the first P and S arrival there, {@code NaN} when unknown (no pick). The
 * early-warning trainer cuts each sample at a random time after the earliest P.
 *
 * @param eventId catalogue event id
 * @param truth the labels: origin (time, latitude, longitude, depth), magnitude and its type, and
 *     the picks the arrivals came from
 * @param windowStartMicros epoch µs of sample 0 of every station
 * @param sampleRate model sample rate, Hz
 * @param stations one waveform per station, in a stable order (station id)
 * @param firstP per station, s from the window start, NaN if unknown
 * @param firstS per station, s from the window start, NaN if unknown
 * @param provenance where the sample came from (archive and catalogue, or simulator and seed)
 */
public record EventSample(
    String eventId,
    Earthquake truth,
    long windowStartMicros,
    double sampleRate,
    List<StationWaveform> stations,
    double[] firstP,
    double[] firstS,
    String provenance) {

  public EventSample {
    stations = List.copyOf(stations);
    if (firstP.length != stations.size() || firstS.length != stations.size()) {
      throw new IllegalArgumentException(
          eventId
              + ": "
              + stations.size()
              + " stations but "
              + firstP.length
              + " P and "
              + firstS.length
              + " S arrival offsets");
    }
  }

  /** Samples per station (0 for a sample without stations). */
  public int samples() {
    return stations.isEmpty() ? 0 : stations.get(0).samples();
  }

  /** Earliest known P arrival over all stations, s from the window start; NaN if none is known. */
  public double earliestP() {
    return Arrays.stream(firstP).filter(Double::isFinite).min().orElse(Double.NaN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventSample s
        && s.eventId.equals(eventId)
        && s.truth.equals(truth)
        && s.windowStartMicros == windowStartMicros
        && s.sampleRate == sampleRate
        && s.stations.equals(stations)
        && Arrays.equals(s.firstP, firstP)
        && Arrays.equals(s.firstS, firstS)
        && s.provenance.equals(provenance);
  }

  @Override
  public int hashCode() {
    return eventId.hashCode() * 31 + Long.hashCode(windowStartMicros);
  }

  @Override
  public String toString() {
    return "EventSample[%s M%.2f %d stations T=%d]"
        .formatted(eventId, truth.magnitude(), stations.size(), samples());
  }
}
