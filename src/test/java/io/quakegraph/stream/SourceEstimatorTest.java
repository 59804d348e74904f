package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.model.Estimate;
import io.quakegraph.model.PickFeatures;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.TravelTimes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate of one event from its graph, without Flink: the untrained network's prior is
 * corrected by the event's onsets (computed in the 1-D model from a known source), a station's
 * later onset is not taken for its P, an event with no onset yet keeps the network's estimate, and
 * the same input gives the same estimate on another loaded copy (what a restored head relies on).
 */
class SourceEstimatorTest {
  private static final double LAT = 34.3;
  private static final double LON = -118.0;
  private static final double DEPTH = 8.0;
  private static final long ORIGIN = StreamFixtures.T0 + 30_000_000L;

  @TempDir static Path tmp;
  private static final List<Station> stations = new ArrayList<>();
  private static TravelTimes tt;
  private static Path model;
  private static SourceEstimator estimator;

  @BeforeAll
  static void setUp() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 12; i++) {
      double km = 6 + 90 * r.nextDouble();
      double az = 2 * Math.PI * r.nextDouble();
      stations.add(
          StreamFixtures.station(
              "CI",
              "S" + i,
              LAT + km * Math.cos(az) / Geodesy.KM_PER_DEGREE,
              LON + km * Math.sin(az) / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(LAT)))));
    }
    tt = TravelTimes.hadleyKanamori();
    model = StreamFixtures.model(tmp, stations);
    estimator = SourceEstimator.load(model, stations.size());
  }

  @AfterAll
  static void tearDown() {
    estimator.close();
  }

  private static long pArrival(Station s) {
    double km = Geodesy.epicentralKm(LAT, LON, s.latitude(), s.longitude());
    return ORIGIN + Math.round(tt.pSeconds(km, DEPTH) * 1e6);
  }

  private static long sArrival(Station s) {
    double km = Geodesy.epicentralKm(LAT, LON, s.latitude(), s.longitude());
    return ORIGIN + Math.round(tt.sSeconds(km, DEPTH) * 1e6);
  }

  /** Every station live; those with an onset before t triggered at it. */
  private static List<StationNode> graph(long t, List<TriggerOnset> onsets) {
    Random r = new Random(3);
    List<StationNode> g = new ArrayList<>();
    for (Station s : stations) {
      long on =
          onsets.stream()
              .filter(p -> p.stationId().equals(s.id()) && p.onsetMicros() <= t)
              .mapToLong(TriggerOnset::onsetMicros)
              .min()
              .orElse(Long.MIN_VALUE);
      float[] emb = new float[16];
      for (int k = 0; k < emb.length; k++) {
        emb[k] = (float) r.nextGaussian();
      }
      g.add(
          new StationNode(
              s.id(),
              t,
              emb,
              on == Long.MIN_VALUE ? -6.5f : -4f,
              true,
              on != Long.MIN_VALUE,
              on,
              1f,
              s.latitude(),
              s.longitude(),
              s.elevationM(),
              t,
              "stgnn-test-v0",
              new float[PickFeatures.COUNT]));
    }
    return g;
  }

  private static List<TriggerOnset> pOnsets() {
    return stations.stream()
        .map(s -> new TriggerOnset(s.id(), s.latitude(), s.longitude(), pArrival(s)))
        .toList();
  }

  private static EventState event(List<TriggerOnset> onsets) {
    long first = onsets.stream().mapToLong(TriggerOnset::onsetMicros).min().orElseThrow();
    return new EventState(
        "e1", first, 0, onsets.toArray(TriggerOnset[]::new), false, Long.MIN_VALUE);
  }

  private static double epicentreKm(Estimate e) {
    return Geodesy.epicentralKm(e.latitude(), e.longitude(), LAT, LON);
  }

  @Test
  void theOnsetsCorrectTheUntrainedNetworksPrior() {
    long t = ORIGIN + 20_000_000L;
    List<TriggerOnset> onsets = pOnsets();
    EventState e = event(onsets);
    List<StationNode> g = graph(t, onsets);
    Estimate prior = estimator.prior(e, g, t);
    Estimate est = estimator.estimate(e, g, t);
    assertTrue(
        epicentreKm(est) < 1.0,
        "fused " + epicentreKm(est) + " km off (prior " + epicentreKm(prior) + " km): " + est);
    assertEquals(0.0, (est.originMicros() - ORIGIN) / 1e6, 0.2, "origin time");
    // twelve stations, the nearest 6 km or more away, hold the depth less tightly than the
    // epicentre: the truth lies within the estimate's own 2 sigma
    assertEquals(DEPTH, est.depthKm(), 2 * est.sigmaDepthKm(), "depth: " + est);
    assertEquals(prior.magnitude(), est.magnitude(), 0.0, "the magnitude stays the network's");
  }

  @Test
  void aStationsLaterOnsetIsNotTakenForItsP() {
    long t = ORIGIN + 20_000_000L;
    List<TriggerOnset> onsets = pOnsets();
    List<TriggerOnset> withS = new ArrayList<>(onsets);
    for (Station s : stations.subList(0, 4)) {
      withS.add(new TriggerOnset(s.id(), s.latitude(), s.longitude(), sArrival(s)));
    }
    List<StationNode> g = graph(t, onsets);
    assertEquals(estimator.estimate(event(onsets), g, t), estimator.estimate(event(withS), g, t));
  }

  @Test
  void anEventWithoutAnOnsetByItsStepKeepsTheNetworksEstimate() {
    List<TriggerOnset> onsets = pOnsets();
    long first = onsets.stream().mapToLong(TriggerOnset::onsetMicros).min().orElseThrow();
    long t = first - 1_000_000L;
    EventState e = event(onsets);
    List<StationNode> g = graph(t, onsets);
    assertEquals(estimator.prior(e, g, t), estimator.estimate(e, g, t));
  }

  @Test
  void anotherLoadedCopyGivesTheSameEstimate() throws Exception {
    long t = ORIGIN + 9_000_000L;
    List<TriggerOnset> onsets = pOnsets().stream().filter(p -> p.onsetMicros() <= t).toList();
    EventState e = event(onsets);
    List<StationNode> g = graph(t, onsets);
    try (SourceEstimator other = SourceEstimator.load(model, stations.size())) {
      assertEquals(estimator.estimate(e, g, t), other.estimate(e, g, t));
    }
  }
}
