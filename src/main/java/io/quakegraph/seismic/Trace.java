package io.quakegraph.seismic;

import java.util.Arrays;

/**
 * A contiguous, evenly sampled time series of one channel.
 *
 * <p>Time is epoch microseconds (UTC) of the first sample. Samples are whatever unit the producer
 * states: raw counts straight from miniSEED, ground velocity in m/s after {@code
 * InstrumentCorrection}.
 */
public record Trace(SourceId id, long startMicros, double sampleRate, double[] samples) {

  public Trace {
    if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
  }

  public int size() {
    return samples.length;
  }

  /** Time of sample {@code i} in epoch microseconds. */
  public long timeOf(int i) {
    return startMicros + Math.round(i * 1e6 / sampleRate);
  }

  /** Time just after the last sample (start of the next, if contiguous). */
  public long endMicros() {
    return timeOf(samples.length);
  }

  /** Index of the sample nearest to {@code micros}; may lie outside the trace. */
  public long indexOf(long micros) {
    return Math.round((micros - startMicros) * sampleRate / 1e6);
  }

  public Trace withSamples(double[] newSamples) {
    return new Trace(id, startMicros, sampleRate, newSamples);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trace t
        && t.id.equals(id)
        && t.startMicros == startMicros
        && t.sampleRate == sampleRate
        && Arrays.equals(t.samples, samples);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Long.hashCode(startMicros);
  }

  @Override
  public String toString() {
    return "Trace[%s %s %.3f Hz n=%d]"
        .formatted(id, Times.format(startMicros), sampleRate, samples.length);
  }
}
