package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.dataset.SyntheticSampleSource;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.SyntheticNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the model may see of a sample: the window ending at the cut, nothing later. */
class GraphFeaturesTest {
  static final long START = Times.parse("2020-03-01T00:00:00Z");
  static final int T = 2000; // 40 s at 50 Hz
  static final ModelSpec SPEC = RandomGraphs.smallSpec(1); // W = 256 (5.12 s)

  /** Three stations of random velocity; the third has observed = false everywhere. */
  static EventSample sample(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<StationWaveform> st = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      float[][] v = new float[3][T];
      boolean[][] obs = new boolean[3][T];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < T; i++) {
          v[c][i] = (float) (1e-6 * (2 * rng.nextDouble() - 1));
          obs[c][i] = s != 2;
        }
      }
      st.add(
          new StationWaveform(
              "XX.S" + s,
              34 + 0.1 * s,
              -118 + 0.2 * s,
              500 * s,
              "test",
              v,
              obs,
              new boolean[] {true, true, true},
              s == 2 ? 0f : 1f));
    }
    Earthquake eq =
        new Earthquake(
            "ev" + seed, new Origin(START + 10_000_000, 34, -118, 8), 3.5, "Mw", List.of());
    return new EventSample(
        "ev" + seed,
        eq,
        START,
        50.0,
        st,
        new double[] {12, 13, Double.NaN},
        new double[] {15, 17, Double.NaN},
        "test");
  }

  @Test
  void samplesAfterTheCutAreNeverSeen() {
    EventSample s = sample(1);
    long cut = START + 20_000_000; // sample 1000 is exactly at the cut
    GraphInput before = GraphFeatures.build(s, cut, SPEC);
    int visible = GraphFeatures.visibleSamples(START, 50, cut);
    assertEquals(1001, visible);
    // Scribble over everything after the cut, with values far above the peak.
    for (StationWaveform w : s.stations()) {
      for (float[] comp : w.velocity()) {
        for (int i = visible; i < T; i++) {
          comp[i] = 1e3f * (i % 7 - 3);
        }
      }
    }
    GraphInput after = GraphFeatures.build(s, cut, SPEC);
    assertArrayEquals(before.waveforms(), after.waveforms(), 0f);
    assertArrayEquals(before.logPeak(), after.logPeak(), 0f);
    assertArrayEquals(before.live(), after.live(), 0f);
    // ...while the sample at the cut itself is the window's last.
    int w = SPEC.windowSamples();
    StationWaveform s0 = s.stations().get(0);
    double peak = Math.pow(10, before.logPeak()[0]);
    assertEquals(s0.velocity()[0][visible - 1] / peak, before.waveforms()[w - 1], 1e-5);
    assertEquals(s0.velocity()[2][visible - w] / peak, before.waveforms()[3 * w - w], 1e-5);
  }

  @Test
  void peakScalingLiveFlagAndCoordinates() {
    EventSample s = sample(2);
    GraphInput g = GraphFeatures.build(s, START + 30_000_000, SPEC);
    assertArrayEquals(new float[] {1, 1, 0}, g.live(), 0f);
    // Live stations: peak-normalised to exactly 1 in absolute value, log peak near log10(1e-6).
    for (int st = 0; st < 2; st++) {
      float max = 0;
      for (int j = st * 3 * 256; j < (st + 1) * 3 * 256; j++) {
        max = Math.max(max, Math.abs(g.waveforms()[j]));
      }
      assertEquals(1f, max, 1e-6f);
      assertTrue(g.logPeak()[st] > -6.1 && g.logPeak()[st] <= -6, "" + g.logPeak()[st]);
    }
    // The unobserved station is dead: zero waveforms, floor.
    for (int j = 2 * 3 * 256; j < 3 * 3 * 256; j++) {
      assertEquals(0f, g.waveforms()[j]);
    }
    assertEquals(GraphFeatures.LOG_PEAK_FLOOR, g.logPeak()[2]);
    assertEquals(SPEC.frame().normLat(34.1), g.coords()[3], 1e-6);
    assertEquals(SPEC.frame().normLon(-117.8), g.coords()[4], 1e-6);
    assertEquals(0.5 / 3.0, g.coords()[5], 1e-6);
  }

  @Test
  void cutBeforeTheDataGivesZerosAndDeadStations() {
    EventSample s = sample(3);
    // Cut 1 s after the data start: the first 205 of 256 window samples lie before the data.
    GraphInput g = GraphFeatures.build(s, START + 1_000_000, SPEC);
    for (int j = 0; j < 256 - 51; j++) {
      assertEquals(0f, g.waveforms()[j]);
    }
    assertTrue(g.waveforms()[255] != 0f);
    GraphInput none = GraphFeatures.build(s, START - 60_000_000, SPEC);
    assertEquals(0, none.liveCount());
  }

  @Test
  void syntheticEventRaisesPeaksAfterFirstP() throws Exception {
    List<Station> sites =
        List.of(
            new Station("CI", "PASC", 34.1717, -118.1853, 295, "Pasadena", List.of()),
            new Station("CI", "RPV", 33.7435, -118.4045, 116, "Palos Verdes", List.of()),
            new Station("CI", "PLS", 33.7953, -117.6088, 452, "Pleasants Peak", List.of()));
    SyntheticNetwork net = SyntheticNetwork.build(sites, Times.parse("2019-06-01T00:00:00Z"), 3);
    ModelInputSpec in = new ModelInputSpec(50, 30, 30, 20, 0.5);
    EventSample s;
    try (SyntheticSampleSource src =
        new SyntheticSampleSource(
            net,
            in,
            ScenarioOptions.defaults().toBuilder().minMagnitude(4.0).maxMagnitude(4.5).build(),
            5,
            1)) {
      s = src.next().orElseThrow();
    }
    ModelSpec spec = ModelSpec.defaults(NetworkFrame.of(sites, 50), 1);
    int first = 0;
    for (int i = 1; i < s.firstP().length; i++) {
      if (s.firstP()[i] < s.firstP()[first]) {
        first = i;
      }
    }
    long pMicros = s.windowStartMicros() + Math.round(s.firstP()[first] * 1e6);
    GraphInput noise = GraphFeatures.build(s, pMicros - 2_000_000, spec);
    GraphInput signal = GraphFeatures.build(s, pMicros + 8_000_000, spec);
    assertEquals(3, signal.liveCount());
    assertTrue(
        signal.logPeak()[first] > noise.logPeak()[first] + 0.5,
        "M4+ P/S at the nearest station must dominate the noise: "
            + noise.logPeak()[first]
            + " -> "
            + signal.logPeak()[first]);
    assertEquals(Labels.of(s, pMicros).originOffsetS(), -s.firstP()[first] + 30, 0.02);
  }
}
