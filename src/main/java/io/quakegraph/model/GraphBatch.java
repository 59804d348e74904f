package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A batch of graphs as NDArrays, every graph padded to the largest station count N in the batch
 * with masked stations (live 0, zero waveforms, log peak at the floor, coordinates 0). Masked
 * stations have no influence on the outputs, so padding changes nothing.
 *
 * <p>Arrays: waveforms {@code [B, N, 3, W]}, logPeak {@code [B, N, 1]} (raw log10 m/s), coords
 * {@code [B, N, 3]}, live {@code [B, N]} and, for a model with pick features, picks {@code [B, N,
 * P]} (zero at masked stations). They belong to the manager given to {@link #of}; close that
 * manager (or {@link #close()}) to free them.
 */
public final class GraphBatch implements AutoCloseable {
  private final List<GraphInput> inputs;
  private final NDArray waveforms;
  private final NDArray logPeak;
  private final NDArray coords;
  private final NDArray live;
  private final NDArray picks;

  private GraphBatch(
      List<GraphInput> inputs,
      NDArray waveforms,
      NDArray logPeak,
      NDArray coords,
      NDArray live,
      NDArray picks) {
    this.inputs = inputs;
    this.waveforms = waveforms;
    this.logPeak = logPeak;
    this.coords = coords;
    this.live = live;
    this.picks = picks;
  }

  /** Pads and stacks {@code inputs} (all with the same window length) into {@code manager}. */
  public static GraphBatch of(NDManager manager, List<GraphInput> inputs) {
    return of(manager, inputs, 0);
  }

  /**
   * Like {@link #of(NDManager, List)} but padded to at least {@code minStations} nodes: fixed
   * shapes for warm-up and for benchmarking.
   */
  public static GraphBatch of(NDManager manager, List<GraphInput> inputs, int minStations) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    int b = inputs.size();
    int n = Math.max(1, minStations);
    int w = -1;
    int p = -1;
    for (GraphInput g : inputs) {
      n = Math.max(n, g.stations());
      if (g.stations() > 0) {
        if (p >= 0 && g.pickCount() != p) {
          throw new IllegalArgumentException(
              "mixed pick features in a batch: " + p + " and " + g.pickCount());
        }
        p = g.pickCount();
      }
      if (g.stations() > 0) {
        if (w >= 0 && g.windowSamples() != w) {
          throw new IllegalArgumentException(
              "mixed window lengths in a batch: " + w + " and " + g.windowSamples());
        }
        w = g.windowSamples();
      }
    }
    if (w < 0) {
      throw new IllegalArgumentException("no graph in the batch has a station");
    }
    float[] wave = new float[b * n * 3 * w];
    float[] lp = new float[b * n];
    float[] xyz = new float[b * n * 3];
    float[] lv = new float[b * n];
    float[] pk = new float[b * n * p];
    java.util.Arrays.fill(lp, GraphFeatures.LOG_PEAK_FLOOR);
    for (int i = 0; i < b; i++) {
      GraphInput g = inputs.get(i);
      int m = g.stations();
      System.arraycopy(g.waveforms(), 0, wave, i * n * 3 * w, m * 3 * w);
      System.arraycopy(g.logPeak(), 0, lp, i * n, m);
      System.arraycopy(g.coords(), 0, xyz, i * n * 3, m * 3);
      System.arraycopy(g.live(), 0, lv, i * n, m);
      System.arraycopy(g.picks(), 0, pk, i * n * p, m * p);
    }
    return new GraphBatch(
        List.copyOf(inputs),
        manager.create(wave, new Shape(b, n, 3, w)),
        manager.create(lp, new Shape(b, n, 1)),
        manager.create(xyz, new Shape(b, n, 3)),
        manager.create(lv, new Shape(b, n)),
        p > 0 ? manager.create(pk, new Shape(b, n, p)) : null);
  }

  /** The graphs, in batch order. */
  public List<GraphInput> inputs() {
    return inputs;
  }

  /** Batch size B. */
  public int size() {
    return inputs.size();
  }

  /** Padded station count N. */
  public int nodes() {
    return (int) live.getShape().get(1);
  }

  /** {@code [B, N, 3, W]}. */
  public NDArray waveforms() {
    return waveforms;
  }

  /** {@code [B, N, 1]}, raw log10 peak velocity in m/s. */
  public NDArray logPeak() {
    return logPeak;
  }

  /** {@code [B, N, 3]}. */
  public NDArray coords() {
    return coords;
  }

  /** {@code [B, N]}, 1 live, 0 masked. */
  public NDArray live() {
    return live;
  }

  /** {@code [B, N, P]}, or null for a model without pick features. */
  public NDArray picks() {
    return picks;
  }

  /** The cut time of each graph, epoch µs. */
  public long[] cutMicros() {
    return inputs.stream().mapToLong(GraphInput::cutMicros).toArray();
  }

  /**
   * The arrays in the order the model blocks take them: waveforms, logPeak, coords, live and, with
   * pick features, picks.
   */
  public NDList toNDList() {
    NDList l = new NDList(waveforms, logPeak, coords, live);
    if (picks != null) {
      l.add(picks);
    }
    return l;
  }

  @Override
  public void close() {
    waveforms.close();
    logPeak.close();
    coords.close();
    live.close();
    if (picks != null) {
      picks.close();
    }
  }
}
