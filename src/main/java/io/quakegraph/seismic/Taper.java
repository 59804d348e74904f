package io.quakegraph.seismic;

/**
 * Cosine (Tukey) tapering of trace ends.
 *
 * <p>Tapering before an FFT or a recursive filter stops the step at each end of a finite record
 * from ringing through the whole output. {@code fractionPerEnd} follows the ObsPy convention: the
 * fraction of the record length tapered at <em>each</em> end (0.05 tapers the first and the last 5
 * %), so 0.5 gives a full Hann window.
 */
public final class Taper {
  private Taper() {}

  /**
   * A Tukey window of {@code n} points: a half-cosine ramp over {@code fractionPerEnd * n} samples
   * at each end and 1 in between.
   *
   * @throws IllegalArgumentException when the fraction is outside [0, 0.5] or n is negative
   */
  public static double[] window(int n, double fractionPerEnd) {
    if (n < 0) {
      throw new IllegalArgumentException("window length must be >= 0: " + n);
    }
    if (!(fractionPerEnd >= 0 && fractionPerEnd <= 0.5)) {
      throw new IllegalArgumentException(
          "taper fraction per end must be in [0, 0.5]: " + fractionPerEnd);
    }
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1.0);
    int m = (int) Math.floor(fractionPerEnd * n);
    if (m == 0) {
      return w;
    }
    // The ramp reaches 1 at sample m, so sample 0 is exactly 0 and the shape is symmetric.
    for (int i = 0; i < m; i++) {
      double v = 0.5 * (1 - Math.cos(Math.PI * i / m));
      w[i] = v;
      w[n - 1 - i] = v;
    }
    return w;
  }

  /** Multiplies {@code x} in place by a Tukey window (see {@link #window}). */
  public static void applyInPlace(double[] x, double fractionPerEnd) {
    double[] w = window(x.length, fractionPerEnd);
    for (int i = 0; i < x.length; i++) {
      x[i] *= w[i];
    }
  }

  /**
   * A copy of {@code t} with both ends cosine-tapered over {@code fractionPerEnd} of its length.
   */
  public static Trace cosine(Trace t, double fractionPerEnd) {
    double[] x = t.samples().clone();
    applyInPlace(x, fractionPerEnd);
    return t.withSamples(x);
  }
}
