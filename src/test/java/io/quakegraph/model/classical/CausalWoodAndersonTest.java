package io.quakegraph.model.classical;

import static org.junit.jupiter.api.Assertions.*;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.WoodAnderson;
import org.junit.jupiter.api.Test;

/** The causal recursive Wood-Anderson agrees with the exact frequency-domain one on peaks. */
class CausalWoodAndersonTest {

  @Test
  void peakAmplitudesMatchTheExactResponse() {
    EventSample s = SyntheticScenes.events(31, 1, 4.0, 4.5, 12).get(0);
    CausalWoodAnderson causal = new CausalWoodAnderson(s.sampleRate());
    double worst = 0;
    for (StationWaveform w : s.stations()) {
      for (int c = 1; c <= 2; c++) {
        double[] x = new double[w.samples()];
        for (int i = 0; i < x.length; i++) {
          x[i] = w.velocity()[c][i];
        }
        Trace v = new Trace(SourceId.of("CI", w.station(), "", "HHN"), 0, s.sampleRate(), x);
        double exact = WoodAnderson.peakAmplitudeMm(WoodAnderson.fromVelocity(v));
        double[] y = causal.filter(w.velocity()[c]);
        double peak = 0;
        for (double d : y) {
          peak = Math.max(peak, Math.abs(d));
        }
        double ratio = peak / exact;
        worst = Math.max(worst, Math.abs(Math.log10(ratio)));
        assertTrue(Math.abs(Math.log10(ratio)) < 0.05, w.stationId() + " ratio " + ratio);
      }
    }
    System.out.printf("causal Wood-Anderson: worst |log10 peak ratio| %.4f%n", worst);
  }

  @Test
  void responseAtOneHertzIsTheStandardMagnification() {
    // 1 Hz sine of 1 micrometre/s velocity: trace amplitude = |H(1 Hz)| * displacement.
    double rate = 50;
    float[] v = new float[(int) (40 * rate)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (1e-6 * Math.sin(2 * Math.PI * i / rate));
    }
    double[] y = new CausalWoodAnderson(rate).filter(v);
    double peak = 0;
    for (int i = y.length / 2; i < y.length; i++) {
      peak = Math.max(peak, Math.abs(y[i]));
    }
    double displacementMm = 1e-6 / (2 * Math.PI) * 1000;
    double expected =
        WoodAnderson.displacementMagnification(1.0, WoodAnderson.MAGNIFICATION) * displacementMm;
    assertEquals(expected, peak, 0.01 * expected);
  }
}
