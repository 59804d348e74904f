package io.quakegraph.seismic;

/**
 * A break in the data of one channel, from the time the next sample was expected ({@code
 * startMicros}, the end of the earlier segment) to the first sample actually present ({@code
 * endMicros}). An overlap is a negative gap: {@code endMicros < startMicros}, the later segment
 * starting before the earlier one ended.
 */
public record Gap(SourceId id, long startMicros, long endMicros) {

  /** Length in microseconds; negative for an overlap. */
  public long durationMicros() {
    return endMicros - startMicros;
  }

  public double durationSeconds() {
    return durationMicros() / 1e6;
  }

  public boolean isOverlap() {
    return endMicros < startMicros;
  }

  @Override
  public String toString() {
    return "%s %s %s .. %s (%.3f s)"
        .formatted(
            isOverlap() ? "overlap" : "gap",
            id,
            Times.format(startMicros),
            Times.format(endMicros),
            durationSeconds());
  }
}
