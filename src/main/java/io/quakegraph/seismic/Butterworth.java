package io.quakegraph.seismic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A digital Butterworth filter as a cascade of second-order sections (biquads).
 *
 * <p>Design: the analogue Butterworth prototype poles {@code exp(i pi (2k+n-1) / 2n)} are scaled
 * (low-pass), inverted (high-pass) or split by the low-pass to band-pass transform {@code s -> (s^2
 * + W0^2) / (s BW)} using corners pre-warped with {@code W = 2 fs tan(pi f / fs)}, so the digital
 * corners land exactly where asked; the bilinear transform {@code z = (2fs + s) / (2fs - s)} maps
 * them to the z-plane, analogue zeros at 0 go to z = 1 and those at infinity to z = -1. Conjugate
 * poles are grouped into biquads (cascades of biquads stay accurate at high order and low corners,
 * where a single direct-form polynomial loses precision), and each section is normalised to unit
 * gain at the pass-band reference frequency (DC, Nyquist, or the band centre).
 *
 * <p>A band-pass of order {@code n} has {@code 2n} poles (as in SciPy's {@code butter}). Sections
 * are stored as {@code {b0, b1, b2, a1, a2}} with {@code a0 = 1} and are run in direct form II
 * transposed.
 */
public final class Butterworth {
  /** The pass-band shape. */
  public enum Type {
    LOWPASS,
    HIGHPASS,
    BANDPASS
  }

  private final Type type;
  private final int order;
  private final double sampleRate;
  private final double lowHz;
  private final double highHz;
  private final double[][] sos;

  private Butterworth(Type type, int order, double sampleRate, double lowHz, double highHz) {
    this.type = type;
    this.order = order;
    this.sampleRate = sampleRate;
    this.lowHz = lowHz;
    this.highHz = highHz;
    this.sos = design();
  }

  /** Low-pass of {@code order} poles with -3 dB corner {@code cornerHz}. */
  public static Butterworth lowPass(int order, double cornerHz, double sampleRate) {
    checkOrderAndRate(order, sampleRate);
    checkCorner(cornerHz, sampleRate);
    return new Butterworth(Type.LOWPASS, order, sampleRate, Double.NaN, cornerHz);
  }

  /** High-pass of {@code order} poles with -3 dB corner {@code cornerHz}. */
  public static Butterworth highPass(int order, double cornerHz, double sampleRate) {
    checkOrderAndRate(order, sampleRate);
    checkCorner(cornerHz, sampleRate);
    return new Butterworth(Type.HIGHPASS, order, sampleRate, cornerHz, Double.NaN);
  }

  /** Band-pass from an order-{@code order} prototype (2·order poles), -3 dB at both corners. */
  public static Butterworth bandPass(int order, double lowHz, double highHz, double sampleRate) {
    checkOrderAndRate(order, sampleRate);
    checkCorner(lowHz, sampleRate);
    checkCorner(highHz, sampleRate);
    if (!(lowHz < highHz)) {
      throw new IllegalArgumentException(
          "band-pass low corner must be below high corner: " + lowHz + " >= " + highHz);
    }
    return new Butterworth(Type.BANDPASS, order, sampleRate, lowHz, highHz);
  }

  private static void checkOrderAndRate(int order, double sampleRate) {
    if (order < 1 || order > 20) {
      throw new IllegalArgumentException("Butterworth order must be 1..20: " + order);
    }
    if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
  }

  private static void checkCorner(double f, double sampleRate) {
    if (!(f > 0 && f < sampleRate / 2)) {
      throw new IllegalArgumentException(
          "corner " + f + " Hz must lie strictly between 0 and Nyquist " + sampleRate / 2 + " Hz");
    }
  }

  public Type type() {
    return type;
  }

  /** Prototype order (a band-pass has twice as many poles). */
  public int order() {
    return order;
  }

  public double sampleRate() {
    return sampleRate;
  }

  /** Lowest corner in Hz (for a low-pass, its only corner). */
  public double lowestCornerHz() {
    return type == Type.LOWPASS ? highHz : lowHz;
  }

  /** A copy of the second-order sections, each {@code {b0, b1, b2, a1, a2}} with a0 = 1. */
  public double[][] sections() {
    double[][] c = new double[sos.length][];
    for (int i = 0; i < sos.length; i++) {
      c[i] = sos[i].clone();
    }
    return c;
  }

  // ---- design ---------------------------------------------------------------------------------

  private double[][] design() {
    double fs2 = 2 * sampleRate;
    List<double[]> analogPoles = new ArrayList<>(); // {re, im}
    int zerosAtOrigin;
    double refOmega; // digital reference frequency, rad/sample
    switch (type) {
      case LOWPASS -> {
        double wc = fs2 * Math.tan(Math.PI * highHz / sampleRate);
        for (double[] p : prototype()) {
          analogPoles.add(new double[] {p[0] * wc, p[1] * wc});
        }
        zerosAtOrigin = 0;
        refOmega = 0;
      }
      case HIGHPASS -> {
        double wc = fs2 * Math.tan(Math.PI * lowHz / sampleRate);
        for (double[] p : prototype()) {
          double m = p[0] * p[0] + p[1] * p[1];
          analogPoles.add(new double[] {wc * p[0] / m, -wc * p[1] / m});
        }
        zerosAtOrigin = order;
        refOmega = Math.PI;
      }
      case BANDPASS -> {
        double w1 = fs2 * Math.tan(Math.PI * lowHz / sampleRate);
        double w2 = fs2 * Math.tan(Math.PI * highHz / sampleRate);
        double bw = w2 - w1;
        double w0sq = w1 * w2;
        for (double[] p : prototype()) {
          // roots of s^2 - p*bw*s + w0^2 = 0
          double br = p[0] * bw;
          double bi = p[1] * bw;
          double dr = br * br - bi * bi - 4 * w0sq;
          double di = 2 * br * bi;
          double[] sq = csqrt(dr, di);
          analogPoles.add(new double[] {(br + sq[0]) / 2, (bi + sq[1]) / 2});
          analogPoles.add(new double[] {(br - sq[0]) / 2, (bi - sq[1]) / 2});
        }
        zerosAtOrigin = order;
        refOmega = 2 * Math.atan(Math.sqrt(w0sq) / fs2);
      }
      default -> throw new IllegalStateException();
    }
    int nPoles = analogPoles.size();
    List<double[]> zPoles = new ArrayList<>();
    for (double[] s : analogPoles) {
      // z = (fs2 + s) / (fs2 - s)
      double nr = fs2 + s[0];
      double ni = s[1];
      double dr = fs2 - s[0];
      double di = -s[1];
      double den = dr * dr + di * di;
      zPoles.add(new double[] {(nr * dr + ni * di) / den, (ni * dr - nr * di) / den});
    }
    // Zeros at z = 1 (from s = 0) and z = -1 (from s = infinity); interleave so band-pass biquads
    // each get one of each, which keeps every section's gain finite at the band centre.
    List<Double> zeros = new ArrayList<>();
    int atInfinity = nPoles - zerosAtOrigin;
    int a = zerosAtOrigin;
    int b = atInfinity;
    while (a > 0 || b > 0) {
      if (a > 0) {
        zeros.add(1.0);
        a--;
      }
      if (b > 0) {
        zeros.add(-1.0);
        b--;
      }
    }
    return group(zPoles, zeros, refOmega);
  }

  /** Left-half-plane poles of the normalised analogue Butterworth prototype of this order. */
  private List<double[]> prototype() {
    List<double[]> p = new ArrayList<>();
    for (int k = 1; k <= order; k++) {
      double theta = Math.PI * (2 * k + order - 1) / (2.0 * order);
      p.add(new double[] {Math.cos(theta), Math.sin(theta)});
    }
    return p;
  }

  private static double[] csqrt(double re, double im) {
    double r = Math.hypot(re, im);
    double sr = Math.sqrt((r + re) / 2);
    double si = Math.copySign(Math.sqrt(Math.max(0, (r - re) / 2)), im);
    return new double[] {sr, si};
  }

  private static double[][] group(List<double[]> poles, List<Double> zeros, double refOmega) {
    final double tol = 1e-10;
    List<double[]> complexUpper = new ArrayList<>();
    List<Double> reals = new ArrayList<>();
    for (double[] p : poles) {
      if (Math.abs(p[1]) <= tol) {
        reals.add(p[0]);
      } else if (p[1] > 0) {
        complexUpper.add(p);
      }
    }
    List<double[]> den = new ArrayList<>(); // {a1, a2, polesInSection}
    for (double[] p : complexUpper) {
      den.add(new double[] {-2 * p[0], p[0] * p[0] + p[1] * p[1], 2});
    }
    reals.sort(null);
    for (int i = 0; i + 1 < reals.size(); i += 2) {
      double p1 = reals.get(i);
      double p2 = reals.get(i + 1);
      den.add(new double[] {-(p1 + p2), p1 * p2, 2});
    }
    if (reals.size() % 2 == 1) {
      den.add(new double[] {-reals.get(reals.size() - 1), 0, 1});
    }
    double[][] sos = new double[den.size()][];
    int zi = 0;
    for (int s = 0; s < den.size(); s++) {
      double[] d = den.get(s);
      double b0 = 1;
      double b1;
      double b2;
      if (d[2] == 2) {
        double z1 = zeros.get(zi++);
        double z2 = zeros.get(zi++);
        b1 = -(z1 + z2);
        b2 = z1 * z2;
      } else {
        double z1 = zeros.get(zi++);
        b1 = -z1;
        b2 = 0;
      }
      double[] sec = {b0, b1, b2, d[0], d[1]};
      double g = 1 / sectionMagnitude(sec, refOmega);
      sec[0] *= g;
      sec[1] *= g;
      sec[2] *= g;
      sos[s] = sec;
    }
    return sos;
  }

  private static double sectionMagnitude(double[] sec, double omega) {
    double c1 = Math.cos(omega);
    double s1 = -Math.sin(omega);
    double c2 = Math.cos(2 * omega);
    double s2 = -Math.sin(2 * omega);
    double nr = sec[0] + sec[1] * c1 + sec[2] * c2;
    double ni = sec[1] * s1 + sec[2] * s2;
    double dr = 1 + sec[3] * c1 + sec[4] * c2;
    double di = sec[3] * s1 + sec[4] * s2;
    return Math.hypot(nr, ni) / Math.hypot(dr, di);
  }

  /** |H| of the designed digital filter at {@code frequencyHz}, from its coefficients. */
  public double magnitude(double frequencyHz) {
    double omega = 2 * Math.PI * frequencyHz / sampleRate;
    double m = 1;
    for (double[] sec : sos) {
      m *= sectionMagnitude(sec, omega);
    }
    return m;
  }

  // ---- filtering ------------------------------------------------------------------------------

  /** Causal (minimum-phase delay) filtering from rest. */
  public double[] filter(double[] x) {
    double[] y = x.clone();
    for (double[] sec : sos) {
      runSection(sec, y, 0, 0);
    }
    return y;
  }

  /**
   * Causal filtering that starts in the steady state for the first sample, as if the input had
   * always equalled {@code x[0]} (SciPy's {@code lfilter_zi} convention). Unlike tapering, this
   * keeps the newest samples intact, and unlike starting from rest it does not turn an offset at
   * the start into a long high-pass transient.
   */
  public double[] filterInitialized(double[] x) {
    double[] y = x.clone();
    if (y.length > 0) {
      runSteadyState(y);
    }
    return y;
  }

  /**
   * Zero-phase filtering: forward then backward, so the squared magnitude applies with no phase
   * shift (a pulse keeps its time). The ends are extended by odd reflection about the end samples
   * (one period of the lowest corner, at least 3·(2·sections+1) samples, at most the record length
   * - 1) and each pass starts from the steady state for its first padded sample, so offsets and
   * trends at the edges do not ring.
   */
  public double[] filtfilt(double[] x) {
    int n = x.length;
    if (n < 2) {
      return filter(filter(x));
    }
    int want = Math.max(3 * (2 * sos.length + 1), (int) Math.ceil(sampleRate / lowestCornerHz()));
    int pad = Math.min(n - 1, want);
    double[] ext = new double[n + 2 * pad];
    for (int i = 0; i < pad; i++) {
      ext[i] = 2 * x[0] - x[pad - i];
      ext[n + pad + i] = 2 * x[n - 1] - x[n - 2 - i];
    }
    System.arraycopy(x, 0, ext, pad, n);
    runSteadyState(ext);
    reverse(ext);
    runSteadyState(ext);
    reverse(ext);
    return Arrays.copyOfRange(ext, pad, pad + n);
  }

  private void runSteadyState(double[] y) {
    double u = y[0];
    for (double[] sec : sos) {
      // DF2T steady state for a constant input u: y = G u with G the section's DC gain.
      double dcGain = (sec[0] + sec[1] + sec[2]) / (1 + sec[3] + sec[4]);
      double yy = dcGain * u;
      double s2 = sec[2] * u - sec[4] * yy;
      double s1 = sec[1] * u - sec[3] * yy + s2;
      runSection(sec, y, s1, s2);
      u = yy;
    }
  }

  private static void runSection(double[] sec, double[] y, double s1, double s2) {
    double b0 = sec[0];
    double b1 = sec[1];
    double b2 = sec[2];
    double a1 = sec[3];
    double a2 = sec[4];
    for (int i = 0; i < y.length; i++) {
      double xi = y[i];
      double yi = b0 * xi + s1;
      s1 = b1 * xi - a1 * yi + s2;
      s2 = b2 * xi - a2 * yi;
      y[i] = yi;
    }
  }

  private static void reverse(double[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Causal filtering of a trace recorded at this filter's sample rate. */
  public Trace filter(Trace t) {
    checkRate(t);
    return t.withSamples(filter(t.samples()));
  }

  /** {@link #filterInitialized(double[])} of a trace recorded at this filter's sample rate. */
  public Trace filterInitialized(Trace t) {
    checkRate(t);
    return t.withSamples(filterInitialized(t.samples()));
  }

  /** Zero-phase filtering of a trace recorded at this filter's sample rate. */
  public Trace filtfilt(Trace t) {
    checkRate(t);
    return t.withSamples(filtfilt(t.samples()));
  }

  private void checkRate(Trace t) {
    if (Math.abs(t.sampleRate() - sampleRate) > 1e-9 * sampleRate) {
      throw new IllegalArgumentException(
          "filter designed for " + sampleRate + " Hz applied to " + t + " at " + t.sampleRate());
    }
  }

  @Override
  public String toString() {
    return "Butterworth[%s order %d, %s Hz at %.3f Hz]"
        .formatted(
            type,
            order,
            switch (type) {
              case LOWPASS -> "<" + highHz;
              case HIGHPASS -> ">" + lowHz;
              case BANDPASS -> lowHz + "-" + highHz;
            },
            sampleRate);
  }
}
