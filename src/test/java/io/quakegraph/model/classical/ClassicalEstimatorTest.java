package io.quakegraph.model.classical;

import static org.junit.jupiter.api.Assertions.*;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.model.Estimate;
import io.quakegraph.seismic.Origin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The classical and oracle estimators end to end on simulated M4+ events. */
class ClassicalEstimatorTest {
  static final double[] AFTER_FIRST_P = {0.5, 1, 2, 4, 8, 16, 25};
  static List<EventSample> events;

  @BeforeAll
  static void simulate() {
    events = SyntheticScenes.events(41, 4, 4.0, 5.5, 40);
  }

  static long cut(EventSample s, double afterFirstP) {
    return s.windowStartMicros() + Math.round((s.earliestP() + afterFirstP) * 1e6);
  }

  @Test
  void tenSecondsAfterFirstPTheEpicentreAndMagnitudeAreClose() {
    ClassicalEstimator classical = new ClassicalEstimator();
    OracleEstimator oracle = new OracleEstimator();
    List<Double> epi = new ArrayList<>();
    List<Double> mag = new ArrayList<>();
    for (EventSample s : events) {
      Origin o = s.truth().origin();
      for (PickBasedEstimator est : List.of(classical, oracle)) {
        ClassicalSolution sol = est.solve(s, cut(s, 10));
        Estimate e = sol.estimate();
        double km =
            SyntheticScenes.epicentralKm(e.latitude(), e.longitude(), o.latitude(), o.longitude());
        double dm = e.magnitude() - s.truth().magnitude();
        System.out.printf(
            "%s M%.2f %-9s +10 s: %s, %d picks, epicentre %.2f km (σ %.1f), depth %+.1f km (σ"
                + " %.1f), M %+.2f (σ %.2f, %s), origin %+.2f s (σ %.2f)%n",
            s.eventId(),
            s.truth().magnitude(),
            est.name(),
            sol.status(),
            sol.picks().size(),
            km,
            e.sigmaHorizontalKm(),
            e.depthKm() - o.depthKm(),
            e.sigmaDepthKm(),
            dm,
            e.sigmaMagnitude(),
            sol.magnitude().afterS() ? "after S" : "P only",
            (e.originMicros() - o.timeMicros()) / 1e6,
            e.sigmaOriginS());
        if (est == classical) {
          assertEquals(ClassicalSolution.Status.LOCATED, sol.status(), s.eventId());
          epi.add(km);
          mag.add(Math.abs(dm));
        }
      }
    }
    double epiMedian = median(epi);
    double magMedian = median(mag);
    System.out.printf(
        "classical at first P + 10 s: median epicentral error %.2f km, median |ΔM| %.2f%n",
        epiMedian, magMedian);
    assertTrue(epiMedian < 10, "median epicentral error " + epiMedian);
    assertTrue(epi.stream().allMatch(v -> v < 25), "epicentral errors " + epi);
    assertTrue(magMedian < 0.5, "median magnitude error " + magMedian);
  }

