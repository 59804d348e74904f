package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Node features and masked pooling shared by the graph heads of {@link Stgnn} and {@link
 * GcnBaseline}.
 */
final class NodeFeatures {
  /** log10 peak velocity is fed as {@code (logPeak - CENTRE) / SCALE}: noise ~-7, strong ~-2. */
  static final float LOG_PEAK_CENTRE = -5f;

  static final float LOG_PEAK_SCALE = 2f;

  /** Extra features beside the embedding: coords (3), scaled log peak (1), live (1). */
  static final int EXTRA = 5;

  /** Extra features beside the embedding for a model with {@code pickFeatures} pick features. */
  static int extra(int pickFeatures) {
    return EXTRA + pickFeatures;
  }

  private NodeFeatures() {}

  /**
   * {@code [B, N, E + 5 (+ P)]}: embedding ⊕ coords ⊕ scaled log peak ⊕ live (⊕ pick features, when
   * {@code picks} is not null), zeroed at masked stations (so nothing of a masked station's inputs
   * survives even before the first layer).
   */
  static NDArray of(
      NDArray embeddings, NDArray logPeak, NDArray coords, NDArray live, NDArray picks) {
    NDArray liveCol = live.expandDims(2);
    NDArray lp = logPeak.sub(LOG_PEAK_CENTRE).div(LOG_PEAK_SCALE);
    NDList parts = new NDList(embeddings, coords, lp, liveCol);
    if (picks != null) {
      parts.add(picks);
    }
    return NDArrays.concat(parts, 2).mul(liveCol);
  }

  /**
   * {@code [B, 2F]}: masked max ⊕ masked mean over stations of {@code [B, N, F]}; a graph with no
   * live station pools to zeros.
   */
  static NDArray pool(NDArray h, NDArray live) {
    NDArray liveCol = live.expandDims(2); // [B, N, 1]
    NDArray count = live.sum(new int[] {1}, true); // [B, 1]
    NDArray any = count.gt(0f).toType(h.getDataType(), false);
    NDArray max = h.add(liveCol.neg().add(1f).mul(-DualEdgeConv.FAR)).max(new int[] {1}).mul(any);
    NDArray mean = h.mul(liveCol).sum(new int[] {1}).div(count.maximum(1f));
    return max.concat(mean, 1);
  }

  /** {@code [B, F]}: masked max over stations only (the GCN baseline's aggregation). */
  static NDArray maxPool(NDArray h, NDArray live) {
    NDArray liveCol = live.expandDims(2);
    NDArray any = live.sum(new int[] {1}, true).gt(0f).toType(h.getDataType(), false);
    return h.add(liveCol.neg().add(1f).mul(-DualEdgeConv.FAR)).max(new int[] {1}).mul(any);
  }
}
