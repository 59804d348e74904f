package io.quakegraph.dataset;

import static org.junit.jupiter.api.Assertions.*;

import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.SyntheticNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic samples: deterministic per seed, disjoint between seeds, and written/read losslessly.
 */
class SyntheticSampleSourceTest {
  static final ModelInputSpec SPEC = new ModelInputSpec(50, 10, 30, 20, 0.5);
  static final ScenarioOptions SCENARIO =
      ScenarioOptions.defaults().toBuilder().minMagnitude(3.0).maxMagnitude(5.0).build();
  static SyntheticNetwork network;
  static List<EventSample> seed7;

  @TempDir Path tmp;

  @BeforeAll
  static void setUp() throws Exception {
    network = SyntheticNetwork.build(sites(), Times.parse("2019-06-01T00:00:00Z"), 3);
    seed7 = take(7, 3);
  }

  /** Five stations around Los Angeles, 20-120 km apart. */
  static List<Station> sites() {
    return List.of(
        new Station("CI", "PASC", 34.1717, -118.1853, 295, "Pasadena", List.of()),
        new Station("CI", "RPV", 33.7435, -118.4045, 116, "Palos Verdes", List.of()),
        new Station("CI", "SBC", 34.4408, -119.7149, 60, "Santa Barbara", List.of()),
        new Station("CI", "PLS", 33.7953, -117.6088, 452, "Pleasants Peak", List.of()),
        new Station("CI", "CHF", 34.3334, -118.0258, 1542, "Chilao Flat", List.of()));
  }

  static List<EventSample> take(long seed, int n) throws Exception {
    List<EventSample> out = new ArrayList<>();
    try (SyntheticSampleSource src = new SyntheticSampleSource(network, SPEC, SCENARIO, seed, n)) {
      assertEquals(n, src.count().getAsLong());
      while (true) {
        var s = src.next();
        if (s.isEmpty()) {
          break;
        }
        out.add(s.get());
      }
    }
    assertEquals(n, out.size());
    return out;
  }

  @Test
  void sameSeedGivesTheSameSamples() throws Exception {
    List<EventSample> again = take(7, 3);
    assertEquals(seed7, again);
  }

  @Test
  void differentSeedsShareNoEvent() throws Exception {
    List<EventSample> seed8 = take(8, 3);
    Set<String> ids = new HashSet<>();
    Set<Long> origins = new HashSet<>();
    for (EventSample s : seed7) {
      ids.add(s.eventId());
      origins.add(s.truth().origin().timeMicros());
    }
    for (EventSample s : seed8) {
      assertFalse(ids.contains(s.eventId()), s.eventId());
      assertFalse(origins.contains(s.truth().origin().timeMicros()), s.eventId());
    }
  }

  @Test
  void samplesFollowTheSpecAndCarryLabels() {
    for (EventSample s : seed7) {
      assertEquals(SPEC.samples(), s.samples());
      assertEquals(SPEC.windowStart(s.truth().origin().timeMicros()), s.windowStartMicros());
      assertTrue(s.truth().magnitude() >= 3.0 && s.truth().magnitude() <= 5.0);
      assertEquals(5, s.stations().size(), s.toString());
      for (int i = 0; i < s.stations().size(); i++) {
        StationWaveform w = s.stations().get(i);
        assertEquals("CI." + w.station() + "..HHE,HHN,HHZ", w.channelsUsed());
        assertArrayEquals(new boolean[] {true, true, true}, w.componentPresent());
        assertEquals(1.0f, w.observedFraction(), w.toString());
        assertTrue(Double.isFinite(s.firstP()[i]) && s.firstS()[i] > s.firstP()[i]);
        // P is at least the origin offset (10 s) into the window.
        assertTrue(s.firstP()[i] >= SPEC.windowBeforeOriginS(), "P at " + s.firstP()[i]);
        assertTrue(w.peakVelocity() > 0 && w.peakVelocity() < 1, w.toString());
      }
    }
  }

  @Test
  void pArrivalShowsInTheConditionedWaveform() {
    // Where P arrives inside the window at a station that sees the event well, the vertical
    // amplitude after the onset exceeds the noise before it: timing and polarity of the pipeline
    // line up with the simulator's true arrivals.
    int checked = 0;
    for (EventSample s : seed7) {
      for (int i = 0; i < s.stations().size(); i++) {
        double p = s.firstP()[i];
        if (p > SPEC.windowBeforeOriginS() + SPEC.windowAfterOriginS() - 5 || p < 5) {
          continue;
        }
        float[] z = s.stations().get(i).velocity()[0];
        int onset = (int) Math.round(p * SPEC.sampleRate());
        double before = rms(z, onset - (int) (4 * SPEC.sampleRate()), onset - 5);
        double after = rms(z, onset, onset + (int) (3 * SPEC.sampleRate()));
        if (s.truth().magnitude() >= 3.5 && after > 0) {
          assertTrue(
              after > 2 * before,
              s.eventId() + " " + s.stations().get(i) + " " + before + " " + after);
          checked++;
        }
      }
    }
    assertTrue(checked > 0, "no station window to check");
  }

  @Test
  void hdf5ReturnsWhatWasWritten() throws Exception {
    Path out = tmp.resolve("synthetic.h5");
    // A tiny shard size puts every event in its own file: parts, then the main file.
    EventDatasetWriter.Result result;
    try (EventDatasetWriter w = new EventDatasetWriter(out, SPEC, 1, 1)) {
      w.putProvenance("command_line", "test");
      for (EventSample s : seed7) {
        w.add(s);
      }
      result = w.finish();
    }
    assertEquals(3, result.events());
    assertEquals(4, result.files().size(), "3 part files and the main file: " + result.files());
    List<EventSample> back = new ArrayList<>();
    try (Hdf5SampleSource src = Hdf5SampleSource.open(out)) {
      assertEquals(SPEC, src.spec());
      assertEquals(3, src.count().getAsLong());
      while (true) {
        var s = src.next();
        if (s.isEmpty()) {
          break;
        }
        back.add(s.get());
      }
    }
    assertEquals(seed7.size(), back.size());
    for (int k = 0; k < back.size(); k++) {
      EventSample a = seed7.get(k);
      EventSample b = back.get(k);
      assertEquals(a.eventId(), b.eventId());
      assertEquals(a.truth().origin(), b.truth().origin());
      assertEquals(a.truth().magnitude(), b.truth().magnitude());
      assertEquals(a.truth().magnitudeType(), b.truth().magnitudeType());
      assertEquals(a.windowStartMicros(), b.windowStartMicros());
      assertEquals(a.stations(), b.stations());
      assertArrayEquals(a.firstP(), b.firstP());
      assertArrayEquals(a.firstS(), b.firstS());
      assertEquals(a.provenance(), b.provenance());
    }
  }

  static double rms(float[] x, int from, int to) {
    double s = 0;
    int n = 0;
    for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
      s += (double) x[i] * x[i];
      n++;
    }
    return n == 0 ? 0 : Math.sqrt(s / n);
  }
}
