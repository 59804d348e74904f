package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TaperDetrendTest {

  @Test
  void tukeyWindowShape() {
    double[] w = Taper.window(100, 0.1);
    assertEquals(0.0, w[0], 1e-12);
    assertEquals(0.0, w[99], 1e-12);
    assertEquals(0.5, w[5], 1e-12); // half way up a 10-sample ramp
    for (int i = 10; i < 90; i++) {
      assertEquals(1.0, w[i], 0.0);
    }
    for (int i = 0; i < 50; i++) {
      assertEquals(w[i], w[99 - i], 1e-15);
    }
    assertThrows(IllegalArgumentException.class, () -> Taper.window(10, 0.6));
  }

  @Test
  void zeroFractionLeavesTraceAlone() {
    Trace t = new Trace(SourceId.of("XX", "S", "", "HHZ"), 0, 1, new double[] {1, 2, 3});
    assertEquals(t, Taper.cosine(t, 0));
  }

  /** Whole cycles of a cosine even about the record centre: orthogonal to any line. */
  private static double wave(int i, int n) {
    return Math.cos(2 * Math.PI * (i - (n - 1) / 2.0) / 100.0);
  }

  @Test
  void linearDetrendRemovesLineButKeepsOscillation() {
    int n = 1000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 7 + 0.03 * i + wave(i, n);
    }
    double[] y = Detrend.linear(x);
    assertEquals(0, Detrend.mean(y), 1e-9);
    for (int i = 0; i < n; i++) {
      assertEquals(wave(i, n), y[i], 1e-9);
    }
    double[] d = Detrend.demean(new double[] {1, 2, 3, 6});
    assertEquals(-2, d[0], 1e-12);
    assertEquals(3, d[3], 1e-12);
    assertEquals(0, Detrend.linear(new double[] {5})[0], 0);
  }
}
