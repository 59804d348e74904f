package io.quakegraph.model;

/**
 * One graph of model input: one event cut at one time {@code t}, every station's window ending at
 * {@code t}. Plain CPU arrays (no DJL), row-major.
 *
 * @param eventId event id (for bookkeeping)
 * @param cutMicros the common cut time {@code t}, epoch µs; nothing after it is visible
 * @param stations N, station count
 * @param waveforms {@code [N, 3, W]} Z, N, E velocity divided by the station's peak |v| over its
 *     three components in the window (all zero for a dead station)
 * @param logPeak {@code [N]} log10 of that peak in m/s, floored at {@link
 *     GraphFeatures#LOG_PEAK_FLOOR}
 * @param coords {@code [N, 3]} normalised northing, easting ({@link NetworkFrame}), elevation km /
 *     3
 * @param live {@code [N]} 1 for a live station, 0 for a missing or masked one
 * @param stationIds {@code [N]} station ids
 * @param picks {@code [N, P]} the {@link PickFeatures} of each station (P = 0 for a v1 model)
 */
public record GraphInput(
    String eventId,
    long cutMicros,
    int stations,
    float[] waveforms,
    float[] logPeak,
    float[] coords,
    float[] live,
    String[] stationIds,
    float[] picks) {

  /** A graph without pick features (a v1 model's input). */
  public GraphInput(
      String eventId,
      long cutMicros,
      int stations,
      float[] waveforms,
      float[] logPeak,
      float[] coords,
      float[] live,
      String[] stationIds) {
    this(eventId, cutMicros, stations, waveforms, logPeak, coords, live, stationIds, new float[0]);
  }

  public GraphInput {
    if (stations < 0
        || (stations > 0 && picks.length % stations != 0)
        || (stations == 0 && picks.length != 0)
        || logPeak.length != stations
        || coords.length != 3 * stations
        || live.length != stations
        || stationIds.length != stations
        || (stations > 0 && waveforms.length % (3 * stations) != 0)
        || (stations == 0 && waveforms.length != 0)) {
      throw new IllegalArgumentException(
          "inconsistent graph input for " + eventId + " with " + stations + " stations");
    }
  }

  /** Samples per component W. */
  public int windowSamples() {
    return stations == 0 ? 0 : waveforms.length / (3 * stations);
  }

  /** Pick features per station P. */
  public int pickCount() {
    return stations == 0 ? 0 : picks.length / stations;
  }

  /** Number of live stations. */
  public int liveCount() {
    int n = 0;
    for (float l : live) {
      n += l > 0 ? 1 : 0;
    }
    return n;
  }
}
