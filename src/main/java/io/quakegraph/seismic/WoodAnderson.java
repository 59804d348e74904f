package io.quakegraph.seismic;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Simulation of a Wood-Anderson torsion seismometer, the instrument on which local magnitude is
 * defined.
 *
 * <p>The standard response (natural period 0.8 s, damping 0.7 of critical, static magnification
 * 2080 as used by SCSN/CISN and IASPEI) maps ground displacement {@code u} to trace displacement
 * {@code M s^2 / (s^2 + 2 h w0 s + w0^2) u}; for ground <em>velocity</em> {@code v = s u} the
 * transfer function is {@code M s / (s^2 + 2 h w0 s + w0^2)}.
 *
 * <p>Implementation: frequency domain. The velocity trace is linearly detrended, cosine-tapered (5
 * % per end), zero-padded by at least {@link #PAD_SECONDS} to a power of two (so the circular
 * convolution of the FFT does not wrap the ringing of the end of the record onto its start; the WA
 * impulse response decays with time constant {@code 1/(h w0)} = 0.18 s), multiplied by the exact
 * analogue response at every FFT bin (JTransforms real FFT) and transformed back. Using the exact
 * analogue response avoids the frequency warping of a bilinear-transformed IIR near Nyquist.
 */
public final class WoodAnderson {
  /** Static magnification of the standard instrument used by SCSN/CISN and IASPEI (2080). */
  public static final double MAGNIFICATION = 2080;

  /** Original Wood-Anderson magnification used by Richter and by Hutton and Boore (1987). */
  public static final double ORIGINAL_MAGNIFICATION = 2800;

  /** Natural period of the torsion pendulum, seconds. */
  public static final double NATURAL_PERIOD_S = 0.8;

  /** Damping as a fraction of critical. */
  public static final double DAMPING = 0.7;

  /** Minimum zero padding appended before the FFT, seconds. */
  public static final double PAD_SECONDS = 10;

  private static final double TAPER_PER_END = 0.05;
  private static final double OMEGA0 = 2 * Math.PI / NATURAL_PERIOD_S;

  private WoodAnderson() {}

  /** Wood-Anderson displacement in mm from ground velocity in m/s, magnification 2080. */
  public static Trace fromVelocity(Trace velocityMs) {
    return fromVelocity(velocityMs, MAGNIFICATION);
  }

  /**
   * Wood-Anderson displacement in mm from ground velocity in m/s with the given static
   * magnification.
   *
   * @throws IllegalArgumentException when the magnification is not positive
   */
  public static Trace fromVelocity(Trace velocityMs, double magnification) {
    if (!(magnification > 0) || Double.isInfinite(magnification)) {
      throw new IllegalArgumentException("magnification must be positive: " + magnification);
    }
    int n = velocityMs.size();
    if (n == 0) {
      return velocityMs.withSamples(new double[0]);
    }
    double rate = velocityMs.sampleRate();
    double[] x = Detrend.linear(velocityMs.samples());
    Taper.applyInPlace(x, TAPER_PER_END);
    int pad = (int) Math.ceil(PAD_SECONDS * rate);
    int nfft = Integer.highestOneBit(Math.max(2, n + pad) - 1) << 1;
    double[] a = new double[nfft];
    System.arraycopy(x, 0, a, 0, n);
    DoubleFFT_1D fft = new DoubleFFT_1D(nfft);
    fft.realForward(a);
    double gain = magnification * 1000.0; // metres on the drum -> millimetres
    double df = rate / nfft;
    a[0] = 0; // the instrument has no response to a static offset
    // The Nyquist bin is stored alone in a[1] and must stay real; use the real part of H there.
    double[] hNyq = velocityResponse(2 * Math.PI * rate / 2, gain);
    a[1] *= hNyq[0];
    for (int k = 1; k < nfft / 2; k++) {
      double[] h = velocityResponse(2 * Math.PI * k * df, gain);
      double re = a[2 * k];
      double im = a[2 * k + 1];
      a[2 * k] = re * h[0] - im * h[1];
      a[2 * k + 1] = re * h[1] + im * h[0];
    }
    fft.realInverse(a, true);
    double[] out = new double[n];
    System.arraycopy(a, 0, out, 0, n);
    return velocityMs.withSamples(out);
  }

  /**
   * The modulus of the displacement-to-displacement response (trace mm per mm of ground motion,
   * i.e. the dimensionless magnification) at {@code frequencyHz}, for the standard instrument.
   */
  public static double displacementMagnification(double frequencyHz, double magnification) {
    double w = 2 * Math.PI * frequencyHz;
    double re = OMEGA0 * OMEGA0 - w * w;
    double im = 2 * DAMPING * OMEGA0 * w;
    return magnification * w * w / Math.hypot(re, im);
  }

  /** {@code gain * i w / (w0^2 - w^2 + 2 i h w0 w)} as {re, im}. */
  private static double[] velocityResponse(double w, double gain) {
    double dr = OMEGA0 * OMEGA0 - w * w;
    double di = 2 * DAMPING * OMEGA0 * w;
    double den = dr * dr + di * di;
    // (i w) * conj(d) / |d|^2 = (i w)(dr - i di)/|d|^2 = (w di + i w dr)/|d|^2
    return new double[] {gain * w * di / den, gain * w * dr / den};
  }

  /**
   * Zero-to-peak amplitude after removing the mean: the "A" of local magnitude formulas, in the
   * units of the trace (mm for {@link #fromVelocity} output).
   */
  public static double peakAmplitudeMm(Trace wa) {
    double m = Detrend.mean(wa.samples());
    double peak = 0;
    for (double v : wa.samples()) {
      peak = Math.max(peak, Math.abs(v - m));
    }
    return peak;
  }
}
