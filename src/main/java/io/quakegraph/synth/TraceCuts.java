package io.quakegraph.synth;

import io.quakegraph.seismic.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cutting traces on sample boundaries by time: the primitive behind gaps and day files. */
public final class TraceCuts {
  private TraceCuts() {}

  /** Index of the first sample stamped at or after {@code micros} (0..size). */
  public static int firstIndexAtOrAfter(Trace t, long micros) {
    int n = t.size();
    if (micros <= t.startMicros()) {
      return 0;
    }
    double estimate = Math.ceil((micros - t.startMicros()) * t.sampleRate() / 1e6);
    int i = (int) Math.max(0, Math.min(n, estimate));
    while (i > 0 && t.timeOf(i - 1) >= micros) {
      i--;
    }
    while (i < n && t.timeOf(i) < micros) {
      i++;
    }
    return i;
  }

  /** The samples {@code [from, to)} of {@code t} as a trace, or null when empty. */
  public static Trace slice(Trace t, int from, int to) {
    if (to <= from) {
      return null;
    }
    if (from == 0 && to == t.size()) {
      return t;
    }
    return new Trace(
        t.id(), t.timeOf(from), t.sampleRate(), Arrays.copyOfRange(t.samples(), from, to));
  }

  /** {@code t} without the samples stamped in {@code [fromMicros, toMicros)}: 0, 1 or 2 traces. */
  public static List<Trace> remove(Trace t, long fromMicros, long toMicros) {
    int a = firstIndexAtOrAfter(t, fromMicros);
    int b = firstIndexAtOrAfter(t, toMicros);
    List<Trace> out = new ArrayList<>(2);
    if (b <= a) {
      out.add(t);
      return out;
    }
    addIfNotNull(out, slice(t, 0, a));
    addIfNotNull(out, slice(t, b, t.size()));
    return out;
  }

  /** {@code t} split so that no piece holds samples on both sides of {@code micros}. */
  public static List<Trace> splitAt(Trace t, long micros) {
    int a = firstIndexAtOrAfter(t, micros);
    List<Trace> out = new ArrayList<>(2);
    addIfNotNull(out, slice(t, 0, a));
    addIfNotNull(out, slice(t, a, t.size()));
    return out;
  }

  private static void addIfNotNull(List<Trace> out, Trace t) {
    if (t != null) {
      out.add(t);
    }
  }
}
