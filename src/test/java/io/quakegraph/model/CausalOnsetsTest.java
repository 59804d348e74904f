package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stream's trigger replayed offline over an event sample. */
class CausalOnsetsTest {
  static final long START = Times.parse("2020-03-01T00:00:00Z");
  static final double RATE = 50;
  static final int T = 3000; // 60 s

  /** Station i: noise, and a 3 Hz burst 100 times the noise from {@code onsets[i]} s on. */
  static EventSample sample(double... onsets) {
    SplittableRandom rng = new SplittableRandom(3);
    List<StationWaveform> st = new ArrayList<>();
    for (int s = 0; s < onsets.length; s++) {
      float[][] v = new float[3][T];
      boolean[][] obs = new boolean[3][T];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < T; i++) {
          double t = i / RATE - onsets[s];
          double signal = t < 0 ? 0 : 1e-4 * Math.sin(2 * Math.PI * 3 * t) * Math.exp(-t / 5);
          v[c][i] = (float) (1e-6 * rng.nextGaussian() + signal);
          obs[c][i] = true;
        }
      }
      st.add(
          new StationWaveform(
              "XX.S" + s,
              34,
              -118 + 0.1 * s,
              0,
              "test",
              v,
              obs,
              new boolean[] {true, true, true},
              1f));
    }
    Earthquake eq =
        new Earthquake("ev", new Origin(START + 20_000_000, 34, -118, 8), 3, "Mw", List.of());
    double[] none = new double[onsets.length];
    java.util.Arrays.fill(none, Double.NaN);
    return new EventSample("ev", eq, START, RATE, st, onsets.clone(), none, "test");
  }

  static long at(double s) {
    return START + Math.round(s * 1e6);
  }

  @Test
  void findsEachOnsetOnceItHasArrivedAndNotBefore() {
    EventSample s = sample(25.0, 31.3);
    CausalOnsets onsets = new CausalOnsets(s, 1024);
    long[] early = onsets.at(at(24.9));
    assertEquals(Long.MIN_VALUE, early[0]);
    assertEquals(Long.MIN_VALUE, early[1]);
    long[] mid = onsets.at(at(28.0));
    assertEquals(at(25.0), mid[0], 60_000, "onset within 3 samples");
    assertEquals(Long.MIN_VALUE, mid[1]);
    long[] late = onsets.at(at(40.0));
    assertEquals(mid[0], late[0]);
    assertEquals(at(31.3), late[1], 60_000);
  }

  @Test
  void theOrderOfTheCutsDoesNotMatter() {
    EventSample s = sample(25.0, 31.3);
    CausalOnsets forward = new CausalOnsets(s, 1024);
    long[] a = forward.at(at(26.5));
    long[] b = forward.at(at(33.2));
    CausalOnsets backward = new CausalOnsets(s, 1024);
    assertArrayEquals(b, backward.at(at(33.2)));
    assertArrayEquals(a, backward.at(at(26.5)));
  }

  @Test
  void nothingAfterTheCutIsUsed() {
    EventSample s = sample(25.0);
    long[] before = new CausalOnsets(s, 1024).at(at(30.0));
    for (float[] c : s.stations().get(0).velocity()) {
      for (int i = (int) (30.0 * RATE) + 1; i < T; i++) {
        c[i] = 1e3f * (i % 5 - 2);
      }
    }
    assertArrayEquals(before, new CausalOnsets(s, 1024).at(at(30.0)));
  }
}
