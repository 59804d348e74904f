package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.SyntheticSampleSource;
import io.quakegraph.model.Estimate;
import io.quakegraph.model.GraphBatch;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.classical.ClassicalEstimator;
import io.quakegraph.model.classical.OracleEstimator;
import io.quakegraph.synth.SyntheticNetwork;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluation harness on a tiny network with real (untrained) models and real baselines. */
class EvaluationTest {
  private static TrainConfig config;
  private static SyntheticNetwork network;
  private static SyntheticEvents events;
  private static GraphModel stgnn;
  private static GraphModel gcn;

  @BeforeAll
  static void setUp() throws Exception {
    config = TinyRun.config(1);
    TrainConfig.DataConfig d = config.data();
    SyntheticNetwork all =
        SyntheticEvents.network(TinyRun.stations(), d.network(), d.networkDate(), d.siteSeed());
    network =
        SyntheticNetwork.build(
            io.quakegraph.synth.StationSelection.nearestToCentre(all.inventory(), 8),
            io.quakegraph.seismic.Times.parse(d.networkDate()),
            d.siteSeed());
    events =
        new SyntheticEvents(
            network, SyntheticEvents.inputSpec(d, 50), SyntheticEvents.scenario(d), d.evalSeed());
    stgnn = ModelFactory.create("stgnn", ModelFactory.spec(config.model(), network, 3));
    gcn = ModelFactory.create("gcn", ModelFactory.spec(config.baseline().model(), network, 4));
  }

  @AfterAll
  static void tearDown() {
    stgnn.close();
    gcn.close();
  }

