package io.quakegraph.dataset;

import io.quakegraph.seismic.Trace;
import java.util.List;

/**
 * Whether a channel's raw counts are clipped in a span: a saturated digitiser or sensor holds its
 * extreme value, so the record shows a flat top. Clipped if the largest |count| reaches the 24-bit
 * full scale ({@value #FULL_SCALE} counts, less one), or if at least {@value #FLAT_RUN} consecutive
 * samples sit exactly at the span's largest |count| while that is above {@value #MIN_LEVEL} counts
 * (far above any station's noise: a sensor that saturates below the digitiser's range, e.g. a
 * broadband's feedback limit or a 16-bit logger). A clipped broadband tells nothing about the
 * amplitude that magnitude needs; its co-located accelerometer is then the better sensor.
 */
public final class Clipping {
  static final double FULL_SCALE = 8_388_607;
  static final int FLAT_RUN = 3;
  static final double MIN_LEVEL = 30_000;

  private Clipping() {}

  /** Whether the counts of {@code segments} within {@code [fromMicros, toMicros)} are clipped. */
  public static boolean clipped(List<Trace> segments, long fromMicros, long toMicros) {
    double peak = 0;
    for (Trace t : segments) {
      double[] x = t.samples();
      int i0 = first(t, fromMicros);
      int i1 = first(t, toMicros);
      for (int i = i0; i < i1; i++) {
        peak = Math.max(peak, Math.abs(x[i]));
      }
    }
    if (peak >= FULL_SCALE - 1) {
      return true;
    }
    if (peak < MIN_LEVEL) {
      return false;
    }
    for (Trace t : segments) {
      double[] x = t.samples();
      int run = 0;
      for (int i = first(t, fromMicros), end = first(t, toMicros); i < end; i++) {
        run = Math.abs(x[i]) == peak ? run + 1 : 0;
        if (run >= FLAT_RUN) {
          return true;
        }
      }
    }
    return false;
  }

  private static int first(Trace t, long micros) {
    long i = (long) Math.ceil((micros - t.startMicros()) * t.sampleRate() / 1e6 - 1e-9);
    return (int) Math.max(0, Math.min(t.size(), i));
  }
}
