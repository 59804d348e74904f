package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The onset and amplitude features of one station's window. */
class PickFeaturesTest {
  static final double RATE = 50;
  static final int W = 1024;
  static final long START = 1_600_000_000_000_000L;

  /** A window of {@code amp} sin(2π f t) starting {@code onsetS} into it, zero before. */
  static float[] burst(double amp, double hz, double onsetS) {
    float[] z = new float[W];
    for (int i = 0; i < W; i++) {
      double t = i / RATE - onsetS;
      z[i] = t < 0 ? 0f : (float) (amp * Math.sin(2 * Math.PI * hz * t));
    }
    return z;
  }

  static float[] features(float[] z, double onsetS) {
    boolean[] obs = new boolean[W];
    Arrays.fill(obs, true);
    long cut = START + Math.round((W - 1) / RATE * 1e6);
    long onset = START + Math.round(onsetS * 1e6);
    float[] out = new float[PickFeatures.COUNT];
    PickFeatures.compute(z, obs, RATE, START, cut, onset, out, 0);
    return out;
  }

  @Test
  void noOnsetOrAnOldOneGivesZeros() {
    float[] z = burst(1e-4, 2, 5);
    boolean[] obs = new boolean[W];
    Arrays.fill(obs, true);
    long cut = START + Math.round((W - 1) / RATE * 1e6);
    float[] out = new float[PickFeatures.COUNT + 2];
    Arrays.fill(out, 9f);
    PickFeatures.compute(z, obs, RATE, START, cut, Long.MIN_VALUE, out, 1);
    assertArrayEquals(new float[] {9, 0, 0, 0, 0, 0, 0, 9}, out);
    PickFeatures.compute(z, obs, RATE, START, cut, cut - 61_000_000L, out, 1);
    assertArrayEquals(new float[] {9, 0, 0, 0, 0, 0, 0, 9}, out);
    PickFeatures.compute(z, obs, RATE, START, cut, cut + 1, out, 1);
    assertArrayEquals(new float[] {9, 0, 0, 0, 0, 0, 0, 9}, out);
  }

  @Test
  void ageIsTheTimeSinceTheOnsetInTensOfSeconds() {
    float[] f = features(burst(1e-4, 2, 5), 5);
    assertEquals(1f, f[0]);
    assertEquals(((W - 1) / RATE - 5) / 10, f[1], 1e-4);
  }

  @Test
  void peaksScaleWithAmplitudeAndMatchTheSine() {
    double amp = 1e-4;
    double hz = 2;
    float[] a = features(burst(amp, hz, 5), 5);
    float[] b = features(burst(10 * amp, hz, 5), 5);
    // tenfold amplitude: each log10 peak feature rises by 1/2 (log10 10 over the scale 2)
    for (int k = 2; k <= 4; k++) {
      assertEquals(a[k] + 0.5, b[k], 1e-3, "feature " + k);
    }
    double pv = Math.pow(10, 2 * a[3] - 5);
    double pa = Math.pow(10, 2 * a[4] - 3);
    double pd = Math.pow(10, 2 * a[2] - 5);
    assertEquals(amp, pv, 0.01 * amp);
    assertEquals(2 * Math.PI * hz * amp, pa, 0.05 * 2 * Math.PI * hz * amp);
    // the integral of a sine started at zero swings between 0 and 2A/ω before the high-pass
    // centres it: Pd lies between A/ω and 2A/ω
    double w = 2 * Math.PI * hz;
    assertTrue(pd > 0.9 * amp / w && pd < 2.1 * amp / w, "Pd " + pd);
  }

  @Test
  void tauCIsThePeriodOfTheFirstMotion() {
    double tau1 = Math.pow(10, features(burst(1e-4, 1, 5), 5)[5]);
    double tau4 = Math.pow(10, features(burst(1e-4, 4, 5), 5)[5]);
    assertTrue(tau1 > 0.5 && tau1 < 2.0, "τc of a 1 Hz sine " + tau1);
    assertTrue(tau4 > 0.15 && tau4 < 0.4, "τc of a 4 Hz sine " + tau4);
  }

  @Test
  void anOnsetBeforeTheWindowUsesTheWholeWindow() {
    float[] z = burst(1e-4, 2, 0);
    boolean[] obs = new boolean[W];
    Arrays.fill(obs, true);
    long cut = START + Math.round((W - 1) / RATE * 1e6);
    float[] out = new float[PickFeatures.COUNT];
    PickFeatures.compute(z, obs, RATE, START, cut, START - 30_000_000L, out, 0);
    assertEquals(1f, out[0]);
    assertEquals(((W - 1) / RATE + 30) / 10, out[1], 1e-4);
    assertEquals(Math.log10(1e-4) / 2 + 2.5, out[3], 1e-3);
  }
}
