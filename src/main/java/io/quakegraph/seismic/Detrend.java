package io.quakegraph.seismic;

/**
 * Removal of a constant offset or a least-squares straight line from samples.
 *
 * <p>Digitiser offsets and long-period drift are far larger than small earthquake signals in raw
 * counts; they must go before filtering or tapering or they leak into the signal band.
 */
public final class Detrend {
  private Detrend() {}

  /** Arithmetic mean; 0 for an empty array. */
  public static double mean(double[] x) {
    if (x.length == 0) {
      return 0;
    }
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** A copy of {@code x} with its mean removed. */
  public static double[] demean(double[] x) {
    double m = mean(x);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] - m;
    }
    return y;
  }

  /**
   * A copy of {@code x} with its least-squares line {@code a + b*i} removed. Arrays of fewer than
   * two samples are only demeaned (a line through one point is undetermined).
   */
  public static double[] linear(double[] x) {
    int n = x.length;
    if (n < 2) {
      return demean(x);
    }
    // Centred abscissa makes slope and intercept independent and avoids cancellation on long
    // traces.
    double ic = (n - 1) / 2.0;
    double mean = mean(x);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      double d = i - ic;
      sxy += d * (x[i] - mean);
      sxx += d * d;
    }
    double slope = sxy / sxx;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i] - mean - slope * (i - ic);
    }
    return y;
  }

  /** A copy of {@code t} with its mean removed. */
  public static Trace demean(Trace t) {
    return t.withSamples(demean(t.samples()));
  }

  /** A copy of {@code t} with its least-squares straight line removed. */
  public static Trace linear(Trace t) {
    return t.withSamples(linear(t.samples()));
  }
}
