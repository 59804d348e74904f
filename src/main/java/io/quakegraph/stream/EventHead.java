package io.quakegraph.stream;

import io.quakegraph.model.Estimate;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.NetworkRegions;
import io.quakegraph.seismic.Station;
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
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triggered global window: collects the {@link StationNode}s of all stations for each step and,
 * at the step's timer, hands the step's new trigger onsets to the {@link Associator}, which groups
 * them into events and gives each open event its graph; the {@link SourceEstimator} estimates each
 * open event's source from its graph and onsets; the operator publishes one versioned {@link
 * EarthquakeAlert} per event and step ({@link AlertVersions}). The operator itself only keeps the
 * state and the timers. The last version is final: after {@code maxEventSeconds} or when none of
 * the event's stations is still triggered, for a large rupture when its S waves have crossed the
 * network ({@link RuptureClock}), and, with the last estimate repeated, when none of its stations
 * is left in its graph or no data has come for {@link #SILENCE_CLOSE_MS} of wall time. Every event
 * that issued a version ends with a final one.
 *
 * <p>A station is live at step t when its node for t arrived; a station that stops sending simply
 * drops out of the next graph. Nodes are held per step until that step's timer.
 *
 * <p>Keyed by region ({@link NetworkRegions}; one key, {@link NetworkRegions#WHOLE_NETWORK}, for a
 * network that is not split): everything a region remembers is keyed state, and its steps and
 * silence are its own timers, so regions on one subtask do not see each other's stations, events or
 * silence, and a rescaled job takes each region's open events along with its key group. The step's
 * timer fires when the watermark passes t, and the encoder forwards that watermark only after all
 * nodes of step t. The graph of a region holds its stations only; the model is padded to (and
 * warmed up for) the largest region. Runs in the slot-sharing group {@link EewJob#HEAD_GROUP}, so
 * it can be placed on a GPU task manager, at {@link JobConfig#headParallelism} subtasks.
 *
 * <p>Event ids stay a function of the input across regions: an id names the first onset's time and
 * station, and a station is in one region only, so two regions never issue the same id.
 */
public final class EventHead extends KeyedProcessFunction<String, StationNode, EarthquakeAlert> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EventHead.class);

  /**
   * Wall time without any step while an event is open after which its final version goes out
   * anyway. Steps come from nodes, so when every station (or the whole feed) goes silent no step
   * would ever come, and the event would stay open in state for ever, its consumers never told it
   * ended. Twice the source idleness: a feed that only stalls catches up before.
   */
  static final long SILENCE_CLOSE_MS = 20_000;

  private final String modelDir;
  private final String inventoryDir;
  private final Associator associator;
  private final NetworkRegions regions;

  private transient SourceEstimator estimator;
  private transient MapState<String, StationNode> nodes;
  private transient MapState<String, Long> lastOnset;
  private transient ValueState<AssociationState> association;
  private transient Histogram estimateMillis;
  private transient MapState<String, EarthquakeAlert> lastAlert;
  private transient MapState<String, Double> peakMagnitude;
  private transient ValueState<Long> lastStep;

  /** The pending silence timer of the region, ms; restored with the timer itself. */
  private transient ValueState<Long> silenceTimer;

  /** Each region's stations (latitude, longitude), for its farthest station. */
  private transient Map<String, double[][]> sites;

  /**
   * Wall time of each region's last step with an event open, for the silence close. Not state on
   * purpose: after a restore it is unknown (see {@link #onSilence}).
   */
  private transient Map<String, Long> lastProgressMs;

  /**
   * @param cfg the job settings (model, inventory, association)
   * @param regions the key of each station's nodes
   */
  public EventHead(JobConfig cfg, NetworkRegions regions) {
    this(cfg.modelDir(), cfg.inventoryDir(), Associator.of(cfg), regions);
  }

  /** A head for a network that is one region. */
  EventHead(Path modelDir, Path inventoryDir, Associator associator) {
    this(modelDir, inventoryDir, associator, NetworkRegions.whole());
  }

  EventHead(Path modelDir, Path inventoryDir, Associator associator, NetworkRegions regions) {
    this.modelDir = modelDir.toString();
    this.inventoryDir = inventoryDir.toString();
    this.associator = associator;
    this.regions = regions;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    sites = new HashMap<>();
    int largest = 0;
    for (Map.Entry<String, List<Station>> r :
        regions.split(StationXml.readDirectory(Path.of(inventoryDir)).stations()).entrySet()) {
      sites.put(
          r.getKey(),
          r.getValue().stream()
              .map(st -> new double[] {st.latitude(), st.longitude()})
              .toArray(double[][]::new));
      largest = Math.max(largest, r.getValue().size());
    }
    estimator = SourceEstimator.load(Path.of(modelDir), largest);
    lastProgressMs = new HashMap<>();
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
    lastAlert =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "lastAlert", Types.STRING, TypeInformation.of(EarthquakeAlert.class)));
    peakMagnitude =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("peakMagnitude", Types.STRING, Types.DOUBLE));
    lastStep = getRuntimeContext().getState(new ValueStateDescriptor<>("lastStep", Types.LONG));
    silenceTimer =
        getRuntimeContext().getState(new ValueStateDescriptor<>("silenceTimer", Types.LONG));
    estimateMillis =
        getRuntimeContext()
            .getMetricGroup()
            .histogram("estimateMillis", new DescriptiveStatisticsHistogram(500));
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
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      // the wall time now, not the timer's: a timer restored from a checkpoint fires late
      onSilence(ctx.timerService().currentProcessingTime(), ctx, out);
      return;
    }
    long t = timestampMs * 1000;
    StageWork work = StageWork.begin(PipelineStage.HEAD);
    int stations = step(t, ctx, out);
    work.end(t, stations);
  }

  /** The step at t: association, then a version of every open event; returns the graph's size. */
  private int step(long t, OnTimerContext ctx, Collector<EarthquakeAlert> out) throws Exception {
    lastStep.update(t);
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
    List<TriggerOnset> picks = new ArrayList<>();
    Set<String> triggeredNow = new HashSet<>();
    for (StationNode n : now) {
      if (n.triggered()) {
        triggeredNow.add(n.stationId());
      }
      if (n.triggerMicros() != Long.MIN_VALUE) {
        Long seen = lastOnset.get(n.stationId());
        if (seen == null || seen != n.triggerMicros()) {
          lastOnset.put(n.stationId(), n.triggerMicros());
          picks.add(
              new TriggerOnset(n.stationId(), n.latitude(), n.longitude(), n.triggerMicros()));
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
      List<StationNode> graph = associator.graphOf(e, open, now);
      if (graph.isEmpty()) {
        // none of its stations is left: it ends here, with the last estimate it had
        updated[i] = closeWithoutGraph(e, t, (int) live, out);
        continue;
      }
      int version = e.version() + 1;
      long t0 = System.nanoTime();
      Estimate est = estimator.estimate(e, graph, t);
      estimateMillis.update((System.nanoTime() - t0) / 1_000_000);
      EarthquakeAlert a =
          AlertVersions.of(
              e,
              version,
              est,
              graph,
              t,
              (int) live,
              lastAlert.get(e.eventId()),
              estimator.modelVersion(),
              System.currentTimeMillis() * 1000L);
      Double peakBefore = peakMagnitude.get(e.eventId());
      double peak = Math.max(peakBefore == null ? a.getMagnitude() : peakBefore, a.getMagnitude());
      boolean last =
          associator.closeDue(
              e,
              t,
              triggeredNow,
              peak,
              Times.micros(a.getOriginTime()),
              farthestKm(ctx.getCurrentKey(), a.getLatitude(), a.getLongitude()));
      a.setFinalEstimate(last);
      if (last) {
        LOG.info(
            "event {} final at version {} ({} picks: {})",
            e.eventId(),
            version,
            e.picks().length,
            describe(e.picks()));
      }
      out.collect(a);
      remember(e.eventId(), last ? null : a, peak);
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
    if (Arrays.stream(updated).anyMatch(e -> !e.closed())) {
      long wall = ctx.timerService().currentProcessingTime();
      lastProgressMs.put(ctx.getCurrentKey(), wall);
      armSilence(ctx, wall + SILENCE_CLOSE_MS);
    }
    return now.size();
  }

  /**
   * A silence timer: when no step has come for {@link #SILENCE_CLOSE_MS} while events are open,
   * each of them ends with its final version at the last step time. Right after a restore the wall
   * time of the last step is unknown (it is not state: a restored timer would otherwise fire at
   * once and close events whose input is about to be replayed), so the silence is counted from now.
   */
  private void onSilence(long nowMs, OnTimerContext ctx, Collector<EarthquakeAlert> out)
      throws Exception {
    silenceTimer.clear();
    AssociationState state = association.value();
    if (state == null || Arrays.stream(state.events()).allMatch(EventState::closed)) {
      return;
    }
    Long progress = lastProgressMs.putIfAbsent(ctx.getCurrentKey(), nowMs);
    if (progress == null || nowMs - progress < SILENCE_CLOSE_MS) {
      armSilence(ctx, (progress == null ? nowMs : progress) + SILENCE_CLOSE_MS);
      return;
    }
    Long step = lastStep.value();
    EventState[] updated = state.events().clone();
    for (int i = 0; i < updated.length; i++) {
      if (!updated[i].closed()) {
        LOG.info(
            "event {}: no data for {} s, closing it",
            updated[i].eventId(),
            SILENCE_CLOSE_MS / 1000);
        long t = step == null ? updated[i].firstOnsetMicros() : step;
        updated[i] = closeWithoutGraph(updated[i], t, 0, out);
      }
    }
    association.update(new AssociationState(state.pending(), updated));
  }

  /** One pending silence timer per region at a time: a new step replaces it. */
  private void armSilence(Context ctx, long atMs) throws Exception {
    Long pending = silenceTimer.value();
    if (pending != null) {
      ctx.timerService().deleteProcessingTimeTimer(pending);
    }
    silenceTimer.update(atMs);
    ctx.timerService().registerProcessingTimeTimer(atMs);
  }

  /**
   * Ends an event that has no graph any more: its final version repeats the last estimate at step t
   * with no station used (a function of the state, so a replay re-issues it identically). An event
   * that never issued a version ends without one: consumers never heard of it.
   */
  private EventState closeWithoutGraph(
      EventState e, long t, int live, Collector<EarthquakeAlert> out) throws Exception {
    EarthquakeAlert prev = lastAlert.get(e.eventId());
    int version = e.version();
    if (prev != null) {
      version++;
      out.collect(
          AlertVersions.finalRepeat(prev, version, t, live, System.currentTimeMillis() * 1000L));
    }
    LOG.info("event {} final at version {}: no station left in its graph", e.eventId(), version);
    remember(e.eventId(), null, Double.NaN);
    return new EventState(e.eventId(), e.firstOnsetMicros(), version, e.picks(), true, t);
  }

  /** Keeps an open event's last alert and peak magnitude; forgets them when it closed (null). */
  private void remember(String eventId, EarthquakeAlert last, double peak) throws Exception {
    if (last == null) {
      lastAlert.remove(eventId);
      peakMagnitude.remove(eventId);
    } else {
      lastAlert.put(eventId, last);
      peakMagnitude.put(eventId, peak);
    }
  }

  /** Epicentral distance of the region's farthest station, km. */
  private double farthestKm(String region, double lat, double lon) {
    double far = 0;
    for (double[] s : sites.getOrDefault(region, new double[0][])) {
      far = Math.max(far, Geodesy.epicentralKm(lat, lon, s[0], s[1]));
    }
    return far;
  }

  /** Picks as {@code NET.STA@hh:mm:ss.s}, for the log. */
  private static String describe(TriggerOnset[] picks) {
    StringBuilder b = new StringBuilder();
    for (TriggerOnset p : picks) {
      String time = Times.format(p.onsetMicros());
      b.append(b.length() == 0 ? "" : " ")
          .append(p.stationId())
          .append('@')
          .append(time, 11, Math.min(time.length(), 21));
    }
    return b.toString();
  }

  @Override
  public void close() throws Exception {
    if (estimator != null) {
      estimator.close();
    }
    super.close();
  }
}
