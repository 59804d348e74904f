package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {
  private static final SourceId ID = SourceId.of("XX", "STA", "", "HHZ");
  private static final long START = 1_535_510_008_330_000L;

  private static Trace sine(double rate, double seconds, double f, double phase) {
    int n = (int) Math.round(rate * seconds);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(2 * Math.PI * f * i / rate + phase);
    }
    return new Trace(ID, START, rate, x);
  }

  /** {amplitude, phase} of the best-fitting sinusoid at f over samples [from, to). */
  private static double[] fit(double[] y, double rate, double f, int from, int to) {
    double ss = 0;
    double cc = 0;
    double sc = 0;
    double sy = 0;
    double cy = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(2 * Math.PI * f * i / rate);
      double c = Math.cos(2 * Math.PI * f * i / rate);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      sy += s * y[i];
      cy += c * y[i];
    }
    double det = ss * cc - sc * sc;
    double a = (sy * cc - cy * sc) / det;
    double b = (cy * ss - sy * sc) / det;
    return new double[] {Math.hypot(a, b), Math.atan2(b, a)};
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({
    "40, 100",
    "200, 100",
    "100, 50",
    "1, 100",
    "100, 40",
    "100, 30",
    "50, 20",
    "40, 100.5",
    "250, 100",
    "20, 7"
  })
  void sineBelowNewNyquistKeepsAmplitudeAndPhase(double in, double out) {
    double f = 0.3 * Math.min(in, out);
    double phase = 0.7;
    double seconds = Math.max(60, 400 / Math.min(in, out));
    Trace r = Resampler.resample(sine(in, seconds, f, phase), out);
    assertEquals(START, r.startMicros());
    assertEquals(out, r.sampleRate());
    int expectedN = (int) Math.floor((Math.round(in * seconds) - 1) * out / in + 1e-9) + 1;
    assertEquals(expectedN, r.size());
    int m = r.size();
    double[] af = fit(r.samples(), out, f, m / 5, 4 * m / 5);
    assertEquals(1.0, af[0], 0.01, "amplitude");
    double phaseErr = Math.IEEEremainder(af[1] - phase, 2 * Math.PI);
    double sampleErr = Math.abs(phaseErr) / (2 * Math.PI * f) * out; // in output samples
    assertTrue(sampleErr < 0.05, "phase error " + sampleErr + " samples");
    // Pointwise: beyond one kernel half-width (22 samples at the lower rate) from either end the
    // sine is followed within 0.5 %; at the very ends, where the odd-reflected continuation is not
    // band-limited, within 20 % (no blow-up).
    int edge = (int) Math.ceil(25 * out / Math.min(in, out));
    for (int j = 0; j < m; j++) {
      double t = j / out;
      double tol = j < edge || j >= m - edge ? 0.2 : 0.005;
      assertEquals(Math.sin(2 * Math.PI * f * t + phase), r.samples()[j], tol, "sample " + j);
    }
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz, sine at {2} x new rate")
  @CsvSource({"200, 100, 0.7", "200, 100, 0.55", "100, 40, 0.6", "100, 30, 0.8", "40, 7, 0.9"})
  void sineAboveNewNyquistIsAttenuatedFortyDecibels(double in, double out, double fraction) {
    double f = fraction * out;
    assertTrue(f < in / 2, "test sine must exist at the input rate");
    Trace r = Resampler.resample(sine(in, 200, f, 0.3), out);
    double[] y = r.samples();
    int m = y.length;
    double peak = 0;
    for (int j = m / 10; j < 9 * m / 10; j++) {
      peak = Math.max(peak, Math.abs(y[j]));
    }
    double db = 20 * Math.log10(peak);
    assertTrue(db <= -40, "alias only " + db + " dB down");
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({"100, 50", "100, 40", "40, 100", "100, 100", "200, 50"})
  void spanOverloadGivesTheFullResamplingsSamplesInsideTheSpan(double in, double out) {
    // Noise-like input, so that every tap matters; the span starts 12.34 s in (the kernel reaches
    // back into data before it) and ends 2 s before the data do.
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    double[] x = new double[(int) (40 * in)];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    Trace t = new Trace(ID, START, in, x);
    long grid = START + 3_000;
    long from = START + 12_340_000;
    long to = START + 38_000_000;
    Trace full = Resampler.resample(t, out, grid);
    Trace span = Resampler.resample(t, out, grid, from, to);
    assertTrue(span.startMicros() >= from && span.startMicros() < from + 1e6 / out);
    int offset = (int) Math.round((span.startMicros() - full.startMicros()) * out / 1e6);
    assertEquals(full.timeOf(offset), span.startMicros(), 1);
    assertTrue(span.timeOf(span.size() - 1) < to && span.timeOf(span.size()) >= to - 1);
    for (int j = 0; j < span.size(); j++) {
      assertEquals(full.samples()[offset + j], span.samples()[j], 1e-12, "sample " + j);
    }
    assertEquals(0, Resampler.resample(t, out, grid, to, from).size());
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({"100, 50", "200, 50", "40, 50", "50, 50"})
  void anOutputSampleIsExactOnceTheInputReachesPastItByTheReach(double in, double out) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
    double[] x = new double[(int) (30 * in)];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    Trace all = new Trace(ID, START, in, x);
    long grid = START + 7_000; // off the input's samples: the kernel interpolates at every rate
    long t = START + 20_007_000; // an output sample 10 s before the data end
    double exact = at(Resampler.resample(all, out, grid), t);
    long reach = (long) Math.ceil(Resampler.reachSeconds(in, out) * 1e6);
    // input up to (and including) the last sample within the reach: the full result
    assertEquals(exact, at(Resampler.resample(cut(all, t + reach), out, grid), t), 1e-12);
    // a tenth of the reach less: the end reflection reaches the sample
    double shorter = at(Resampler.resample(cut(all, t + reach * 9 / 10), out, grid), t);
    assertTrue(Math.abs(exact - shorter) > 1e-6, "short input changed nothing: " + shorter);
    assertEquals(20 / (0.9 * Math.min(in, out)), Resampler.reachSeconds(in, out), 1e-12);
  }

  /** The trace's samples up to and including time {@code lastMicros}. */
  private static Trace cut(Trace t, long lastMicros) {
    int n = (int) Math.floor((lastMicros - t.startMicros()) * t.sampleRate() / 1e6) + 1;
    return new Trace(t.id(), t.startMicros(), t.sampleRate(), Arrays.copyOf(t.samples(), n));
  }

  /** The sample of {@code r} at time {@code micros}. */
  private static double at(Trace r, long micros) {
    int j = (int) Math.round((micros - r.startMicros()) * r.sampleRate() / 1e6);
    assertEquals(micros, r.timeOf(j), 1);
    return r.samples()[j];
  }

  @Test
  void gridOverloadPutsSamplesOnTheRequestedTimes() {
    // 100 Hz data starting 8.8 ms after the grid origin, resampled onto a 40 Hz grid through it.
    long grid = START;
    long dataStart = START + 8_800;
    double f = 3.1;
    int n = 6000;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(2 * Math.PI * f * (dataStart - grid + i * 1e4) / 1e6);
    }
    Trace r = Resampler.resample(new Trace(ID, dataStart, 100, x), 40, grid);
    assertEquals(START + 25_000, r.startMicros()); // first 40 Hz grid time after the data start
    for (int j = 30; j < r.size() - 30; j++) {
      double t = (r.startMicros() - grid) / 1e6 + j / 40.0;
      assertEquals(Math.sin(2 * Math.PI * f * t), r.samples()[j], 1e-3, "sample " + j);
    }
    // Same rate, shifted grid: a fractional-sample shift, not a copy.
    Trace shifted = Resampler.resample(new Trace(ID, dataStart, 100, x), 100, grid);
    assertEquals(START + 10_000, shifted.startMicros());
    for (int j = 30; j < shifted.size() - 30; j++) {
      double t = (shifted.startMicros() - grid) / 1e6 + j / 100.0;
      assertEquals(Math.sin(2 * Math.PI * f * t), shifted.samples()[j], 1e-3, "sample " + j);
    }
  }

  @Test
  void sameRateIsACopy() {
    Trace t = sine(100, 10, 3, 0);
    Trace r = Resampler.resample(t, 100);
    assertEquals(t, r);
    assertNotSame(t.samples(), r.samples());
  }

  @Test
  void constantStaysExactlyConstantToTheEdges() {
    for (double out : new double[] {100, 40, 33.3, 250}) {
      double[] x = new double[777];
      Arrays.fill(x, 42.5);
      Trace r = Resampler.resample(new Trace(ID, START, 100, x), out);
      for (double v : r.samples()) {
        assertEquals(42.5, v, 1e-9, "at " + out + " Hz");
      }
    }
  }

  @Test
  void decimationKeepsSamplesAlignedWithInput() {
    // A band-limited pulse sampled at 200 Hz: the 100 Hz output at t must match the input at t.
    double[] x = new double[4000];
    for (int i = 0; i < x.length; i++) {
      double a = (i - 2001) / 40.0;
      x[i] = Math.exp(-a * a);
    }
    double[] y = Resampler.resample(new Trace(ID, START, 200, x), 100).samples();
    for (int j = 0; j < y.length; j++) {
      assertEquals(x[2 * j], y[j], 1e-4, "sample " + j);
    }
  }

  @Test
  void tinyAndInvalidInputs() {
    assertEquals(0, Resampler.resample(new Trace(ID, START, 40, new double[0]), 100).size());
    double[] one = Resampler.resample(new Trace(ID, START, 40, new double[] {3}), 100).samples();
    assertArrayEquals(new double[] {3}, one, 1e-12);
    assertThrows(
        IllegalArgumentException.class,
        () -> Resampler.resample(new Trace(ID, START, 40, new double[5]), 0));
  }

  @Test
  void besselI0MatchesKnownValues() {
    assertEquals(1.0, Resampler.besselI0(0), 0);
    assertEquals(2.2795853023360673, Resampler.besselI0(2), 1e-12);
    assertEquals(2815.716628466254, Resampler.besselI0(10), 1e-8);
  }
}
