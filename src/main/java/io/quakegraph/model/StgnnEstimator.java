package io.quakegraph.model;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.quakegraph.dataset.EventSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A learned model ({@link Stgnn} or {@link GcnBaseline}) as a {@link SourceEstimator}: {@link
 * GraphFeatures} for the cut, a forward pass under a short-lived native manager, {@link LabelCodec}
 * to decode.
 *
 * <p>Not thread-safe: make one per thread (they may share one model, whose parameters are only
 * read). Each call's arrays live in a sub-manager closed before returning, so memory does not grow
 * with the number of calls.
 *
 * <p>On the "each new batch shape re-optimises the PyTorch graph" trap (DESIGN.md): that applies to
 * TorchScript modules run through DJL's {@code Predictor}, whose profiling graph executor
 * re-specialises for every new input shape (DJL logs "graph executor optimizer is enabled"; {@code
 * -Dai.djl.pytorch.graph_optimizer=false} turns it off). Our blocks are not TorchScript: DJL runs
 * them eagerly, op by op, through ATen, so there is no graph to re-optimise and any station count
 * works at the same per-op cost. What remains shape-dependent is first-call work in the kernels
 * (oneDNN primitive creation, allocator growth), which {@link #warmUp} pays up front; with {@code
 * padTo} set, every call runs the one shape that was warmed up.
 */
public final class StgnnEstimator implements SourceEstimator, AutoCloseable {
  private final GraphModel model;
  private final boolean owned;
  private final NDManager root;
  private final LabelCodec codec;
  private final int padTo;

  /**
   * @param model the model (not closed by this estimator)
   * @param padTo pad every graph to at least this many nodes (0: no padding); padded nodes are
   *     masked and change nothing but give the forward pass a fixed shape
   */
  public StgnnEstimator(GraphModel model, int padTo) {
    this(model, padTo, false);
  }

  private StgnnEstimator(GraphModel model, int padTo, boolean owned) {
    this.model = model;
    this.owned = owned;
    this.padTo = padTo;
    this.root = NDManager.newBaseManager();
    this.codec = model.codec();
  }

  /** Loads a saved model ({@link GraphModel#load}) that this estimator owns and closes. */
  public static StgnnEstimator open(Path modelDir, int padTo) throws IOException {
    return new StgnnEstimator(GraphModel.load(modelDir), padTo, true);
  }

  public GraphModel model() {
    return model;
  }

  @Override
  public Estimate estimate(EventSample sample, long cutMicros) {
    return estimate(List.of(GraphFeatures.build(sample, cutMicros, model.spec()))).get(0);
  }

  /** Estimates for graphs already built, in one batch. */
  public List<Estimate> estimate(List<GraphInput> graphs) {
    try (NDManager m = root.newSubManager();
        GraphBatch batch = GraphBatch.of(m, graphs, padTo)) {
      return codec.decode(
          model.forward(new ParameterStore(model.manager(), false), batch, false),
          batch.cutMicros());
    }
  }

  /** Estimates for many graphs, {@code batchSize} at a time. */
  public List<Estimate> estimate(List<GraphInput> graphs, int batchSize) {
    List<Estimate> out = new ArrayList<>(graphs.size());
    for (int i = 0; i < graphs.size(); i += batchSize) {
      out.addAll(estimate(graphs.subList(i, Math.min(graphs.size(), i + batchSize))));
    }
    return out;
  }

  /**
   * Runs {@code rounds} forward passes on a random graph of {@code stations} nodes (at least {@code
   * padTo}), so that first-call costs are not paid by the first real estimate.
   */
  public void warmUp(int stations, int rounds) {
    int n = Math.max(1, Math.max(stations, padTo));
    int w = model.spec().windowSamples();
    float[] wave = new float[n * 3 * w];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) Math.sin(0.37 * i);
    }
    float[] coords = new float[3 * n];
    for (int i = 0; i < coords.length; i++) {
      coords[i] = (float) Math.sin(1.3 * i);
    }
    float[] live = new float[n];
    Arrays.fill(live, 1f);
    float[] logPeak = new float[n];
    Arrays.fill(logPeak, -6f);
    String[] ids = new String[n];
    Arrays.fill(ids, "warm.up");
    GraphInput g =
        new GraphInput(
            "warm-up",
            0,
            n,
            wave,
            logPeak,
            coords,
            live,
            ids,
            new float[n * model.spec().pickFeatures()]);
    for (int r = 0; r < rounds; r++) {
      estimate(List.of(g));
    }
  }

  @Override
  public String name() {
    return model.kind();
  }

  @Override
  public void close() {
    root.close();
    if (owned) {
      model.close();
    }
  }
}
