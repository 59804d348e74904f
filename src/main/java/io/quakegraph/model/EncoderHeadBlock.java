package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A whole model as one DJL block: {@code (waveforms [B, N, 3, W], logPeak [B, N, 1], coords [B, N,
 * 3], live [B, N])} to {@code [B, 10]}, the order of {@link GraphBatch#toNDList()}. Usable as the
 * block of a DJL {@code Model}/{@code Trainer}.
 *
 * <p>Only live stations go through the encoder (masked and padded ones get a zero embedding, which
 * the head ignores anyway): in training, with station dropout and padding, that saves the largest
 * share of the compute. Rows are picked and put back with index operations, which are
 * differentiable.
 */
final class EncoderHeadBlock extends AbstractBlock {
  private final StationEncoder encoder;
  private final Block head;

  EncoderHeadBlock(StationEncoder encoder, Block head) {
    this.encoder = addChildBlock("encoder", encoder);
    this.head = addChildBlock("head", head);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray waveforms = inputs.get(0);
    NDArray live = inputs.get(3);
    Shape s = waveforms.getShape();
    long b = s.get(0);
    long n = s.get(1);
    NDArray flat = waveforms.reshape(b * n, 3, s.get(3));
    NDArray emb = encodeLive(ps, flat, live.toFloatArray(), training).reshape(b, n, -1);
    NDList headIn = new NDList(emb, inputs.get(1), inputs.get(2), live);
    if (inputs.size() > 4) {
      headIn.add(inputs.get(4));
    }
    return head.forward(ps, headIn, training);
  }

  private NDArray encodeLive(ParameterStore ps, NDArray flat, float[] live, boolean training) {
    int m = live.length;
    long[] rows = new long[m];
    long[] back = new long[m];
    int l = 0;
    for (int i = 0; i < m; i++) {
      if (live[i] > 0) {
        rows[l] = i;
        back[i] = l++;
      }
    }
    if (l == m) {
      return encode(ps, flat, training);
    }
    NDManager mgr = flat.getManager();
    int e = encoder.embeddingDim();
    if (l == 0) {
      return mgr.zeros(new Shape(m, e), flat.getDataType());
    }
    for (int i = 0; i < m; i++) {
      if (!(live[i] > 0)) {
        back[i] = l; // the zero row appended below
      }
    }
    NDArray picked = flat.get(new NDIndex("{}", mgr.create(java.util.Arrays.copyOf(rows, l))));
    NDArray embLive = encode(ps, picked, training);
    NDArray withZero = embLive.concat(mgr.zeros(new Shape(1, e), embLive.getDataType()), 0);
    return withZero.get(new NDIndex("{}", mgr.create(back)));
  }

  private NDArray encode(ParameterStore ps, NDArray x, boolean training) {
    return encoder.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), LabelCodec.OUTPUTS)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape w = inputShapes[0];
    long b = w.get(0);
    long n = w.get(1);
    encoder.initialize(manager, dataType, new Shape(b * n, 3, w.get(3)));
    Shape[] headShapes = inputShapes.clone();
    headShapes[0] = new Shape(b, n, encoder.embeddingDim());
    head.initialize(manager, dataType, headShapes);
  }
}
