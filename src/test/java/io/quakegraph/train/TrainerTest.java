package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a tiny synthetic network with real DJL: learning, determinism, exact resume. */
class TrainerTest {
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @Test
  void stepsOnAFixedBatchReduceItsLoss() throws Exception {
    try (Trainer t = Trainer.open(TinyRun.config(40), TinyRun.stations(), null, false, QUIET)) {
      t.trainStep(); // fills the pool
      List<GraphDraw> draws = t.draw(0);
      List<GraphInput> inputs = new ArrayList<>();
      List<Labels> labels = new ArrayList<>();
      for (GraphDraw d : draws) {
        inputs.add(GraphFeatures.build(d.sample(), d.cutMicros(), t.main().model().spec()));
        labels.add(Labels.of(d.sample(), d.cutMicros()));
      }
      double before = t.main().loss(inputs, labels);
      for (int i = 0; i < 30; i++) {
        t.main().step(inputs, labels, 10 + i, i);
      }
      double after = t.main().loss(inputs, labels);
      assertTrue(after < before - 0.5, "loss on the fixed batch went " + before + " -> " + after);
    }
  }

  @Test
  void sameSeedGivesTheSameLosses() throws Exception {
    List<Double> a;
    List<Double> b;
    try (Trainer t = Trainer.open(TinyRun.config(5), TinyRun.stations(), null, false, QUIET)) {
      t.runUntil(5);
      a = t.losses();
    }
    try (Trainer t = Trainer.open(TinyRun.config(5), TinyRun.stations(), null, false, QUIET)) {
      t.runUntil(5);
      b = t.losses();
    }
    assertEquals(5, a.size());
    assertEquals(a, b);
    assertTrue(a.stream().allMatch(Double::isFinite), a.toString());
  }

  @Test
  void resumeContinuesExactlyLikeAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    TrainConfig c = TinyRun.config(6);
    Map<String, float[]> straight;
    List<Double> straightLosses;
    try (Trainer t = Trainer.open(c, TinyRun.stations(), tmp.resolve("a"), false, QUIET)) {
      t.runUntil(6);
      straight = parameters(t);
      straightLosses = t.losses();
    }
    try (Trainer t = Trainer.open(c, TinyRun.stations(), tmp.resolve("b"), false, QUIET)) {
      t.runUntil(3);
    }
    assertTrue(Files.isRegularFile(tmp.resolve("b/state.json")));
    assertTrue(Files.isRegularFile(tmp.resolve("b/optimiser.bin")));
    assertTrue(Files.isRegularFile(tmp.resolve("b/baseline/model/head.params")));
    Map<String, float[]> resumed;
    List<Double> resumedLosses;
    try (Trainer t = Trainer.open(c, TinyRun.stations(), tmp.resolve("b"), true, QUIET)) {
      assertEquals(3, t.step());
      t.runUntil(6);
      resumed = parameters(t);
      resumedLosses = t.losses();
    }
    assertEquals(straightLosses.subList(3, 6), resumedLosses);
    assertEquals(straight.keySet(), resumed.keySet());
    for (String k : straight.keySet()) {
      assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
    }
    List<String> lossLines = Files.readAllLines(tmp.resolve("b/losses.csv"));
    assertEquals(7, lossLines.size(), "header and one line per step across both sessions");
  }

  private static Map<String, float[]> parameters(Trainer t) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (var p : t.main().model().block().getParameters()) {
      out.put("stgnn/" + p.getKey(), p.getValue().getArray().toFloatArray());
    }
    for (var p : t.baseline().model().block().getParameters()) {
      out.put("gcn/" + p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  @Test
  void parametersOnlyIncludeTrainableOnes() throws Exception {
    try (Trainer t = Trainer.open(TinyRun.config(1), TinyRun.stations(), null, false, QUIET)) {
      long n =
          t.main().model().block().getParameters().values().stream()
              .filter(Parameter::requiresGradient)
              .count();
      assertTrue(n > 0);
    }
  }
}
