package io.quakegraph.dataset;

import java.util.Arrays;

/**
 * One station's model input for one window: three components of ground velocity on the model grid.
 *
 * <p>Component order is always Z (up), N, E. A component that has no data (channel missing, no
 * metadata, or no sample in the window) is all zero with {@code componentPresent} false. Samples
 * that were not recorded (gaps longer than the fill limit, window parts outside the data) are zero
 * with {@code observed} false, so a model can tell silence from missing data.
 *
 * @param stationId {@code NET.STA}
 * @param latitude degrees
 * @param longitude degrees
 * @param elevationM metres above sea level
 * @param channelsUsed the channels the components came from, e.g. {@code CI.GR2..BHZ,BHN,BHE};
 *     {@code rotated} appended when horizontals were rotated to north and east
 * @param velocity {@code [3][T]} ground velocity in m/s, Z, N, E
 * @param observed {@code [3][T]} whether each sample was recorded (or interpolated over a short
 *     gap)
 * @param componentPresent {@code [3]} whether each component has any data
 * @param observedFraction fraction of the {@code 3 * T} samples that were observed
 */
public record StationWaveform(
    String stationId,
    double latitude,
    double longitude,
    double elevationM,
    String channelsUsed,
    float[][] velocity,
    boolean[][] observed,
    boolean[] componentPresent,
    float observedFraction) {

  public StationWaveform {
    if (velocity.length != 3 || observed.length != 3 || componentPresent.length != 3) {
      throw new IllegalArgumentException(stationId + ": a station waveform has 3 components");
    }
    int t = velocity[0].length;
    for (int c = 0; c < 3; c++) {
      if (velocity[c].length != t || observed[c].length != t) {
        throw new IllegalArgumentException(
            stationId + ": components of unequal length (" + velocity[c].length + " vs " + t + ")");
      }
    }
  }

  /** Samples per component. */
  public int samples() {
    return velocity[0].length;
  }

  /** Station network code (before the dot of {@link #stationId()}). */
  public String network() {
    int dot = stationId.indexOf('.');
    return dot < 0 ? stationId : stationId.substring(0, dot);
  }

  /** Station code (after the dot of {@link #stationId()}). */
  public String station() {
    int dot = stationId.indexOf('.');
    return dot < 0 ? "" : stationId.substring(dot + 1);
  }

  /** Largest absolute velocity over all components, m/s (0 when nothing was observed). */
  public double peakVelocity() {
    double peak = 0;
    for (float[] comp : velocity) {
      for (float v : comp) {
        peak = Math.max(peak, Math.abs(v));
      }
    }
    return peak;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StationWaveform w
        && w.stationId.equals(stationId)
        && w.latitude == latitude
        && w.longitude == longitude
        && w.elevationM == elevationM
        && w.channelsUsed.equals(channelsUsed)
        && Arrays.deepEquals(w.velocity, velocity)
        && Arrays.deepEquals(w.observed, observed)
        && Arrays.equals(w.componentPresent, componentPresent)
        && w.observedFraction == observedFraction;
  }

  @Override
  public int hashCode() {
    return stationId.hashCode() * 31 + Arrays.deepHashCode(velocity);
  }

  @Override
  public String toString() {
    return "StationWaveform[%s %s T=%d present=%s observed=%.3f peak=%.3g m/s]"
        .formatted(
            stationId,
            channelsUsed,
            samples(),
            Arrays.toString(componentPresent),
            observedFraction,
            peakVelocity());
  }
}
