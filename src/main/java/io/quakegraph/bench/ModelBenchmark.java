package io.quakegraph.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.quakegraph.model.GcnBaseline;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.ModelSpec;
import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.Stgnn;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference latency of the learned models on the CPU, in ms per call (JMH average time).
 *
 * <ul>
 *   <li>{@code encoder}: the station encoder on a batch of {@code stations} windows {@code [N, 3,
 *       1024]} (the stream encodes every station of the network once per update).
 *   <li>{@code head}: the graph head on one graph of {@code stations} nodes, embeddings given.
 *   <li>{@code whole}: encoder and head together from the padded batch arrays, as evaluation runs.
 * </ul>
 *
 * Each call copies its inputs from Java arrays into a fresh native manager and reads the outputs
 * back, as a caller must, and closes the manager, so the figures include those copies. Weights are
 * random (the default {@link ModelSpec}, seed 1): the cost does not depend on their values. The
 * PyTorch engine runs the blocks eagerly op by op (no TorchScript), so no graph executor
 * re-optimises on new shapes; the warm-up iterations run exactly the measured shapes anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelBenchmark {
  /** The synthetic Southern California network's frame (only the coordinates' scale matters). */
  static final NetworkFrame FRAME = new NetworkFrame(32.0, 36.5, -121.0, -114.5, 34.25, -117.75);

  @Param({"stgnn"})
  public String model;

  @Param({"185"})
  public int stations;

  private GraphModel net;
  private NDManager root;
  private float[] waves;
  private float[] embeddings;
  private float[] logPeak;
  private float[] coords;
  private float[] live;
  private float[] picks;
  private int pickFeatures;
  private int window;
  private int embeddingDim;

  @Setup(Level.Trial)
  public void setup() {
    ModelSpec spec = ModelSpec.defaults(FRAME, 1);
    net = "gcn".equals(model) ? GcnBaseline.create(spec) : Stgnn.create(spec);
    root = NDManager.newBaseManager();
    window = spec.windowSamples();
    embeddingDim = spec.embeddingDim();
    pickFeatures = spec.pickFeatures();
    SplittableRandom rng = new SplittableRandom(7);
    waves = new float[stations * 3 * window];
    for (int i = 0; i < waves.length; i++) {
      waves[i] = (float) (2 * rng.nextDouble() - 1);
    }
    embeddings = new float[stations * embeddingDim];
    for (int i = 0; i < embeddings.length; i++) {
      embeddings[i] = (float) rng.nextDouble(0, 2);
    }
    logPeak = new float[stations];
    coords = new float[stations * 3];
    live = new float[stations];
    for (int i = 0; i < stations; i++) {
      logPeak[i] = (float) rng.nextDouble(-8, -3);
      coords[3 * i] = (float) rng.nextDouble(-1, 1);
      coords[3 * i + 1] = (float) rng.nextDouble(-1, 1);
      coords[3 * i + 2] = (float) rng.nextDouble(0, 0.5);
      live[i] = 1f;
    }
    picks = new float[stations * pickFeatures];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = (float) rng.nextDouble(-1, 1);
    }
  }

  private ai.djl.ndarray.NDArray picks(NDManager m) {
    return pickFeatures > 0 ? m.create(picks, new Shape(1, stations, pickFeatures)) : null;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    root.close();
    net.close();
  }

  @Benchmark
  public float[] encoder() {
    try (NDManager m = root.newSubManager()) {
      NDArray x = m.create(waves, new Shape(stations, 3, window));
      return net.encode(x).toFloatArray();
    }
  }

  @Benchmark
  public float[] head() {
    try (NDManager m = root.newSubManager()) {
      return net.head(
              m.create(embeddings, new Shape(1, stations, embeddingDim)),
              m.create(logPeak, new Shape(1, stations, 1)),
              m.create(coords, new Shape(1, stations, 3)),
              m.create(live, new Shape(1, stations)),
              picks(m))
          .toFloatArray();
    }
  }

  @Benchmark
  public float[] whole() {
    try (NDManager m = root.newSubManager()) {
      ai.djl.ndarray.NDList in =
          new ai.djl.ndarray.NDList(
              m.create(waves, new Shape(1, stations, 3, window)),
              m.create(logPeak, new Shape(1, stations, 1)),
              m.create(coords, new Shape(1, stations, 3)),
              m.create(live, new Shape(1, stations)));
      if (pickFeatures > 0) {
        in.add(picks(m));
      }
      return net.block()
          .forward(new ai.djl.training.ParameterStore(net.manager(), false), in, false)
          .singletonOrThrow()
          .toFloatArray();
    }
  }
}
