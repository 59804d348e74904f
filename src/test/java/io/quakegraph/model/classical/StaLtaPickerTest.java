package io.quakegraph.model.classical;

import static org.junit.jupiter.api.Assertions.*;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The STA/LTA + AIC picker on simulated events: accurate onsets, and nothing from after the cut. */
class StaLtaPickerTest {
  static List<EventSample> events;
  static StaLtaPicker picker;

  @BeforeAll
  static void simulate() {
    events = SyntheticScenes.events(21, 2, 3.5, 5.0, 30);
    picker = new StaLtaPicker(StaLtaPicker.Settings.defaults(), SyntheticScenes.SPEC.sampleRate());
  }

  @Test
  void picksFindTheTrueOnsets() {
    List<Double> errors = new ArrayList<>();
    int withP = 0;
    for (EventSample s : events) {
      for (double p : s.firstP()) {
        withP += Double.isFinite(p) ? 1 : 0;
      }
      for (PhasePick pk : picker.pickAll(s)) {
        double truth = s.firstP()[pk.station()];
        errors.add(Math.abs(pk.onsetS() - truth));
        assertTrue(pk.decisionS() >= pk.onsetS(), pk.toString());
        assertTrue(pk.snr() >= StaLtaPicker.Settings.defaults().minSnr(), pk.toString());
      }
    }
    double[] e = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = e[e.length / 2];
    long within = Arrays.stream(e).filter(v -> v <= 0.5).count();
    System.out.printf(
        "picker: %d picks of %d stations with a P; |error| median %.3f s, 90th pct %.3f s,"
            + " within 0.5 s %d%n",
        e.length, withP, median, e[(int) (0.9 * (e.length - 1))], within);
    assertTrue(median < 0.1, "median pick error " + median + " s");
    assertTrue(e.length >= withP / 2, e.length + " picks of " + withP);
    // Far stations' emergent onsets are picked late, and a few take the S wave: the locator's
    // L1 misfit and outlier rejection exist for those.
    assertTrue(within >= 0.75 * e.length, within + " of " + e.length + " within 0.5 s");
  }

  @Test
  void noPickUsesDataAfterTheCut() {
    int compared = 0;
    for (EventSample s : events) {
      List<PhasePick> whole = picker.pickAll(s);
      for (double dt : new double[] {0.5, 1, 2, 4, 8, 16}) {
        int cutIndex = (int) Math.ceil((s.earliestP() + dt) * s.sampleRate());
        EventSample cut = truncated(s, cutIndex);
        List<PhasePick> seen = picker.pickAll(cut);
        List<PhasePick> expected = whole.stream().filter(p -> p.availableBefore(cutIndex)).toList();
        assertEquals(expected, seen, s.eventId() + " cut at +" + dt + " s");
        for (PhasePick p : seen) {
          assertTrue(p.decisionIndex() < cutIndex, p.toString());
        }
        compared += seen.size();
      }
    }
    System.out.println("causality: " + compared + " picks identical on truncated data");
    assertTrue(compared > 20, "too few picks compared: " + compared);
  }

  /** The sample as it is at the cut: later samples do not exist (zero and unrecorded). */
  static EventSample truncated(EventSample s, int cutIndex) {
    List<StationWaveform> out = new ArrayList<>();
    for (StationWaveform w : s.stations()) {
      float[][] v = new float[3][];
      boolean[][] obs = new boolean[3][];
      for (int c = 0; c < 3; c++) {
        v[c] = w.velocity()[c].clone();
        obs[c] = w.observed()[c].clone();
        for (int i = cutIndex; i < v[c].length; i++) {
          v[c][i] = 0;
          obs[c][i] = false;
        }
      }
      out.add(
          new StationWaveform(
              w.stationId(), w.latitude(), w.longitude(), w.elevationM(), w.channelsUsed(), v, obs,
              w.componentPresent(), w.observedFraction()));
    }
    return new EventSample(
        s.eventId(), s.truth(), s.windowStartMicros(), s.sampleRate(), out, s.firstP(), s.firstS(),
        s.provenance());
  }
}
