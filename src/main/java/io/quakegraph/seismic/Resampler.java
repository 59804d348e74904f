package io.quakegraph.seismic;

import java.util.Arrays;

/**
 * Band-limited resampling of a trace to a new sample rate.
 *
 * <p>Every output sample is a Kaiser-windowed-sinc interpolation of the input at its exact time, so
 * one kernel serves integer and rational up- and down-sampling alike. The kernel's cut-off follows
 * the lower of the two Nyquist frequencies: -6 dB at 0.45 × the lower rate, pass band (ripple &lt;
 * 0.05 %) up to 0.4 × and stop band (&gt;= 70 dB down) from 0.5 ×, i.e. from the new Nyquist when
 * downsampling, so energy that would alias is removed by the same operation that interpolates (the
 * usual digitiser FIR convention: 80 % of Nyquist usable). The kernel spans {@value
 * #ZERO_CROSSINGS} zero crossings each side and is tabulated at 1/{@value #TABLE_STEPS} of a zero
 * crossing with linear interpolation between entries (error &lt; 1e-4). Weights are renormalised to
 * sum to one for each output sample, which makes the DC gain exact.
 *
 * <p>Output sample {@code j} lies at {@code start + j/targetRate}: the first output sample is at
 * the input's start (or on a caller's time grid, {@link #resample(Trace, double, long)}), and the
 * output stops at the last input sample (no extrapolation). Beyond the ends the input is continued
 * by odd reflection about the end samples, which keeps offsets and trends from producing an edge
 * step. An exact integer decimation (e.g. 200 to 100 Hz) evaluates the kernel at integer offsets
 * once and reuses it (fast path); an equal rate returns a copy.
 */
public final class Resampler {
  /** Zero crossings of the sinc kernel on each side. */
  public static final int ZERO_CROSSINGS = 20;

  /** Table entries per zero crossing. */
  public static final int TABLE_STEPS = 512;

  /** Kernel cut-off (-6 dB) as a fraction of the lower of the two sample rates. */
  public static final double CUTOFF_FRACTION = 0.45;

  private static final double KAISER_BETA = 0.1102 * (70 - 8.7);
  private static final double[] TABLE = kernelTable();

  private Resampler() {}

  /**
   * How far past an output sample the input must reach for that sample to be exact (the kernel's
   * half length, in seconds): with less, the end is continued by reflection and the newest output
   * samples change once more input arrives. A stream that emits a window ending at t waits for its
   * input to reach past t by this much, and no longer.
   *
   * @param inputRate the input's sample rate, Hz
   * @param targetRate the output's sample rate, Hz
   */
  public static double reachSeconds(double inputRate, double targetRate) {
    if (!(inputRate > 0) || !(targetRate > 0)) {
      throw new IllegalArgumentException("sample rates must be positive");
    }
    // An equal rate off the input's sample times is interpolated too: no shortcut for it.
    return ZERO_CROSSINGS / (2 * CUTOFF_FRACTION * Math.min(inputRate, targetRate));
  }

  /**
   * Resamples {@code t} to {@code targetRate} Hz with the first output sample at the input's start.
   *
   * @throws IllegalArgumentException when the target rate is not positive and finite
   */
  public static Trace resample(Trace t, double targetRate) {
    return resample(t, targetRate, t.startMicros());
  }

