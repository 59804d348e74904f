package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ButterworthTest {
  private static final double FS = 100;

  private static double w(double f) {
    return Math.tan(Math.PI * f / FS);
  }

  /** Analytic |H| of a bilinear (pre-warped) Butterworth low-pass. */
  private static double analyticLow(int n, double fc, double f) {
    return 1 / Math.sqrt(1 + Math.pow(w(f) / w(fc), 2 * n));
  }

  private static double analyticHigh(int n, double fc, double f) {
    return 1 / Math.sqrt(1 + Math.pow(w(fc) / w(f), 2 * n));
  }

  private static double analyticBand(int n, double f1, double f2, double f) {
    double x = (w(f) * w(f) - w(f1) * w(f2)) / (w(f) * (w(f2) - w(f1)));
    return 1 / Math.sqrt(1 + Math.pow(x, 2 * n));
  }

  /** Steady-state amplitude of the filtered sine, by least squares on the last half. */
  private static double measuredGain(Butterworth bw, double f) {
    int n = 40_000;
    double[] y = bw.filter(sine(f, n));
    return fittedAmplitude(y, f, n / 2, n);
  }

  private static double[] sine(double f, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(2 * Math.PI * f * i / FS);
    }
    return x;
  }

  /** Amplitude of the sinusoid at {@code f} that best fits {@code y[from..to)}. */
  private static double fittedAmplitude(double[] y, double f, int from, int to) {
    double sc = 0;
    double ss = 0;
    double cc = 0;
    double sy = 0;
    double cy = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(2 * Math.PI * f * i / FS);
      double c = Math.cos(2 * Math.PI * f * i / FS);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      sy += s * y[i];
      cy += c * y[i];
    }
    double det = ss * cc - sc * sc;
    double a = (sy * cc - cy * sc) / det;
    double b = (cy * ss - sy * sc) / det;
    return Math.hypot(a, b);
  }

  private static final double[] FREQS = {0.1, 0.5, 1, 2, 3, 5, 8, 10, 15, 20, 30, 45};

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 8})
  void lowPassMatchesAnalytic(int order) {
    Butterworth bw = Butterworth.lowPass(order, 10, FS);
    for (double f : FREQS) {
      double expect = analyticLow(order, 10, f);
      assertEquals(expect, bw.magnitude(f), 1e-9, "coefficients, f=" + f);
      assertEquals(expect, measuredGain(bw, f), 1e-3, "filtered sine, f=" + f);
    }
    assertEquals(Math.sqrt(0.5), bw.magnitude(10), 1e-9);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 6})
  void highPassMatchesAnalytic(int order) {
    Butterworth bw = Butterworth.highPass(order, 2, FS);
    for (double f : FREQS) {
      double expect = analyticHigh(order, 2, f);
      assertEquals(expect, bw.magnitude(f), 1e-9, "coefficients, f=" + f);
      if (f >= 0.5) { // lower ones need longer than the test record to settle
        assertEquals(expect, measuredGain(bw, f), 1e-3, "filtered sine, f=" + f);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void bandPassMatchesAnalytic(int order) {
    Butterworth bw = Butterworth.bandPass(order, 0.5, 5, FS);
    for (double f : FREQS) {
      double expect = analyticBand(order, 0.5, 5, f);
      assertEquals(expect, bw.magnitude(f), 1e-9, "coefficients, f=" + f);
      assertEquals(expect, measuredGain(bw, f), 1e-3, "filtered sine, f=" + f);
    }
    assertEquals(Math.sqrt(0.5), bw.magnitude(0.5), 1e-9);
    assertEquals(Math.sqrt(0.5), bw.magnitude(5), 1e-9);
    assertEquals(order * 2, poles(bw));
  }

  @Test
  void wideBandPassWithRealPolesStillMatches() {
    // A band wider than twice its centre gives real band-pass poles from odd prototypes.
    Butterworth bw = Butterworth.bandPass(3, 0.05, 40, FS);
    for (double f : FREQS) {
      assertEquals(analyticBand(3, 0.05, 40, f), bw.magnitude(f), 1e-9, "f=" + f);
    }
  }

  @Test
  void veryLowCornerStaysStable() {
    Butterworth bw = Butterworth.highPass(4, 0.01, 200);
    for (double[] s : bw.sections()) {
      // Stability of a biquad: |a2| < 1 and |a1| < 1 + a2.
      assertTrue(Math.abs(s[4]) < 1 && Math.abs(s[3]) < 1 + s[4], "unstable section");
    }
    assertEquals(1.0, bw.magnitude(10), 1e-6);
  }

  private static int poles(Butterworth bw) {
    int p = 0;
    for (double[] s : bw.sections()) {
      p += s[4] == 0 ? 1 : 2;
    }
    return p;
  }

  private static int argmax(double[] y) {
    int k = 0;
    for (int i = 1; i < y.length; i++) {
      if (y[i] > y[k]) {
        k = i;
      }
    }
    return k;
  }

  @Test
  void zeroPhaseIntroducesNoLagOnAPulse() {
    int n = 4000;
    int t0 = 1700;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double a = (i - t0) / 20.0;
      x[i] = Math.exp(-a * a);
    }
    for (Butterworth bw :
        new Butterworth[] {Butterworth.lowPass(4, 2, FS), Butterworth.bandPass(3, 0.2, 5, FS)}) {
      double[] zp = bw.filtfilt(x);
      assertEquals(t0, argmax(zp), "zero-phase peak moved: " + bw);
      // Symmetric input, zero-phase filter: the output is symmetric about the pulse.
      for (int k = 1; k < 500; k++) {
        assertEquals(zp[t0 - k], zp[t0 + k], 1e-6 * zp[t0], bw + " asymmetric at " + k);
      }
    }
    // The same low-pass run causally delays the pulse by roughly its group delay (~0.2 s).
    double[] causal = Butterworth.lowPass(4, 2, FS).filter(x);
    assertTrue(argmax(causal) > t0 + 10, "causal filter should delay the pulse");
  }

  @Test
  void filtfiltAppliesSquaredMagnitude() {
    Butterworth bw = Butterworth.lowPass(4, 10, FS);
    int n = 20_000;
    double f = 10;
    double[] y = bw.filtfilt(sine(f, n));
    assertEquals(0.5, fittedAmplitude(y, f, 0, n), 1e-3); // |H|^2 at the corner, to the very ends
  }

  @Test
  void filtfiltDoesNotRingOnAnOffset() {
    Butterworth bw = Butterworth.bandPass(2, 1, 10, FS);
    double[] x = new double[3000];
    java.util.Arrays.fill(x, 1e4);
    for (double v : bw.filtfilt(x)) {
      assertEquals(0, v, 1e-6);
    }
  }

  @Test
  void badDesignsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Butterworth.lowPass(4, 60, FS));
    assertThrows(IllegalArgumentException.class, () -> Butterworth.highPass(0, 1, FS));
    assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(2, 5, 1, FS));
    Trace t = new Trace(SourceId.of("XX", "S", "", "HHZ"), 0, 40, new double[10]);
    assertThrows(IllegalArgumentException.class, () -> Butterworth.lowPass(2, 5, FS).filter(t));
  }
}
