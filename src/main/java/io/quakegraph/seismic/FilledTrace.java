package io.quakegraph.seismic;

import java.util.Arrays;

/**
 * A trace on a regular grid assembled from segments, with a mask telling which samples were
 * observed ({@code true}) and which were filled ({@code false}).
 */
public record FilledTrace(Trace trace, boolean[] observed) {

  public FilledTrace {
    if (observed.length != trace.size()) {
      throw new IllegalArgumentException(
          "mask length " + observed.length + " differs from trace length " + trace.size());
    }
  }

  /** Number of filled (unobserved) samples. */
  public int filledCount() {
    int n = 0;
    for (boolean b : observed) {
      if (!b) {
        n++;
      }
    }
    return n;
  }

  /** Fraction of samples that were observed; 0 for an empty window. */
  public double observedFraction() {
    return observed.length == 0 ? 0 : 1.0 - (double) filledCount() / observed.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilledTrace f
        && f.trace.equals(trace)
        && Arrays.equals(f.observed, observed);
  }

  @Override
  public int hashCode() {
    return trace.hashCode() * 31 + Arrays.hashCode(observed);
  }

  @Override
  public String toString() {
    return "FilledTrace[%s, %d filled]".formatted(trace, filledCount());
  }
}