  /**
   * Resamples {@code t} onto the time grid {@code gridMicros + k / targetRate} (any integer k), so
   * that traces of different channels or instruments land on the same sample times and can be
   * compared or stacked sample by sample. The output covers the grid times from the input's first
   * to its last sample; its start time is the first such grid time (rounded to the microsecond).
   * With the same rate and a grid through the input's samples this is a copy.
   *
   * @throws IllegalArgumentException when the target rate is not positive and finite
   */
  public static Trace resample(Trace t, double targetRate, long gridMicros) {
    return resample(t, targetRate, gridMicros, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * As {@link #resample(Trace, double, long)}, but only the grid times in {@code [fromMicros,
   * toMicros)}: the whole input still feeds the kernel (each output equals that of the full
   * resampling), but no output outside the span is computed. A conditioner that keeps seconds of
   * data before a window for its filters to settle need not resample those seconds.
   *
   * @throws IllegalArgumentException when the target rate is not positive and finite
   */
  public static Trace resample(
      Trace t, double targetRate, long gridMicros, long fromMicros, long toMicros) {
    if (!(targetRate > 0) || Double.isInfinite(targetRate)) {
      throw new IllegalArgumentException("target sample rate must be positive: " + targetRate);
    }
    double in = t.sampleRate();
    double[] x = t.samples();
    int n = x.length;
    // First grid index at or after the trace start (or fromMicros); offsets in double
    // microseconds from the start.
    double outStep = 1e6 / targetRate;
    long lower = Math.max(t.startMicros(), fromMicros);
    double k0 = Math.ceil((lower - gridMicros) / outStep - 1e-6);
    double firstOffsetMicros = gridMicros + k0 * outStep - t.startMicros();
    double pos0 = Math.max(0, firstOffsetMicros * in / 1e6); // in input samples
    long start = t.startMicros() + Math.round(firstOffsetMicros);
    // Outputs before toMicros (all when unbounded).
    double before =
        toMicros == Long.MAX_VALUE
            ? Double.POSITIVE_INFINITY
            : Math.max(
                0, Math.ceil((toMicros - t.startMicros() - firstOffsetMicros) / outStep - 1e-6));
    if (n == 0 || before == 0) {
      return new Trace(t.id(), start, targetRate, new double[0]);
    }
    double ratio = in / targetRate; // input samples per output sample
    boolean onInputSamples = Math.abs(pos0 - Math.rint(pos0)) < 1e-6;
    if (Math.abs(in - targetRate) <= 1e-9 * in && onInputSamples) {
      int from = (int) Math.min(n, Math.rint(pos0));
      int to = (int) Math.min(n, from + before);
      return new Trace(t.id(), start, targetRate, Arrays.copyOfRange(x, from, to));
    }
    if (pos0 > n - 1 + 1e-6) {
      return new Trace(t.id(), start, targetRate, new double[0]);
    }
    int m = (int) Math.min(Math.floor((n - 1 - pos0) / ratio + 1e-9) + 1, before);
    double scale = Math.min(1.0, targetRate / in);
    double twoFc = 2 * CUTOFF_FRACTION * scale; // kernel zero crossings per input sample
    double halfWidth = ZERO_CROSSINGS / twoFc; // kernel half length in input samples
    double[] y = new double[m];
    long q = Math.round(ratio);
    if (ratio > 1 && Math.abs(ratio - q) < 1e-9 && onInputSamples) {
      decimate(x, (int) Math.rint(pos0), (int) q, twoFc, halfWidth, y);
    } else {
      interpolate(x, pos0, ratio, twoFc, halfWidth, y);
    }
    return new Trace(t.id(), start, targetRate, y);
  }

  private static void decimate(
      double[] x, int first, int q, double twoFc, double halfWidth, double[] y) {
    int h = (int) Math.floor(halfWidth);
    double[] taps = new double[2 * h + 1];
    double sum = 0;
    for (int k = -h; k <= h; k++) {
      taps[k + h] = kernel(k * twoFc);
      sum += taps[k + h];
    }
    for (int k = 0; k < taps.length; k++) {
      taps[k] /= sum;
    }
    int n = x.length;
    for (int j = 0; j < y.length; j++) {
      int c = first + j * q;
      double acc = 0;
      if (c - h >= 0 && c + h < n) {
        // The kernel is symmetric: fold its two sides (half the products), with two partial
        // sums so that consecutive additions need not wait for each other. This loop is most of
        // the streaming job's per-station cost.
        double a0 = taps[h] * x[c];
        double a1 = 0;
        int k = 1;
        for (; k < h; k += 2) {
          a0 += taps[h + k] * (x[c + k] + x[c - k]);
          a1 += taps[h + k + 1] * (x[c + k + 1] + x[c - k - 1]);
        }
        if (k == h) {
          a0 += taps[h + k] * (x[c + k] + x[c - k]);
        }
        acc = a0 + a1;
      } else {
        for (int k = -h; k <= h; k++) {
          acc += taps[k + h] * extended(x, c + k);
        }
      }
      y[j] = acc;
    }
  }

  private static void interpolate(
      double[] x, double pos0, double ratio, double twoFc, double halfWidth, double[] y) {
    int n = x.length;
    for (int j = 0; j < y.length; j++) {
      double pos = pos0 + j * ratio;
      int lo = (int) Math.ceil(pos - halfWidth);
      int hi = (int) Math.floor(pos + halfWidth);
      double acc = 0;
      double wsum = 0;
      boolean inside = lo >= 0 && hi < n;
      for (int k = lo; k <= hi; k++) {
        double w = kernel((pos - k) * twoFc);
        wsum += w;
        acc += w * (inside ? x[k] : extended(x, k));
      }
      y[j] = acc / wsum;
    }
  }

  /** The input continued by odd reflection about its end samples. */
  private static double extended(double[] x, int k) {
    int n = x.length;
    if (k < 0) {
      return 2 * x[0] - x[Math.min(-k, n - 1)];
    }
    if (k >= n) {
      return 2 * x[n - 1] - x[Math.max(2 * (n - 1) - k, 0)];
    }
    return x[k];
  }

  /** Windowed sinc at {@code u} zero crossings from its centre (unnormalised; 1 at u = 0). */
  private static double kernel(double u) {
    double a = Math.abs(u) * TABLE_STEPS;
    int i = (int) a;
    if (i >= TABLE.length - 1) {
      return 0;
    }
    double f = a - i;
    return TABLE[i] + f * (TABLE[i + 1] - TABLE[i]);
  }

  private static double[] kernelTable() {
    int len = ZERO_CROSSINGS * TABLE_STEPS + 1;
    double[] tab = new double[len + 1];
    double i0beta = besselI0(KAISER_BETA);
    for (int i = 0; i < len; i++) {
      double u = (double) i / TABLE_STEPS;
      double sinc = i == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
      double r = u / ZERO_CROSSINGS;
      double w = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
      tab[i] = sinc * w;
    }
    tab[len] = 0;
    return tab;
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return sum;
  }
}
