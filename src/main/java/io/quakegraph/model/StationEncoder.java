package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-station 1-D CNN, shared by every station: {@code [M, 3, W]} peak-normalised Z/N/E
 * velocity to an embedding {@code [M, E]}.
 *
 * <p>Five strided convolutions with ReLU, channels 3→8→16→32→32→64, kernels 7/5/5/3/3, strides
 * 4/2/2/2/2 (total {@value #TOTAL_STRIDE}), then the whole {@code [64, W/64]} feature map is
 * flattened into one linear layer. Why this shape:
 *
 * <ul>
 *   <li>Light: about 1 MFLOP per 1024-sample station, so a 185-station network encodes in
 *       milliseconds on a CPU and training fits a 2-core machine. The first stride of 4 with a
 *       7-tap kernel is a learned filter bank and decimation at once (the useful band of local
 *       events lies below ~12 Hz).
 *   <li>Flatten instead of global pooling over time: pooling would discard <em>when</em> the P
 *       onset happened inside the window, and since every window ends at the same cut time, that
 *       position is the station's relative arrival time, the information location rests on. Each of
 *       the W/64 = 16 steps of the final map covers 1.28 s, with a receptive field of ~5 s.
 *   <li>No batch normalisation: batches mix live and padded stations and vary in size, which would
 *       make batch statistics depend on the padding; inputs are already peak-normalised.
 * </ul>
 */
public final class StationEncoder extends AbstractBlock {
  /** Product of the convolution strides; windows must be a multiple of it. */
  public static final int TOTAL_STRIDE = 64;

  private static final int[] CHANNELS = {8, 16, 32, 32, 64};
  private static final int[] KERNELS = {7, 5, 5, 3, 3};
  private static final int[] STRIDES = {4, 2, 2, 2, 2};

  private final int windowSamples;
  private final int embeddingDim;
  private final List<Conv1d> convs = new ArrayList<>();
  private final Linear project;

  /**
   * @param windowSamples W, a multiple of {@value #TOTAL_STRIDE}
   * @param embeddingDim E
   */
  public StationEncoder(int windowSamples, int embeddingDim) {
    if (windowSamples % TOTAL_STRIDE != 0 || windowSamples <= 0) {
      throw new IllegalArgumentException(
          "window must be a positive multiple of " + TOTAL_STRIDE + ": " + windowSamples);
    }
    this.windowSamples = windowSamples;
    this.embeddingDim = embeddingDim;
    for (int i = 0; i < CHANNELS.length; i++) {
      convs.add(
          addChildBlock(
              "conv" + (i + 1),
              Conv1d.builder()
                  .setFilters(CHANNELS[i])
                  .setKernelShape(new Shape(KERNELS[i]))
                  .optStride(new Shape(STRIDES[i]))
                  // "same"-style padding: output length is exactly input / stride.
                  .optPadding(new Shape(KERNELS[i] / 2))
                  .build()));
    }
    project = addChildBlock("project", Linear.builder().setUnits(embeddingDim).build());
  }

  /** W. */
  public int windowSamples() {
    return windowSamples;
  }

  /** E. */
  public int embeddingDim() {
    return embeddingDim;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (x.getShape().dimension() != 3
        || x.getShape().get(1) != 3
        || x.getShape().get(2) != windowSamples) {
      throw new IllegalArgumentException(
          "encoder expects [M, 3, " + windowSamples + "], got " + x.getShape());
    }
    for (Conv1d c : convs) {
      x = Activation.relu(c.forward(ps, new NDList(x), training).singletonOrThrow());
    }
    x = x.reshape(x.getShape().get(0), -1);
    return project.forward(ps, new NDList(x), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), embeddingDim)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    for (Conv1d c : convs) {
      c.initialize(manager, dataType, s);
      s = c.getOutputShapes(new Shape[] {s})[0];
    }
    project.initialize(manager, dataType, new Shape(s.get(0), s.get(1) * s.get(2)));
  }
}
