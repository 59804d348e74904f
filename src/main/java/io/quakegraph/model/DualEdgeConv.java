package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
 * set the geographic distance), live {@code [B, N]}, and optionally the geographic neighbours from
 * {@link #geoNeighbours} (coordinates do not change between layers, so {@link GraphHead} computes
 * them once). Output {@code [B, N, H]}, zero at masked stations. A masked station (live 0) is never
 * anyone's neighbour (its distance column is pushed to +1e9 before the top-k, and any masked
 * neighbour picked because fewer than k are live has its message pushed to -1e9 before the max);
 * its own row is zeroed. So a masked station has no influence on any live one, whatever its
 * features, coordinates or position in the batch.
 *
 * <p>The four learnable maps {@code f, g, f', g'} are linear. The nonlinearity is the max over
 * neighbours and the ReLU, and stacking layers gives depth, as in EdgeConv. Linear {@code g} is a
 * deliberate speed choice: {@code max_j g(x_i - x_j) = g(x_i) + max_j(-g(x_j))}, so each
 * neighbourhood costs one gather and one reduction instead of a matrix product per edge (a
 * two-layer {@code g} made the 185-node head 3-4 times slower on this CPU, beyond its 5 ms budget).
 * Neighbour indices come from {@code topK} on distances computed without gradient (the choice of
 * neighbours is not differentiable; the messages are, through {@code gather}).
 */
public final class DualEdgeConv extends AbstractBlock {
  static final float FAR = 1e9f;

  private final int k;
  private final int units;
  private final Linear g;
  private final Linear f;
  private final Linear gFeat;
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
    // The bias of g cancels in g(x_i - x_j); one bias (in f) serves the whole layer.
    g = addChildBlock("g_geo", Linear.builder().setUnits(units).optBias(false).build());
    f = addChildBlock("f_geo", Linear.builder().setUnits(units).build());
    gFeat = addChildBlock("g_feat", Linear.builder().setUnits(units).optBias(false).build());
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
    LiveMask mask = LiveMask.of(inputs.get(2));
    NDArray geoIdx = inputs.size() > 3 ? inputs.get(3) : geoNeighbours(inputs.get(1), mask, k);
    return new NDList(apply(ps, inputs.get(0), mask, geoIdx, training));
  }

  /**
   * The layer on features {@code x [B, N, F]} with the graph's mask and geographic neighbours
   * computed once by the caller ({@link GraphHead} shares them between layers); {@code [B, N, H]}.
   */
  NDArray apply(ParameterStore ps, NDArray x, LiveMask mask, NDArray geoIdx, boolean training) {
    long n = x.getShape().get(1);
    int kk = (int) Math.min(k, n);
    NDArray xs = x.stopGradient();
    NDArray featIdx = nearest(squaredDistances(xs).add(mask.penalty()), mask, kk);
    NDArray geo = edgeMax(ps, training, x, geoIdx, g, f);
    NDArray feat = edgeMax(ps, training, x, featIdx, gFeat, fFeat);
    return Activation.relu(geo.add(feat)).mul(mask.live().expandDims(2));
  }

  /**
   * Geographic neighbours {@code [B, N, min(k, N)]} from coords {@code [B, N, 3]} (horizontal
   * columns): computed once per graph and shared by all layers, since coordinates do not change.
   */
  public static NDArray geoNeighbours(NDArray coords, NDArray live, int k) {
    return geoNeighbours(coords, LiveMask.of(live), k);
  }

  static NDArray geoNeighbours(NDArray coords, LiveMask mask, int k) {
    long n = coords.getShape().get(1);
    NDArray xy = coords.get(":, :, 0:2").stopGradient();
    return nearest(squaredDistances(xy).add(mask.penalty()), mask, (int) Math.min(k, n));
  }

  /** {@code [B, N, N]} squared Euclidean distances between the rows of {@code [B, N, F]}. */
  static NDArray squaredDistances(NDArray v) {
    NDArray sq = v.square().sum(new int[] {2}, true);
    NDArray vt = v.transpose(0, 2, 1);
    return sq.add(sq.transpose(0, 2, 1)).sub(v.batchMatMul(vt).mul(2f));
  }

  /**
   * Global row indices {@code [B, N, kk]} (graph offset {@code b * N} added) of the {@code kk}
   * smallest entries of each row of {@code dist [B, N, N]}. A masked station can only be picked
   * when fewer than {@code kk} are live (known once per batch, {@link LiveMask#fewestLive}); such
   * picks are replaced by the station itself, which is always in its own neighbourhood, so a
   * duplicate self edge leaves the max unchanged and no masking is needed on the large per-edge
   * arrays.
   */
  static NDArray nearest(NDArray dist, LiveMask mask, int kk) {
    long b = dist.getShape().get(0);
    long n = dist.getShape().get(1);
    NDManager mgr = dist.getManager();
    NDArray idx = dist.topK(kk, 2, false, false).get(1);
    if (b > 1) {
      idx = idx.add(mgr.arange(0, (int) (b * n), (int) n, DataType.INT64).reshape(b, 1, 1));
    }
    if (!mask.mayPickMasked(kk)) {
      return idx;
    }
    NDArray self = mgr.arange(0, (int) (b * n), 1, DataType.INT64).reshape(b, n, 1);
    NDArray picked =
        mask.live().reshape(-1).get(new NDIndex("{}", idx.reshape(-1))).reshape(b, n, kk);
    return NDArrays.where(picked.gt(0f), idx, self.broadcast(b, n, kk));
  }

  /**
   * {@code max_{j in kNN(i)} [g(x_i - x_j)] + f(x_i)} for one neighbourhood given as global row
   * indices {@code [B, N, kk]}; {@code [B, N, H]}. With {@code g} linear, {@code g(x_i - x_j) = W
   * x_i - W x_j}, so the max over neighbours is {@code W x_i + max_j(-W x_j)}: one gather of the
   * projected neighbours and one reduction, no per-edge matrix product.
   */
  private NDArray edgeMax(
      ParameterStore ps, boolean training, NDArray x, NDArray idx, Linear g, Linear self) {
    long b = x.getShape().get(0);
    long n = x.getShape().get(1);
    long kk = idx.getShape().get(2);
    NDArray p = forward1(ps, g, x, training); // W x, [B, N, H]
    // Row gather by advanced indexing (index_select-like, differentiable by scatter-add).
    NDArray pj =
        p.reshape(b * n, units).get(new NDIndex("{}", idx.reshape(-1))).reshape(b, n, kk, units);
    return p.sub(pj.min(new int[] {2})).add(forward1(ps, self, x, training));
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
    g.initialize(manager, dataType, x);
    f.initialize(manager, dataType, x);
    gFeat.initialize(manager, dataType, x);
    fFeat.initialize(manager, dataType, x);
  }
}
