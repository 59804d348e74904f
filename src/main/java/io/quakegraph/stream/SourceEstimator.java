package io.quakegraph.stream;

import io.quakegraph.model.Estimate;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.LabelCodec;
import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.model.fusion.SourceFusion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source of one associated event at one step: the exported graph head run on the event's graph
 * gives the prior, which {@link SourceFusion} combines with the event's first onsets and with the
 * graph's live stations that have not triggered. The association decides which stations and onsets
 * belong to the event ({@link Associator}); this only estimates from them, so it is plain Java with
 * no Flink state, used by {@link EventHead} and tested on its own.
 *
 * <p>Not thread-safe (the model runner is not): one per head subtask.
 */
public final class SourceEstimator implements AutoCloseable {
  private final ModelRunner runner;
  private final NetworkFrame frame;
  private final LabelCodec codec;
  private final SourceFusion fusion;
  private final int maxNodes;

  private SourceEstimator(ModelRunner runner, int largestGraph) {
    this.runner = runner;
    this.frame = runner.spec().frame();
    this.codec = new LabelCodec(frame);
    this.fusion = SourceFusion.defaults();
    // a graph never has more nodes than its region's stations, so no other shape comes
    this.maxNodes = ModelRunner.nodes(largestGraph);
    runner.warmUp(maxNodes);
  }

  /**
   * Loads the model of a folder and runs it once at every graph size up to {@code largestGraph}
   * stations, so the first event does not pay for the engine's preparation.
   */
  public static SourceEstimator load(Path modelDir, int largestGraph) throws IOException {
    return new SourceEstimator(ModelRunner.load(modelDir), largestGraph);
  }

  /** The model's version, as alerts name it. */
  public String modelVersion() {
    return runner.version();
  }

  /**
   * The published estimate of event {@code e} at step {@code t} from its graph (stations sorted as
   * the caller wants them ordered; the order does not change the result beyond rounding).
   */
  public Estimate estimate(EventState e, List<StationNode> graph, long t) {
    return fused(prior(e, graph, t), e, graph, t);
  }

  /**
   * The network's estimate. A trigger long before the event (a running stream keeps a noise trigger
   * for up to a minute) is not shown as an onset: the model never saw one that old (the offline
   * path applies the same rule: StreamOnsets).
   */
  Estimate prior(EventState e, List<StationNode> graph, long t) {
    int n = graph.size();
    float[][] emb = new float[n][];
    float[] logPeak = new float[n];
    float[][] coords = new float[n][];
    boolean[] live = new boolean[n];
    float[][] picks = new float[n][];
    for (int i = 0; i < n; i++) {
      StationNode s = graph.get(i);
      emb[i] = s.embedding();
      logPeak[i] = s.live() ? s.logPeak() : GraphFeatures.LOG_PEAK_FLOOR;
      coords[i] =
          new float[] {
            (float) frame.normLat(s.latitude()),
            (float) frame.normLon(s.longitude()),
            (float) (s.elevationM() / 1000.0 / GraphFeatures.ELEVATION_KM_PER_UNIT)
          };
      live[i] = s.live();
      picks[i] = e.showsOnset(s.triggerMicros()) ? s.picks() : new float[s.picks().length];
    }
    float[] out = runner.head(emb, logPeak, coords, live, picks, Math.min(maxNodes, n));
    return codec.decode(out, 0, t);
  }

  /**
   * The prior fused with each station's first onset in the event (its P, or the S of a missed P)
   * and the graph's quiet live stations. The magnitude stays the network's: the stream has no
   * Wood-Anderson amplitudes for the ML evidence.
   */
  private Estimate fused(Estimate prior, EventState e, List<StationNode> graph, long t) {
    Map<String, TriggerOnset> first = e.firstOnsets(t);
    Set<String> picked = first.keySet();
    List<Arrival> onsets = new ArrayList<>(first.size());
    for (TriggerOnset p : first.values()) {
      onsets.add(
          new Arrival(p.stationId(), p.latitude(), p.longitude(), (p.onsetMicros() - t) / 1e6));
    }
    onsets.sort(Comparator.comparing(Arrival::stationId));
    List<SourceFusion.Site> quiet = new ArrayList<>();
    for (StationNode n : graph) {
      if (n.live() && !n.triggered() && !picked.contains(n.stationId())) {
        quiet.add(new SourceFusion.Site(n.latitude(), n.longitude()));
      }
    }
    return fusion.fuse(prior, t, 0.0, onsets, quiet);
  }

  @Override
  public void close() {
    runner.close();
  }
}
