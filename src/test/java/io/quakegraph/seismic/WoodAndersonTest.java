package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WoodAndersonTest {
  private static final SourceId ID = SourceId.of("XX", "TEST", "", "HHN");

  private static Trace sine(double freq, double amp, double rate, double seconds) {
    int n = (int) Math.round(rate * seconds);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = amp * Math.sin(2 * Math.PI * freq * i / rate);
    }
    return new Trace(ID, 0, rate, x);
  }

  /** Peak over the central half, away from the tapered ends and the start-up transient. */
  private static double centralPeak(double[] x) {
    double p = 0;
    for (int i = x.length / 4; i < 3 * x.length / 4; i++) {
      p = Math.max(p, Math.abs(x[i]));
    }
    return p;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.2, 0.5, 1.25, 2.0, 5.0, 12.0})
  void sineAmplitudeMatchesAnalyticResponse(double f) {
    double v = 1e-4; // m/s
    Trace wa = WoodAnderson.fromVelocity(sine(f, v, 100, 60));
    double groundDispMm = v / (2 * Math.PI * f) * 1000;
    double expected = groundDispMm * WoodAnderson.displacementMagnification(f, 2080);
    assertEquals(expected, centralPeak(wa.samples()), expected * 0.01, "f=" + f);
  }

  @Test
  void highFrequencyMagnificationApproachesStaticValue() {
    assertEquals(2080, WoodAnderson.displacementMagnification(50, 2080), 2080 * 0.01);
    // At the natural frequency a damping of 0.7 gives M / (2h) = 1485.7.
    assertEquals(2080 / 1.4, WoodAnderson.displacementMagnification(1.25, 2080), 1e-6);
  }

  @Test
  void magnificationScalesLinearly() {
    Trace v = sine(3, 1e-5, 100, 30);
    double a2080 = WoodAnderson.peakAmplitudeMm(WoodAnderson.fromVelocity(v));
    double a2800 =
        WoodAnderson.peakAmplitudeMm(
            WoodAnderson.fromVelocity(v, WoodAnderson.ORIGINAL_MAGNIFICATION));
    assertEquals(2800.0 / 2080.0, a2800 / a2080, 1e-9);
  }

  @Test
  void responseIsCausalAndDoesNotWrapAround() {
    double rate = 100;
    int n = 6000;
    double[] x = new double[n];
    double t0 = 30;
    double fp = 4; // Ricker wavelet, zero mean so detrending leaves it alone
    for (int i = 0; i < n; i++) {
      double a = Math.PI * fp * (i / rate - t0);
      x[i] = (1 - 2 * a * a) * Math.exp(-a * a);
    }
    double[] y = WoodAnderson.fromVelocity(new Trace(ID, 0, rate, x)).samples();
    double peak = centralPeak(y);
    for (int i = 0; i < (int) ((t0 - 0.5) * rate); i++) {
      assertTrue(Math.abs(y[i]) < 1e-3 * peak, "non-causal energy at sample " + i);
    }
  }

  @Test
  void peakAmplitudeIsZeroToPeakAfterDemean() {
    double[] x = {5, 7, 5, 3, 5, 5};
    Trace t = new Trace(ID, 0, 1, x);
    // mean 5: largest excursion 2 (not the raw maximum 7)
    assertEquals(2.0, WoodAnderson.peakAmplitudeMm(t), 1e-12);
  }

  @Test
  void emptyTraceStaysEmptyAndBadMagnificationIsRejected() {
    Trace empty = new Trace(ID, 0, 100, new double[0]);
    assertEquals(0, WoodAnderson.fromVelocity(empty).size());
    assertThrows(IllegalArgumentException.class, () -> WoodAnderson.fromVelocity(empty, -1));
  }
}