  @Test
  void fewerThanFourPicksFallBackToTheFirstStation() {
    EventSample s = events.get(0);
    ClassicalEstimator classical = new ClassicalEstimator();
    // Before any P: nothing detected, every value NaN.
    ClassicalSolution none = classical.solve(s, cut(s, -1));
    assertEquals(ClassicalSolution.Status.NO_PICKS, none.status());
    assertTrue(Double.isNaN(none.estimate().latitude()));
    assertTrue(Double.isNaN(none.estimate().magnitude()));
    // The three stations nearest the epicentre only: at most three picks.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < s.stations().size(); i++) {
      order.add(i);
    }
    Origin o = s.truth().origin();
    order.sort(
        (a, b) ->
            Double.compare(
                SyntheticScenes.epicentralKm(
                    o.latitude(),
                    o.longitude(),
                    s.stations().get(a).latitude(),
                    s.stations().get(a).longitude()),
                SyntheticScenes.epicentralKm(
                    o.latitude(),
                    o.longitude(),
                    s.stations().get(b).latitude(),
                    s.stations().get(b).longitude())));
    EventSample three = subset(s, order.subList(0, 3));
    ClassicalSolution sol = classical.solve(three, cut(s, 20));
    assertEquals(ClassicalSolution.Status.FIRST_STATION, sol.status());
    assertTrue(sol.picks().size() >= 1 && sol.picks().size() <= 3, sol.picks().toString());
    PhasePick first =
        sol.picks().stream().min((a, b) -> Double.compare(a.onsetS(), b.onsetS())).get();
    StationWaveform w = three.stations().get(first.station());
    Estimate e = sol.estimate();
    assertEquals(w.latitude(), e.latitude());
    assertEquals(w.longitude(), e.longitude());
    assertEquals(PickBasedEstimator.FALLBACK_DEPTH_KM, e.depthKm());
    assertEquals(PickBasedEstimator.FALLBACK_SIGMA_KM, e.sigmaLatKm());
    assertTrue(Double.isFinite(e.magnitude()), e.toString());
    System.out.printf(
        "fallback with %d picks: epicentre %.1f km off (σ %.0f km per axis), M %+.2f%n",
        sol.picks().size(),
        SyntheticScenes.epicentralKm(e.latitude(), e.longitude(), o.latitude(), o.longitude()),
        e.sigmaLatKm(),
        e.magnitude() - s.truth().magnitude());
  }

  @Test
  void estimateAllEqualsSeparateEstimatesAndIsFast() {
    EventSample big = SyntheticScenes.events(43, 1, 4.5, 5.0, 185).get(0);
    long[] cuts = Arrays.stream(AFTER_FIRST_P).mapToLong(dt -> cut(big, dt)).toArray();
    List<Estimate> fresh = new ArrayList<>();
    for (long c : cuts) {
      fresh.add(new ClassicalEstimator().estimate(big, c)); // a new estimator: no cached picks
    }
    ClassicalEstimator reused = new ClassicalEstimator();
    assertEquals(fresh, reused.estimateAll(big, cuts));
    // Evaluation's load: the cut times at 0, 25 and 50 % station dropout, on warm caches.
    List<EventSample> dropouts = List.of(big, dropout(big, 4, 1), dropout(big, 2, 0));
    int calls = 0;
    long t0 = System.nanoTime();
    for (int rep = 0; rep < 2; rep++) {
      for (EventSample d : dropouts) {
        calls += reused.estimateAll(d, cuts).size();
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6 / calls;
    long t1 = System.nanoTime();
    new ClassicalEstimator().estimateAll(big, cuts);
    double coldMs = (System.nanoTime() - t1) / 1e6;
    int lastPicks = reused.solve(big, cuts[cuts.length - 1]).picks().size();
    System.out.printf(
        "%d stations, %d cut times (%d picks at +25 s): %.1f ms per estimate warm; %.0f ms for all"
            + " cuts of a new event (picking included)%n",
        big.stations().size(), cuts.length, lastPicks, ms, coldMs);
    assertTrue(ms < 50, ms + " ms per estimate");
  }

  /** Every {@code every}-th station dropped, starting at {@code offset} (same waveform objects). */
  static EventSample dropout(EventSample s, int every, int offset) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < s.stations().size(); i++) {
      if ((i + offset) % every != 0) {
        keep.add(i);
      }
    }
    return subset(s, keep);
  }

  static EventSample subset(EventSample s, List<Integer> keep) {
    List<StationWaveform> w = new ArrayList<>();
    double[] p = new double[keep.size()];
    double[] q = new double[keep.size()];
    for (int k = 0; k < keep.size(); k++) {
      w.add(s.stations().get(keep.get(k)));
      p[k] = s.firstP()[keep.get(k)];
      q[k] = s.firstS()[keep.get(k)];
    }
    return new EventSample(
        s.eventId(), s.truth(), s.windowStartMicros(), s.sampleRate(), w, p, q, s.provenance());
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
  }
}
