package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
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
 * The head of the GCN baseline of van den Ende &amp; Ampuero (2020): station features (embedding
 * with the station coordinates, log peak and live flag appended) through {@code L} shared 1x1
 * layers (the same MLP applied to every station alone, no edges), a masked max over stations, and
 * an MLP to the same 10 outputs as the STGNN. Same inputs and outputs as {@link GraphHead}, so the
 * two models train and evaluate in one harness and differ only in the message passing.
 */
public final class GcnHead extends AbstractBlock {
  private final int embeddingDim;
  private final int pickFeatures;
  private final List<Linear> pointwise = new ArrayList<>();
  private final Linear mlp1;
  private final Linear mlp2;

  public GcnHead(int embeddingDim, int graphLayers, int hidden, int pickFeatures) {
    this.embeddingDim = embeddingDim;
    this.pickFeatures = pickFeatures;
    for (int l = 0; l < graphLayers; l++) {
      pointwise.add(addChildBlock("conv1x1_" + (l + 1), Linear.builder().setUnits(hidden).build()));
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
    NDArray live = inputs.get(3);
    if (emb.getShape().dimension() != 3 || emb.getShape().get(2) != embeddingDim) {
      throw new IllegalArgumentException(
          "head expects embeddings [B, N, " + embeddingDim + "], got " + emb.getShape());
    }
    NDArray picks = pickFeatures > 0 ? inputs.get(4) : null;
    NDArray h = NodeFeatures.of(emb, inputs.get(1), inputs.get(2), live, picks);
    for (Linear l : pointwise) {
      h = Activation.relu(l.forward(ps, new NDList(h), training).singletonOrThrow());
    }
    NDArray pooled = NodeFeatures.maxPool(h, live);
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
    Shape x = new Shape(emb.get(0), emb.get(1), embeddingDim + NodeFeatures.extra(pickFeatures));
    for (Linear l : pointwise) {
      l.initialize(manager, dataType, x);
      x = l.getOutputShapes(new Shape[] {x})[0];
    }
    Shape pooled = new Shape(emb.get(0), x.get(2));
    mlp1.initialize(manager, dataType, pooled);
    mlp2.initialize(manager, dataType, mlp1.getOutputShapes(new Shape[] {pooled})[0]);
  }
}
