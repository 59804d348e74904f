package io.quakegraph.stream;

import io.quakegraph.model.Estimate;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.LabelCodec;
import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.model.fusion.SourceFusion;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triggered global window and the graph head: collects the {@link StationNode}s of all stations
 * for each step, associates trigger onsets into events ({@link Associator}), and at every step of
 * an open event builds the graph of the live stations and runs the exported head, emitting one
 * versioned {@link EarthquakeAlert} per event and step; the last version (after {@code
 * maxEventSeconds}, or when none of the event's stations is still triggered) is final.
 *
 * <p>A station is live at step t when its node for t arrived; a station that stops sending simply
 * drops out of the next graph. Nodes are held per step until that step's timer.
 *
 * <p>Keyed by region (one key, {@link #REGION}, for one network), so the per-step view is keyed
 * state with event-time timers: the step's timer fires when the watermark passes t, and the encoder
 * forwards that watermark only after all nodes of step t. Runs at parallelism 1 in the slot-sharing
 * group {@link EewJob#HEAD_GROUP}, so it can be placed on a GPU task manager.
 *
 * <p>The graph of an event is every station live at t (the paper's dynamic graph). When two events
 * are open at once, each station goes to the event with the nearest trigger, so the head estimates
 * each source from its own part of the network.
 */
public final class EventHead extends KeyedProcessFunction<String, StationNode, EarthquakeAlert> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EventHead.class);

  /** The key of the one region of a network. */
  public static final String REGION = "network";

  private final String modelDir;
  private final String inventoryDir;
  private final Associator associator;

  private transient ModelRunner runner;
  private transient NetworkFrame frame;
  private transient LabelCodec codec;
  private transient int maxNodes;
  private transient MapState<String, StationNode> nodes;
  private transient MapState<String, Long> lastOnset;
  private transient ValueState<AssociationState> association;
  private transient Histogram headMillis;
  private transient SourceFusion fusion;

  /**
   * @param cfg the job settings (model, inventory, association)
   */
  public EventHead(JobConfig cfg) {
    this(cfg.modelDir(), cfg.inventoryDir(), Associator.of(cfg));
  }

  EventHead(Path modelDir, Path inventoryDir, Associator associator) {
    this.modelDir = modelDir.toString();
    this.inventoryDir = inventoryDir.toString();
    this.associator = associator;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    runner = ModelRunner.load(Path.of(modelDir));
    frame = runner.spec().frame();
    codec = new LabelCodec(frame);
    maxNodes = ModelRunner.nodes(StationXml.readDirectory(Path.of(inventoryDir)).size());
    runner.warmUp(maxNodes);
    fusion = SourceFusion.defaults();
    nodes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "nodes", Types.STRING, TypeInformation.of(StationNode.class)));
    lastOnset =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("lastOnset", Types.STRING, Types.LONG));
    association =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "association", TypeInformation.of(AssociationState.class)));
    headMillis =
        getRuntimeContext()
            .getMetricGroup()
            .histogram("headMillis", new DescriptiveStatisticsHistogram(500));
  }

  @Override
  public void processElement(StationNode node, Context ctx, Collector<EarthquakeAlert> out)
      throws Exception {
    // Held per step, not only the newest per station: after a watermark jump (a catch-up, a
    // replay faster than real time) the nodes of several steps arrive before the first of their
    // timers fires, and each step's graph must see its own nodes.
    long t = node.timeMicros();
    if (t / 1000 <= ctx.timerService().currentWatermark()) {
      return; // its step was already estimated; a node cannot change a published version
    }
    nodes.put(t + "|" + node.stationId(), node);
    ctx.timerService().registerEventTimeTimer(t / 1000);
  }

  @Override
  public void onTimer(long timestampMs, OnTimerContext ctx, Collector<EarthquakeAlert> out)
      throws Exception {
    long t = timestampMs * 1000;
    List<StationNode> now = new ArrayList<>();
    for (Iterator<Map.Entry<String, StationNode>> it = nodes.iterator(); it.hasNext(); ) {
      StationNode n = it.next().getValue();
      if (n.timeMicros() == t) {
        now.add(n);
      }
      if (n.timeMicros() <= t) {
        it.remove();
      }
    }
    now.sort(Comparator.comparing(StationNode::stationId));
    List<Pick> picks = new ArrayList<>();
    Set<String> triggeredNow = new HashSet<>();
    for (StationNode n : now) {
      if (n.triggered()) {
        triggeredNow.add(n.stationId());
      }
      if (n.triggerMicros() != Long.MIN_VALUE) {
        Long seen = lastOnset.get(n.stationId());
        if (seen == null || seen != n.triggerMicros()) {
          lastOnset.put(n.stationId(), n.triggerMicros());
          picks.add(new Pick(n.stationId(), n.latitude(), n.longitude(), n.triggerMicros()));
        }
      }
    }
    AssociationState before = association.value();
    AssociationState state =
        associator.step(
            before == null ? AssociationState.empty() : before,
            picks,
            t,
            now.stream()
                .filter(StationNode::live)
                .map(n -> new Associator.Site(n.stationId(), n.latitude(), n.longitude()))
                .toList());
    Set<String> known = new HashSet<>();
    if (before != null) {
      Arrays.stream(before.events()).forEach(e -> known.add(e.eventId()));
    }
    for (EventState e : state.events()) {
      if (!known.contains(e.eventId())) {
        LOG.info(
            "event {} opened at {} from {}", e.eventId(), Times.format(t), describe(e.picks()));
      }
    }
    List<EventState> open = Arrays.stream(state.events()).filter(e -> !e.closed()).toList();
    EventState[] updated = state.events().clone();
    long live = now.stream().filter(StationNode::live).count();
    for (int i = 0; i < updated.length; i++) {
      EventState e = updated[i];
      if (e.closed()) {
        continue;
      }
      List<StationNode> graph = open.size() == 1 ? now : nearest(e, open, now);
      if (graph.isEmpty()) {
        continue;
      }
      boolean last = associator.closeDue(e, t, triggeredNow);
      int version = e.version() + 1;
      if (last) {
        LOG.info(
            "event {} final at version {} ({} picks: {})",
            e.eventId(),
            version,
            e.picks().length,
            describe(e.picks()));
      }
      out.collect(alert(e, version, last, graph, t, (int) live, triggeredNow));
      updated[i] =
          new EventState(
              e.eventId(),
              e.firstOnsetMicros(),
              version,
              e.picks(),
              last,
              last ? t : Long.MIN_VALUE);
    }
    association.update(new AssociationState(state.pending(), updated));
  }

  /** Picks as {@code NET.STA@hh:mm:ss.s}, for the log. */
  private static String describe(Pick[] picks) {
    StringBuilder b = new StringBuilder();
    for (Pick p : picks) {
      String time = Times.format(p.onsetMicros());
      b.append(b.length() == 0 ? "" : " ")
          .append(p.stationId())
          .append('@')
          .append(time, 11, Math.min(time.length(), 21));
    }
    return b.toString();
  }

  /** The stations whose nearest trigger among the open events belongs to {@code e}. */
  private static List<StationNode> nearest(
      EventState e, List<EventState> open, List<StationNode> nodes) {
    List<StationNode> mine = new ArrayList<>();
    for (StationNode n : nodes) {
      EventState best = null;
      double bestKm = Double.POSITIVE_INFINITY;
      for (EventState o : open) {
        for (Pick p : o.picks()) {
          double d =
              Associator.distanceKm(n.latitude(), n.longitude(), p.latitude(), p.longitude());
          if (d < bestKm) {
            bestKm = d;
            best = o;
          }
        }
      }
      if (best != null && best.eventId().equals(e.eventId())) {
        mine.add(n);
      }
    }
    return mine;
  }

  private EarthquakeAlert alert(
      EventState e,
      int version,
      boolean last,
      List<StationNode> graph,
      long t,
      int live,
      Set<String> triggeredNow) {
    int n = graph.size();
    float[][] emb = new float[n][];
    float[] logPeak = new float[n];
    float[][] coords = new float[n][];
    boolean[] isLive = new boolean[n];
    long newest = Long.MIN_VALUE;
    int used = 0;
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
      isLive[i] = s.live();
      used += s.live() ? 1 : 0;
      newest = Math.max(newest, s.receiveMicros());
    }
    long t0 = System.nanoTime();
    float[] out = runner.head(emb, logPeak, coords, isLive, Math.min(maxNodes, n));
    headMillis.update((System.nanoTime() - t0) / 1_000_000);
    Estimate est = fused(codec.decode(out, 0, t), e, graph, t);
    long issue = System.currentTimeMillis() * 1000L;
    int triggered =
        (int) Arrays.stream(e.picks()).filter(p -> triggeredNow.contains(p.stationId())).count();
    return EarthquakeAlert.newBuilder()
        .setEventId(e.eventId())
        .setVersion(version)
        .setFinalEstimate(last)
        .setIssueTime(Times.instant(issue))
        .setDataTime(Times.instant(t))
        .setOriginTime(Times.instant(est.originMicros()))
        .setLatitude(est.latitude())
        .setLongitude(est.longitude())
        .setDepthKm(est.depthKm())
        .setMagnitude(est.magnitude())
        .setLatitudeUncertaintyKm(est.sigmaLatKm())
        .setLongitudeUncertaintyKm(est.sigmaLonKm())
        .setDepthUncertaintyKm(est.sigmaDepthKm())
        .setMagnitudeUncertainty(est.sigmaMagnitude())
        .setOriginTimeUncertaintySeconds(est.sigmaOriginS())
        .setStationsUsed(used)
        .setStationsTriggered(Math.max(triggered, e.picks().length))
        .setStationsLive(live)
        .setModelVersion(runner.version())
        .setLatencyMs(newest == Long.MIN_VALUE ? 0 : Math.max(0, (issue - newest) / 1000))
        .build();
  }

  /**
   * The published estimate: the network's as the prior, fused with the event's associated onsets
   * and the graph's live stations that have not triggered ({@link SourceFusion}). The magnitude
   * stays the network's: the stream has no Wood-Anderson amplitudes for the ML evidence.
   */
  private Estimate fused(Estimate prior, EventState e, List<StationNode> graph, long t) {
    // A station's first onset is its P; a later one in the same event is its S or coda.
    Map<String, Pick> first = new HashMap<>();
    for (Pick p : e.picks()) {
      if (p.onsetMicros() <= t) {
        first.merge(p.stationId(), p, (a, b) -> a.onsetMicros() <= b.onsetMicros() ? a : b);
      }
    }
    Set<String> picked = first.keySet();
    List<Arrival> onsets = new ArrayList<>(first.size());
    for (Pick p : first.values()) {
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
  public void close() throws Exception {
    if (runner != null) {
      runner.close();
    }
    super.close();
  }
}
