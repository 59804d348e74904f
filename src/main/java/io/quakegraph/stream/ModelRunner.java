package io.quakegraph.stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The exported model as one operator subtask uses it: loaded once in {@code open()}, run at a few
 * fixed batch shapes only, closed in {@code close()}.
 *
 * <p>Fixed shapes because each new input shape makes the PyTorch engine prepare (and with the
 * profiling executor re-optimise) the graph again, which costs far more than the forward pass; so
 * the encoder pads a batch of M windows to the next of {@link #ENCODER_BUCKETS} and the head pads a
 * graph of N stations to the next power of two (at least 16), and {@link #warmUp} runs every shape
 * once before the first record. Padding is inert: padded windows are dropped from the output, and
 * padded stations are masked (live 0), which the head ignores in every kNN and pooling.
 *
 * <p>Not thread-safe in use (one per subtask, as the task thread is the only caller).
 */
public final class ModelRunner implements AutoCloseable {
  /** Encoder batch sizes. */
  static final int[] ENCODER_BUCKETS = {1, 8, 32, 128};

  /** Smallest graph size the head is run at. */
  static final int MIN_NODES = 16;

  private final GraphModel model;
  private final String version;

  private ModelRunner(GraphModel model, String version) {
    this.model = model;
    this.version = version;
  }

  /** Loads the model of a folder (spec.json, encoder.params, head.params). */
  public static ModelRunner load(Path dir) throws IOException {
    return new ModelRunner(GraphModel.load(dir), ModelInfo.versionOf(dir));
  }

  public ModelSpec spec() {
    return model.spec();
  }

  public String version() {
    return version;
  }

  /** Runs the encoder once at each bucket size, and the head at each node count up to maxNodes. */
  public void warmUp(int maxNodes) {
    int w = model.spec().windowSamples();
    for (int b : ENCODER_BUCKETS) {
      encode(new float[b][3 * w]);
    }
    int e = model.spec().embeddingDim();
    for (int n = MIN_NODES; ; n *= 2) {
      head(
          new float[1][e],
          new float[] {0f},
          new float[1][3],
          new boolean[] {true},
          new float[1][model.spec().pickFeatures()],
          n);
      if (n >= maxNodes) {
        break;
      }
    }
  }

  /**
   * Embeddings of station windows.
   *
   * @param windows each {@code 3 * W} samples (Z, N, E), peak-normalised
   * @return one embedding of length E per window
   */
  public float[][] encode(float[][] windows) {
    int w = model.spec().windowSamples();
    int e = model.spec().embeddingDim();
    float[][] out = new float[windows.length][];
    int maxBucket = ENCODER_BUCKETS[ENCODER_BUCKETS.length - 1];
    for (int from = 0; from < windows.length; from += maxBucket) {
      int m = Math.min(maxBucket, windows.length - from);
      int b = bucket(m);
      float[] flat = new float[b * 3 * w];
      for (int i = 0; i < m; i++) {
        System.arraycopy(windows[from + i], 0, flat, i * 3 * w, 3 * w);
      }
      try (NDManager nd = model.manager().newSubManager()) {
        NDArray y = model.encode(nd.create(flat, new Shape(b, 3, w)));
        float[] v = y.toFloatArray();
        for (int i = 0; i < m; i++) {
          out[from + i] = Arrays.copyOfRange(v, i * e, (i + 1) * e);
        }
      }
    }
    return out;
  }

  /**
   * The head's 10 outputs (5 normalised means, 5 log-sigmas) for one graph.
   *
   * @param embeddings per station, length E
   * @param logPeak per station, log10 m/s
   * @param coords per station, normalised (northing, easting, elevation)
   * @param live per station
   * @param picks per station, the {@link io.quakegraph.model.PickFeatures} (length P, 0 for v1)
   * @param minNodes pad the graph to at least this many nodes (a power of two at least 16 is used)
   */
  public float[] head(
      float[][] embeddings,
      float[] logPeak,
      float[][] coords,
      boolean[] live,
      float[][] picks,
      int minNodes) {
    int n = embeddings.length;
    int e = model.spec().embeddingDim();
    int nodes = nodes(Math.max(n, minNodes));
    float[] emb = new float[nodes * e];
    float[] lp = new float[nodes];
    float[] xyz = new float[nodes * 3];
    float[] lv = new float[nodes];
    int p = model.spec().pickFeatures();
    float[] pk = new float[nodes * p];
    Arrays.fill(lp, GraphFeatures.LOG_PEAK_FLOOR);
    for (int i = 0; i < n; i++) {
      System.arraycopy(embeddings[i], 0, emb, i * e, e);
      lp[i] = logPeak[i];
      System.arraycopy(coords[i], 0, xyz, 3 * i, 3);
      lv[i] = live[i] ? 1f : 0f;
      if (p > 0) {
        if (picks[i] == null || picks[i].length != p) {
          throw new IllegalArgumentException(
              "station %d has %s pick features, the model takes %d"
                  .formatted(i, picks[i] == null ? "no" : picks[i].length, p));
        }
        System.arraycopy(picks[i], 0, pk, i * p, p);
      }
    }
    try (NDManager nd = model.manager().newSubManager()) {
      NDArray y =
          model.head(
              nd.create(emb, new Shape(1, nodes, e)),
              nd.create(lp, new Shape(1, nodes, 1)),
              nd.create(xyz, new Shape(1, nodes, 3)),
              nd.create(lv, new Shape(1, nodes)),
              p > 0 ? nd.create(pk, new Shape(1, nodes, p)) : null);
      return y.toFloatArray();
    }
  }

  /** The encoder batch size used for m windows (m at most the largest bucket). */
  static int bucket(int m) {
    for (int b : ENCODER_BUCKETS) {
      if (m <= b) {
        return b;
      }
    }
    return ENCODER_BUCKETS[ENCODER_BUCKETS.length - 1];
  }

  /** The node count a graph of n stations is padded to: the next power of two, at least 16. */
  static int nodes(int n) {
    int p = MIN_NODES;
    while (p < n) {
      p *= 2;
    }
    return p;
  }

  @Override
  public void close() {
    model.close();
  }
}
