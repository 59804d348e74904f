package io.quakegraph.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.quakegraph.dataset.EventSample;
import io.quakegraph.model.CausalOnsets;
import io.quakegraph.model.Estimate;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.LabelCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Runs a learned model on many graphs of one event the way the stream does: the encoder once per
 * station window (per distinct cut time, over the whole network), the head per graph. Graphs that
 * share a cut time but drop different stations share the encoder work, which is most of the cost.
 * Equivalent to {@link GraphModel#forward} on each graph (the head ignores masked stations, and a
 * station's embedding depends only on its own window).
 */
public final class LearnedEvaluator {
  private final GraphModel model;
  private final LabelCodec codec;
  private final String name;

  /** The model under its kind's name ({@code stgnn} or {@code gcn}). */
  public LearnedEvaluator(GraphModel model) {
    this(model, model.kind());
  }

  /** The model under another name (e.g. an earlier version of the same kind, to compare). */
  public LearnedEvaluator(GraphModel model, String name) {
    this.model = model;
    this.codec = model.codec();
    this.name = name;
  }

  /** The method name in reports. */
  public String name() {
    return name;
  }

  public GraphModel model() {
    return model;
  }

  /**
   * A graph of an event: a subset of its stations and a cut time.
   *
   * @param stations indices into the event's stations
   * @param cutMicros cut time, epoch µs
   */
  public record Graph(int[] stations, long cutMicros) {}

  /**
   * Estimates for {@code graphs} of {@code event}, in order, with every trigger onset of the
   * stations as pick features ({@link CausalOnsets}).
   */
  public List<Estimate> estimate(EventSample event, List<Graph> graphs) {
    return estimate(event, graphs, new CausalOnsets(event, model.spec().windowSamples())::at);
  }

  /**
   * Estimates for {@code graphs} of {@code event}, in order.
   *
   * @param onsets per cut time, the onset each station's pick features see (in sample order; {@link
   *     Long#MIN_VALUE}: none), e.g. {@link StreamOnsets#featureOnsets}
   */
  public List<Estimate> estimate(
      EventSample event, List<Graph> graphs, LongFunction<long[]> onsets) {
    Map<Long, GraphInput> inputs = new HashMap<>();
    Map<Long, float[]> embeddings = new HashMap<>();
    int e = model.spec().embeddingDim();
    int w = model.spec().windowSamples();
    int p = model.spec().pickFeatures();
    try (NDManager sub = model.manager().newSubManager()) {
      for (Graph g : graphs) {
        if (inputs.containsKey(g.cutMicros())) {
          continue;
        }
        GraphInput in =
            GraphFeatures.build(
                event, g.cutMicros(), model.spec(), p > 0 ? onsets.apply(g.cutMicros()) : null);
        inputs.put(g.cutMicros(), in);
        int n = in.stations();
        List<Integer> liveRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (in.live()[i] > 0) {
            liveRows.add(i);
          }
        }
        float[] emb = new float[n * e];
        if (!liveRows.isEmpty()) {
          float[] wave = new float[liveRows.size() * 3 * w];
          for (int k = 0; k < liveRows.size(); k++) {
            System.arraycopy(in.waveforms(), liveRows.get(k) * 3 * w, wave, k * 3 * w, 3 * w);
          }
          try (NDArray x = sub.create(wave, new Shape(liveRows.size(), 3, w));
              NDArray y = model.encode(x)) {
            float[] out = y.toFloatArray();
            for (int k = 0; k < liveRows.size(); k++) {
              System.arraycopy(out, k * e, emb, liveRows.get(k) * e, e);
            }
          }
        }
        embeddings.put(g.cutMicros(), emb);
      }
      int b = graphs.size();
      int nMax = 1;
      for (Graph g : graphs) {
        nMax = Math.max(nMax, g.stations().length);
      }
      float[] emb = new float[b * nMax * e];
      float[] logPeak = new float[b * nMax];
      float[] coords = new float[b * nMax * 3];
      float[] live = new float[b * nMax];
      float[] picks = new float[b * nMax * p];
      java.util.Arrays.fill(logPeak, GraphFeatures.LOG_PEAK_FLOOR);
      long[] cuts = new long[b];
      for (int j = 0; j < b; j++) {
        Graph g = graphs.get(j);
        GraphInput in = inputs.get(g.cutMicros());
        float[] full = embeddings.get(g.cutMicros());
        cuts[j] = g.cutMicros();
        int[] idx = g.stations();
        for (int k = 0; k < idx.length; k++) {
          int i = idx[k];
          int node = j * nMax + k;
          System.arraycopy(full, i * e, emb, node * e, e);
          logPeak[node] = in.logPeak()[i];
          System.arraycopy(in.coords(), 3 * i, coords, 3 * node, 3);
          live[node] = in.live()[i];
          System.arraycopy(in.picks(), i * p, picks, node * p, p);
        }
      }
      NDArray out =
          model.head(
              sub.create(emb, new Shape(b, nMax, e)),
              sub.create(logPeak, new Shape(b, nMax, 1)),
              sub.create(coords, new Shape(b, nMax, 3)),
              sub.create(live, new Shape(b, nMax)),
              p > 0 ? sub.create(picks, new Shape(b, nMax, p)) : null);
      return codec.decode(out, cuts);
    }
  }
}
