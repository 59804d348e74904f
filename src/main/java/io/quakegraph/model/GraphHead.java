package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The STGNN's graph part: station embeddings {@code [B, N, E]}, log peak {@code [B, N, 1]}, coords
 * {@code [B, N, 3]}, live {@code [B, N]} and (v2) pick features {@code [B, N, P]} to outputs {@code
 * [B, 10]} (5 normalised means, 5 log-sigmas; see {@link LabelCodec}).
 *
 * <p>Node features (embedding ⊕ coords ⊕ scaled log peak ⊕ live) go through {@code L} {@link
 * DualEdgeConv} layers; the outputs of all layers are concatenated (as in DGCNN, so the pooled
 * summary sees both local and wider context), pooled over live stations by max and mean, and an MLP
 * gives the 10 outputs. Every operation is per node or a symmetric reduction over nodes, so the
 * outputs do not depend on station order, and masked stations never enter a neighbourhood or a
 * pool.
 */
public final class GraphHead extends AbstractBlock {
  private final int embeddingDim;
  private final int pickFeatures;
  private final List<DualEdgeConv> layers = new ArrayList<>();
  private final Linear mlp1;
  private final Linear mlp2;

  /**
   * @param embeddingDim E
   * @param k neighbours per kNN
   * @param graphLayers L
   * @param hidden H
   * @param pickFeatures P, the {@link PickFeatures} per station (0 for v1)
   */
  public GraphHead(int embeddingDim, int k, int graphLayers, int hidden, int pickFeatures) {
    this.embeddingDim = embeddingDim;
    this.pickFeatures = pickFeatures;
    for (int l = 0; l < graphLayers; l++) {
      layers.add(addChildBlock("edgeconv" + (l + 1), new DualEdgeConv(k, hidden)));
    }
    mlp1 = addChildBlock("mlp1", Linear.builder().setUnits(hidden).build());
    mlp2 = addChildBlock("mlp2", Linear.builder().setUnits(LabelCodec.OUTPUTS).build());
    // Small output weights: training starts at the centre of every target with log-sigma ~0
    // (sigma one normalised unit) instead of at random values of several units.
    mlp2.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray emb = inputs.get(0);
    NDArray logPeak = inputs.get(1);
    NDArray coords = inputs.get(2);
    NDArray live = inputs.get(3);
    if (emb.getShape().dimension() != 3 || emb.getShape().get(2) != embeddingDim) {
      throw new IllegalArgumentException(
          "head expects embeddings [B, N, " + embeddingDim + "], got " + emb.getShape());
    }
    NDArray picks = null;
    if (pickFeatures > 0) {
      if (inputs.size() < 5 || inputs.get(4).getShape().get(2) != pickFeatures) {
        throw new IllegalArgumentException(
            "head expects pick features [B, N, " + pickFeatures + "] as its fifth input");
      }
      picks = inputs.get(4);
    }
    NDArray h = NodeFeatures.of(emb, logPeak, coords, live, picks);
    LiveMask mask = LiveMask.of(live);
    NDArray geoIdx = DualEdgeConv.geoNeighbours(coords, mask, layers.get(0).k());
    NDList all = new NDList();
    for (DualEdgeConv layer : layers) {
      h = layer.apply(ps, h, mask, geoIdx, training);
      all.add(h);
    }
    NDArray cat = all.size() == 1 ? all.get(0) : NDArrays.concat(all, 2);
    NDArray pooled = NodeFeatures.pool(cat, live);
    NDArray z = Activation.relu(mlp1.forward(ps, new NDList(pooled), training).singletonOrThrow());
    return mlp2.forward(ps, new NDList(z), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), LabelCodec.OUTPUTS)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape emb = inputShapes[0];
    long b = emb.get(0);
    long n = emb.get(1);
    Shape x = new Shape(b, n, embeddingDim + NodeFeatures.extra(pickFeatures));
    Shape coords = new Shape(b, n, 3);
    Shape live = new Shape(b, n);
    long cat = 0;
    for (DualEdgeConv layer : layers) {
      layer.initialize(manager, dataType, x, coords, live);
      x = layer.getOutputShapes(new Shape[] {x, coords, live})[0];
      cat += x.get(2);
    }
    mlp1.initialize(manager, dataType, new Shape(b, 2 * cat));
    mlp2.initialize(
        manager,
        dataType,
        new Shape(b, mlp1.getOutputShapes(new Shape[] {new Shape(b, 2 * cat)})[0].get(1)));
  }
}
