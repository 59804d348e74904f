package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Structural guarantees of both learned models: order, masking, composition, persistence. */
class GraphModelPropertiesTest {
  static final int W = 256;

  static Stream<Function<ModelSpec, GraphModel>> models() {
    return Stream.of(Stgnn::create, GcnBaseline::create);
  }

  private static float[] run(GraphModel m, List<GraphInput> graphs) {
    try (NDManager mgr = NDManager.newBaseManager();
        GraphBatch b = GraphBatch.of(mgr, graphs)) {
      return m.forward(b).toFloatArray();
    }
  }

  /** A 20-station graph with stations 4, 11 and 17 masked. */
  private static GraphInput withMasked(long seed) {
    boolean[] drop = new boolean[20];
    drop[4] = drop[11] = drop[17] = true;
    return GraphFeatures.mask(RandomGraphs.graph(20, W, seed), drop);
  }

  @ParameterizedTest
  @MethodSource("models")
  void permutingStationsLeavesOutputUnchanged(Function<ModelSpec, GraphModel> make) {
    try (GraphModel m = make.apply(RandomGraphs.smallSpec(11))) {
      GraphInput g = withMasked(5);
      int[] perm = permutation(g.stations(), 99);
      float[] a = run(m, List.of(g));
      float[] b = run(m, List.of(GraphFeatures.subset(g, perm)));
      assertArrayEquals(a, b, 1e-5f);
      // The output is not trivially constant: another graph gives another answer.
      float[] c = run(m, List.of(withMasked(6)));
      assertTrue(maxAbsDiff(a, c) > 1e-3, "outputs should depend on the input");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void maskedStationHasNoInfluence(Function<ModelSpec, GraphModel> make) {
    try (GraphModel m = make.apply(RandomGraphs.smallSpec(12))) {
      GraphInput g = withMasked(7);
      float[] before = run(m, List.of(g));
      // Overwrite everything of masked station 11 with junk, including its live-looking peak.
      GraphInput junk = corruptStation(g, 11, 123);
      assertArrayEquals(before, run(m, List.of(junk)), 1e-5f);
      // Removing the masked stations entirely gives the same answer too.
      int[] keep = java.util.stream.IntStream.range(0, 20).filter(i -> g.live()[i] > 0).toArray();
      assertArrayEquals(before, run(m, List.of(GraphFeatures.subset(g, keep))), 1e-5f);
      // Padding inside a batch with a bigger graph changes nothing.
      float[] padded = run(m, List.of(g, RandomGraphs.graph(37, W, 8)));
      assertArrayEquals(before, java.util.Arrays.copyOf(padded, 10), 1e-5f);
      // ...whereas the same change to a live station does change the output.
      GraphInput live = corruptStation(g, 3, 123);
      assertTrue(maxAbsDiff(before, run(m, List.of(live))) > 1e-4);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void maskedStationHasNoInfluenceWhenFewerAreLiveThanNeighbours(
      Function<ModelSpec, GraphModel> make) {
    // 3 live of 6 with k = 4: every neighbour search reaches masked columns, the case in which
    // picks must be checked (with at least k live, LiveMask lets the search skip the check).
    ModelSpec spec = RandomGraphs.smallSpec(14);
    try (GraphModel m = make.apply(spec)) {
      boolean[] drop = {false, true, false, true, true, false};
      GraphInput g = GraphFeatures.mask(RandomGraphs.graph(6, W, 21), drop);
      assertTrue(3 < spec.k(), "the graph must have fewer live stations than k");
      float[] before = run(m, List.of(g));
      assertArrayEquals(before, run(m, List.of(corruptStation(g, 3, 77))), 1e-5f);
      assertArrayEquals(
          before, run(m, List.of(GraphFeatures.subset(g, new int[] {0, 2, 5}))), 1e-5f);
      float[] padded = run(m, List.of(RandomGraphs.graph(30, W, 22), g));
      assertArrayEquals(before, java.util.Arrays.copyOfRange(padded, 10, 20), 1e-5f);
      assertTrue(maxAbsDiff(before, run(m, List.of(corruptStation(g, 2, 77)))) > 1e-4);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void encoderThenHeadEqualsWholeModel(Function<ModelSpec, GraphModel> make) {
    try (GraphModel m = make.apply(RandomGraphs.smallSpec(13));
        NDManager mgr = NDManager.newBaseManager()) {
      GraphBatch b = GraphBatch.of(mgr, List.of(withMasked(1), RandomGraphs.graph(9, W, 2)));
      float[] whole = m.forward(b).toFloatArray();
      long bs = b.size();
      long n = b.nodes();
      NDArray emb = m.encode(b.waveforms().reshape(bs * n, 3, W)).reshape(bs, n, -1);
      float[] split = m.head(emb, b.logPeak(), b.coords(), b.live(), b.picks()).toFloatArray();
      assertArrayEquals(whole, split, 1e-5f);
    }
  }

  @Test
  void runsForOneAndFiveHundredTwelveStations() {
    ModelSpec spec = ModelSpec.defaults(RandomGraphs.FRAME, 3);
    try (GraphModel m = Stgnn.create(spec)) {
      float[] one = run(m, List.of(RandomGraphs.graph(1, spec.windowSamples(), 1)));
      assertEquals(10, one.length);
      assertAllFinite(one);
      GraphInput big = RandomGraphs.graph(512, spec.windowSamples(), 2);
      float[] many = run(m, List.of(big));
      assertEquals(10, many.length);
      assertAllFinite(many);
      // A graph with no live station at all still gives finite outputs.
      boolean[] all = new boolean[3];
      java.util.Arrays.fill(all, true);
      assertAllFinite(
          run(m, List.of(GraphFeatures.mask(RandomGraphs.graph(3, spec.windowSamples(), 4), all))));
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void saveThenLoadGivesIdenticalOutputs(Function<ModelSpec, GraphModel> make, @TempDir Path dir)
      throws IOException {
    List<GraphInput> graphs = List.of(withMasked(21), RandomGraphs.graph(5, W, 22));
    float[] before;
    String kind;
    try (GraphModel m = make.apply(RandomGraphs.smallSpec(14))) {
      before = run(m, graphs);
      kind = m.kind();
      m.save(dir);
    }
    for (String f : List.of("spec.json", "encoder.params", "head.params")) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
    try (GraphModel back = GraphModel.load(dir)) {
      assertEquals(kind, back.kind());
      assertEquals(RandomGraphs.smallSpec(14), back.spec());
      assertArrayEquals(before, run(back, graphs), 0f);
    }
  }

  @Test
  void defaultModelIsSmallOnDisk(@TempDir Path dir) throws IOException {
    try (Stgnn m = Stgnn.create(ModelSpec.defaults(RandomGraphs.FRAME, 1))) {
      m.save(dir);
      long bytes;
      try (Stream<Path> files = Files.list(dir)) {
        bytes = files.mapToLong(p -> p.toFile().length()).sum();
      }
      assertTrue(bytes < 2_000_000, "model folder is " + bytes + " bytes");
      assertTrue(bytes > 4 * m.parameterCount(), "parameters are all stored");
    }
  }

  @Test
  void sameSeedSameModelOtherSeedOtherModel() {
    List<GraphInput> g = List.of(withMasked(31));
    float[] a;
    float[] b;
    float[] c;
    try (GraphModel m = Stgnn.create(RandomGraphs.smallSpec(40))) {
      a = run(m, g);
    }
    try (GraphModel m = Stgnn.create(RandomGraphs.smallSpec(40))) {
      b = run(m, g);
    }
    try (GraphModel m = Stgnn.create(RandomGraphs.smallSpec(41))) {
      c = run(m, g);
    }
    assertArrayEquals(a, b, 0f);
    assertFalse(maxAbsDiff(a, c) < 1e-4);
  }

  private static GraphInput corruptStation(GraphInput g, int station, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int w = g.windowSamples();
    float[] wave = g.waveforms().clone();
    for (int j = station * 3 * w; j < (station + 1) * 3 * w; j++) {
      wave[j] = (float) rng.nextDouble(-5, 5);
    }
    float[] lp = g.logPeak().clone();
    lp[station] = -1.5f;
    float[] xyz = g.coords().clone();
    // Move it right next to station 0 so it would be everyone's geographic neighbour if it counted.
    xyz[3 * station] = g.coords()[0] + 1e-3f;
    xyz[3 * station + 1] = g.coords()[1] - 1e-3f;
    xyz[3 * station + 2] = 2f;
    float[] picks = g.picks().clone();
    int p = g.pickCount();
    java.util.Arrays.fill(picks, station * p, (station + 1) * p, 3f);
    return new GraphInput(
        g.eventId(), g.cutMicros(), g.stations(), wave, lp, xyz, g.live(), g.stationIds(), picks);
  }

  static int[] permutation(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] p = java.util.stream.IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }

  static void assertAllFinite(float[] v) {
    for (float x : v) {
      assertTrue(Float.isFinite(x), "non-finite output " + java.util.Arrays.toString(v));
    }
  }
}
