package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The dual-neighbourhood dynamic EdgeConv layer of the paper:
 *
 * <pre>
 * x_i' = max_{j in Ngeo(i)}  [g (x_i - x_j) + f (x_i)]
 *      + max_{j in Nfeat(i)} [g'(x_i - x_j) + f'(x_i)]
 * </pre>
 *
 * followed by a ReLU. {@code Ngeo(i)} are the {@code k} live stations nearest to {@code i} in
 * (normalised) epicentral distance, {@code Nfeat(i)} the {@code k} live stations nearest in the
 * layer's current input features, so the feature graph is recomputed at every layer (dynamic
 * edges). Both include {@code i} itself, as in EdgeConv: the self edge contributes {@code g(0)},
 * guarantees a non-empty neighbourhood for a lone station (N = 1) and lets the layer keep the
 * node's own state. With fewer than {@code k} live stations, all live ones are used.
 *
 * <p>Inputs: features {@code [B, N, F]}, coords {@code [B, N, 3]} (only the two horizontal columns
 * set the geographic distance), live {@code [B, N]}. Output {@code [B, N, H]}, zero at masked
 * stations. A masked station (live 0) is never anyone's neighbour (its distance column is pushed to
 * +1e9 before the top-k, and any masked neighbour picked because fewer than k are live has its
 * message pushed to -1e9 before the max); its own row is zeroed. So a masked station has no
 * influence on any live one, whatever its features, coordinates or position in the batch.
 *
 * <p>The maps: {@code f, f'} are linear; {@code g, g'} are two-layer MLPs {@code W2 relu(W1 d) +
 * b2}. The first layer is linear in {@code d = x_i - x_j}, so {@code W1 x} is computed once per
 * node and differenced per edge (gathered by index), leaving one {@code H x H} product per edge.
 * Neighbour indices come from {@code topK} on distances computed without gradient (the choice of
 * neighbours is not differentiable; the messages are, through {@code gather}).
 */
public final class DualEdgeConv extends AbstractBlock {
  static final float FAR = 1e9f;

  private final int k;
  private final int units;
  private final Linear g1;
  private final Linear g2;
  private final Linear f;
  private final Linear g1Feat;
  private final Linear g2Feat;
  private final Linear fFeat;

  /**
   * @param k neighbours per neighbourhood (including the station itself)
   * @param units output width H
   */
  public DualEdgeConv(int k, int units) {
    if (k < 1 || units < 1) {
      throw new IllegalArgumentException("k and units must be >= 1: " + k + ", " + units);
    }
    this.k = k;
    this.units = units;
    g1 = addChildBlock("g_geo_1", Linear.builder().setUnits(units).optBias(false).build());
    g2 = addChildBlock("g_geo_2", Linear.builder().setUnits(units).build());
    f = addChildBlock("f_geo", Linear.builder().setUnits(units).build());
    g1Feat = addChildBlock("g_feat_1", Linear.builder().setUnits(units).optBias(false).build());
    g2Feat = addChildBlock("g_feat_2", Linear.builder().setUnits(units).build());
    fFeat = addChildBlock("f_feat", Linear.builder().setUnits(units).optBias(false).build());
  }

  /** k. */
  public int k() {
    return k;
  }

  /** H. */
  public int units() {
    return units;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray coords = inputs.get(1);
    NDArray live = inputs.get(2);
    long n = x.getShape().get(1);
    int kk = (int) Math.min(k, n);
    // [B, 1, N]: +FAR on masked columns, so they are never among the k nearest while a live one
    // remains.
    NDArray liveCol = live.expandDims(1);
    NDArray penalty = liveCol.neg().add(1f).mul(FAR);

    NDArray xy = coords.get(":, :, 0:2").stopGradient();
    NDArray geoDist = xy.expandDims(2).sub(xy.expandDims(1)).square().sum(new int[] {3});
    NDArray xs = x.stopGradient();
    NDArray sq = xs.square().sum(new int[] {2}, true);
    NDArray featDist =
        sq.add(sq.transpose(0, 2, 1)).sub(xs.batchMatMul(xs.transpose(0, 2, 1)).mul(2f));

    NDArray geo = edgeMax(ps, training, x, live, geoDist.add(penalty), kk, g1, g2, f);
    NDArray feat = edgeMax(ps, training, x, live, featDist.add(penalty), kk, g1Feat, g2Feat, fFeat);
    NDArray out = Activation.relu(geo.add(feat)).mul(live.expandDims(2));
    return new NDList(out);
  }

  /** {@code max_{j in kNN(i)} [g(x_i - x_j)] + f(x_i)} for one neighbourhood, {@code [B, N, H]}. */
  private NDArray edgeMax(
      ParameterStore ps,
      boolean training,
      NDArray x,
      NDArray live,
      NDArray dist,
      int kk,
      Linear first,
      Linear second,
      Linear self) {
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    // [B, N, kk] indices of the kk smallest distances in each row.
    NDArray idx = dist.topK(kk, 2, false, false).get(1);
    NDArray flat = idx.reshape(b, n * kk);
    NDArray p = forward1(ps, first, x, training); // [B, N, H]
    NDArray pj =
        p.gather(flat.expandDims(2).broadcast(b, n * kk, units), 1).reshape(b, n, kk, units);
    NDArray edge = Activation.relu(p.expandDims(2).sub(pj)); // relu(W1 (x_i - x_j))
    NDArray msg = forward1(ps, second, edge, training); // [B, N, kk, H]
    // Masked neighbours (picked only when fewer than kk stations are live) must lose every max.
    NDArray nbLive = live.gather(flat, 1).reshape(b, n, kk, 1);
    msg = msg.add(nbLive.neg().add(1f).mul(-FAR));
    return msg.max(new int[] {2}).add(forward1(ps, self, x, training));
  }

  private static NDArray forward1(ParameterStore ps, Linear l, NDArray x, boolean training) {
    return l.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), x.get(1), units)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    Shape edge = new Shape(x.get(0), x.get(1), 1, units);
    g1.initialize(manager, dataType, x);
    g2.initialize(manager, dataType, edge);
    f.initialize(manager, dataType, x);
    g1Feat.initialize(manager, dataType, x);
    g2Feat.initialize(manager, dataType, edge);
    fFeat.initialize(manager, dataType, x);
  }
}