  @Test
  void aMagnitudeViewHoldsTheSetsOwnEventsOfThatMagnitudeInSetOrder() throws Exception {
    double[] drawn = new double[40];
    for (int i = 0; i < drawn.length; i++) {
      drawn[i] = events.draw(i).magnitude();
    }
    double threshold = java.util.Arrays.stream(drawn).sorted().toArray()[30];
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < drawn.length && expected.size() < 2; i++) {
      if (drawn[i] >= threshold) {
        expected.add(events.draw(i).eventId());
      }
    }
    EventSupplier view = events.atLeast(threshold);
    for (int k = 0; k < expected.size(); k++) {
      var e = view.event(k);
      assertEquals(expected.get(k), e.eventId());
      assertTrue(e.truth().magnitude() >= threshold, e.eventId() + " M" + e.truth().magnitude());
    }
    var none = events.atLeast(99);
    var err = assertThrows(IllegalArgumentException.class, () -> none.event(0));
    assertTrue(err.getMessage().contains("too few events of Mw >= 99.0"), err.getMessage());
  }

  @Test
  void eventsByIndexAreTheSampleSourceStream() throws Exception {
    try (SyntheticSampleSource src =
        new SyntheticSampleSource(
            network,
            SyntheticEvents.inputSpec(config.data(), 50),
            SyntheticEvents.scenario(config.data()),
            config.data().evalSeed(),
            2)) {
      EventSample first = src.next().orElseThrow();
      EventSample second = src.next().orElseThrow();
      assertEquals(first, events.event(0));
      assertEquals(second.eventId(), events.draw(1).eventId());
      assertEquals(second.truth().origin(), events.draw(1).origin());
    }
  }

  @Test
  void sharedEncoderWorkGivesTheWholeModelsOutputs() {
    sharedEncoderWorkGivesTheWholeModelsOutputs(stgnn);
    sharedEncoderWorkGivesTheWholeModelsOutputs(gcn);
  }

  private static void sharedEncoderWorkGivesTheWholeModelsOutputs(GraphModel model) {
    EventSample e = events.event(2);
    int[] kept = GraphDraw.kept(e.stations().size(), 0.5, new java.util.SplittableRandom(1));
    long cut = e.windowStartMicros() + Math.round((GraphDraw.firstP(e) + 4) * 1e6);
    long cut2 = cut + 3_000_000L;
    int[] all = java.util.stream.IntStream.range(0, e.stations().size()).toArray();
    List<Estimate> shared =
        new LearnedEvaluator(model)
            .estimate(
                e,
                List.of(
                    new LearnedEvaluator.Graph(all, cut),
                    new LearnedEvaluator.Graph(kept, cut),
                    new LearnedEvaluator.Graph(kept, cut2)));
    long[][] cases = {{0, cut}, {1, cut}, {1, cut2}};
    for (int i = 0; i < 3; i++) {
      EventSample view = cases[i][0] == 0 ? e : GraphDraw.subset(e, kept);
      Estimate direct;
      try (NDManager m = model.manager().newSubManager()) {
        direct =
            model
                .codec()
                .decode(
                    model.forward(
                        GraphBatch.of(
                            m, List.of(GraphFeatures.build(view, cases[i][1], model.spec())))),
                    new long[] {cases[i][1]})
                .get(0);
      }
      Estimate s = shared.get(i);
      assertEquals(direct.latitude(), s.latitude(), 1e-4, model.kind() + " graph " + i);
      assertEquals(direct.longitude(), s.longitude(), 1e-4, "graph " + i);
      assertEquals(direct.depthKm(), s.depthKm(), 1e-3, "graph " + i);
      assertEquals(direct.magnitude(), s.magnitude(), 1e-4, "graph " + i);
      assertEquals(direct.sigmaLatKm(), s.sigmaLatKm(), 1e-3 * direct.sigmaLatKm(), "graph " + i);
    }
  }

  @Test
  void everyMethodScoresEveryGraphOfAnEvent() {
    Evaluation ev =
        new Evaluation(
            List.of(new LearnedEvaluator(stgnn), new LearnedEvaluator(gcn)),
            List.of(new ClassicalEstimator(), new OracleEstimator()),
            Evaluation.TIMES,
            Evaluation.DROPOUTS,
            9);
    EventSample e = events.event(3);
    List<EvalRecord> rs = ev.evaluate(e, 3);
    assertEquals(4 * 3 * 7, rs.size());
    assertEquals(List.of("stgnn", "gcn", "classical", "oracle"), ev.methods());
    for (EvalRecord r : rs) {
      int expected = r.dropout() == 0 ? 8 : r.dropout() == 0.25 ? 6 : 4;
      assertEquals(expected, r.stations(), r.method() + " " + r.dropout());
      assertEquals(e.truth().origin(), r.truth());
    }
    // the same event and seed draw the same dropped stations and the same estimates
    List<EvalRecord> again = ev.evaluate(e, 3);
    for (int i = 0; i < rs.size(); i++) {
      if (rs.get(i).hasEstimate()) {
        assertEquals(rs.get(i).estimate(), again.get(i).estimate());
      }
    }
    // the oracle, fed true picks, locates well once several stations have P
    EvalRecord oracle25 =
        rs.stream()
            .filter(
                r -> r.method().equals("oracle") && r.dropout() == 0 && r.timeAfterFirstPS() == 25)
            .findFirst()
            .orElseThrow();
    assertTrue(oracle25.hasEstimate());
    assertTrue(oracle25.epicentralKm() < 30, "oracle error " + oracle25.epicentralKm() + " km");
  }

  @Test
  void eventsOnSeveralThreadsGiveTheSameRecordsInTheSameOrder() throws Exception {
    java.util.function.Supplier<Evaluation> worker =
        () ->
            new Evaluation(
                List.of(new LearnedEvaluator(stgnn), new LearnedEvaluator(gcn, "gcn-v0")),
                io.quakegraph.model.fusion.FusedEstimator.defaults(),
                List.of(new ClassicalEstimator()),
                new double[] {2, 8},
                new double[] {0, 0.5},
                9);
    List<EvalRecord> one;
    List<EvalRecord> two;
    java.io.PrintStream quiet = new java.io.PrintStream(new java.io.ByteArrayOutputStream());
    try (EventFeed feed = new EventFeed(events, 1, 2)) {
      one = worker.get().run(feed, 4, quiet);
    }
    try (EventFeed feed = new EventFeed(events, 2, 4)) {
      two = Evaluation.runParallel(List.of(worker.get(), worker.get()), feed, 4, quiet);
    }
    assertEquals(List.of("stgnn", "gcn-v0", "fused", "classical"), worker.get().methods());
    assertEquals(one.size(), two.size());
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.get(i).method(), two.get(i).method());
      assertEquals(one.get(i).eventId(), two.get(i).eventId());
      assertEquals(one.get(i).hasEstimate(), two.get(i).hasEstimate());
      if (one.get(i).hasEstimate()) {
        assertEquals(one.get(i).estimate(), two.get(i).estimate(), one.get(i).method());
      }
    }
  }
}
