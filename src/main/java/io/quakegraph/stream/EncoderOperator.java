package io.quakegraph.stream;

import io.quakegraph.model.PickFeatures;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * Runs the exported station encoder over the windows of one step as one batch, as soon as the step
 * may go out ({@link #releaseReady}: every station that delivered the previous step in time has
 * delivered it, or enough of them by the {@link StepRelease} rule), else when the watermark passes
 * it.
 *
 * <p>The station stage emits its windows for step t from event-time timers, that is before it
 * forwards the watermark that passes t; so when this operator sees that watermark, it holds every
 * window of step t that its subtask will get, encodes them in one forward pass (batched across
 * stations, which is where DJL pays: one call per step instead of one per station), emits the
 * {@link StationNode}s, and only then forwards the watermark, which keeps the head's per-step view
 * complete. Pending windows are operator state, so a checkpoint between a window and its watermark
 * loses nothing. The model is loaded in {@link #open()}, one per subtask, and warmed up at its
 * fixed batch shapes.
 *
 * <p>A window that comes after its step went out (a straggler the quorum did not wait for, a
 * station whose packets end later than the others') is not dropped: it goes out with the next step
 * as that step's node of its station, its onset aged to the step ({@link PickFeatures#aged}),
 * unless the station's own window for that step is there, which supersedes it.
 */
public final class EncoderOperator extends AbstractStreamOperator<StationNode>
    implements OneInputStreamOperator<StationWindow, StationNode> {
  private static final long serialVersionUID = 1L;

  private final String modelDir;
  private final StepRelease release;
  private transient ModelRunner runner;
  private transient List<StationWindow> pending;
  private transient ListState<StationWindow> pendingState;
  private transient Histogram batchMillis;
  private transient Counter partialSteps;
  private transient Counter lateWindows;

  /** The last step whose nodes went out, µs; {@link Long#MIN_VALUE} before the first. */
  private transient long released;

  /** The stations that delivered a window for {@link #released}: the ones the next step awaits. */
  private transient Set<String> expected;

  /** The stations whose last node was triggered: a step never goes out early without them. */
  private transient Set<String> triggered;

  /** Pending windows per step time: the next step is the first key after {@link #released}. */
  private transient TreeMap<Long, Integer> pendingSteps;

  /**
   * Per step time, the awaited ({@link #expected}) stations whose window for it is pending: a step
   * is complete when its set is as large as {@link #expected}. Kept as windows arrive, so that an
   * arrival costs a map update, not a pass over every pending window (which made each step cost the
   * square of the stations).
   */
  private transient TreeMap<Long, Set<String>> awaitedArrived;

  /** The step a quorum wait is running for; {@link Long#MIN_VALUE} when none. */
  private transient long quorumWaitStep;

  /**
   * The recent released steps, {step time, newest receive time of any window then} in µs, oldest
   * first: with {@link #newestReceive}, whether the feed is {@link StepRelease#live}. Not state.
   */
  private transient ArrayDeque<long[]> paceSteps;

  /** Newest receive time of any window that came, µs. */
  private transient long newestReceive;

  private transient long watermarkOut;
  private transient ListState<Long> releasedState;
  private transient ListState<String> expectedState;
  private transient ListState<String> triggeredState;

  /**
   * An encoder that sends a step by the {@link StepRelease#DEFAULT} rule.
   *
   * @param modelDir the exported model folder
   */
  public EncoderOperator(Path modelDir) {
    this(modelDir, StepRelease.DEFAULT);
  }

  /**
   * @param modelDir the exported model folder
   * @param release when a step may go out without its slowest stations
   */
  public EncoderOperator(Path modelDir, StepRelease release) {
    this.modelDir = modelDir.toString();
    this.release = release;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    pendingState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(StationWindow.class)));
    pending = new ArrayList<>();
    for (StationWindow w : pendingState.get()) {
      pending.add(w);
    }
    releasedState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("released", Types.LONG));
    expectedState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("expected", Types.STRING));
    triggeredState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("triggered", Types.STRING));
    released = Long.MIN_VALUE;
    for (Long r : releasedState.get()) {
      released = Math.max(released, r);
    }
    expected = new HashSet<>();
    for (String id : expectedState.get()) {
      expected.add(id);
    }
    triggered = new HashSet<>();
    for (String id : triggeredState.get()) {
      triggered.add(id);
    }
    watermarkOut = Long.MIN_VALUE;
    quorumWaitStep = Long.MIN_VALUE;
    paceSteps = new ArrayDeque<>();
    newestReceive = Long.MIN_VALUE;
    reindex();
  }

  /** Rebuilds the step indexes from {@link #pending} and {@link #expected}. */
  private void reindex() {
    pendingSteps = new TreeMap<>();
    awaitedArrived = new TreeMap<>();
    for (StationWindow w : pending) {
      index(w);
    }
  }

  private void index(StationWindow w) {
    pendingSteps.merge(w.timeMicros(), 1, Integer::sum);
    if (w.timeMicros() > released && expected.contains(w.stationId())) {
      awaitedArrived.computeIfAbsent(w.timeMicros(), t -> new HashSet<>()).add(w.stationId());
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    runner = ModelRunner.load(Path.of(modelDir));
    runner.warmUp(ModelRunner.MIN_NODES);
    batchMillis =
        getMetricGroup().histogram("encoderBatchMillis", new DescriptiveStatisticsHistogram(500));
    partialSteps = getMetricGroup().counter("stepsSentWithoutStragglers");
    lateWindows = getMetricGroup().counter("windowsSentWithNextStep");
  }

  @Override
  public void processElement(StreamRecord<StationWindow> element) throws Exception {
    StationWindow w = element.getValue();
    pending.add(w);
    newestReceive = Math.max(newestReceive, w.receiveMicros());
    // a window of a step that went out already waits for the next one (see the class comment)
    index(w);
    releaseReady();
  }

  /**
   * Sends the next step at once when every station that delivered the previous step has delivered
   * it, and a watermark that fires the head's step, instead of waiting for the source watermark
   * (the slowest station plus the out-of-orderness bound). The batch is exactly those stations'
   * windows, so it is a function of the input whatever the arrival order (an embedding depends, in
   * its last bits, on the batch it was computed in); a station not awaited (new, or back) goes out
   * with the next step and is awaited from then on. When only a quorum has delivered ({@link
   * StepRelease}), the step goes out after the rule's wait with the stations that did. A station
   * that stops sending holds the next step until the source watermark passes it, once, unless the
   * quorum rule sent it; then it is no longer awaited.
   */
  private void releaseReady() throws Exception {
    while (released != Long.MIN_VALUE && !expected.isEmpty()) {
      Long next = pendingSteps.higherKey(released);
      if (next == null) {
        return;
      }
      Set<String> arrived = awaitedArrived.getOrDefault(next, Set.of());
      if (arrived.size() < expected.size()) {
        if (release.quorate(arrived, expected, triggered) && live(next)) {
          awaitStragglers(next);
        }
        return; // the next step still awaits a station
      }
      releaseStep(next);
    }
  }

  /** Whether the feed that delivers {@code step} is live ({@link StepRelease#live}). */
  private boolean live(long step) {
    long[] oldest = paceSteps.peekFirst();
    return oldest != null && StepRelease.live(step - oldest[0], newestReceive - oldest[1]);
  }

  /** Remembers a released step for the pace, the last {@value #PACE_STEPS} of them. */
  private void paced(long step) {
    paceSteps.addLast(new long[] {step, newestReceive});
    while (paceSteps.size() > PACE_STEPS) {
      paceSteps.removeFirst();
    }
  }

  /** Released steps over which the pace is judged. */
  private static final int PACE_STEPS = 8;

  /** Sends {@code step} after the release rule's wait unless it is complete before. */
  private void awaitStragglers(long step) {
    if (quorumWaitStep == step) {
      return;
    }
    quorumWaitStep = step;
    ProcessingTimeService time = getProcessingTimeService();
    time.registerTimer(
        time.getCurrentProcessingTime() + release.grace().toMillis(), now -> onWaitOver(step));
  }

  private void onWaitOver(long step) throws Exception {
    if (quorumWaitStep != step) {
      return; // sent complete (or by the watermark) before the wait was over
    }
    quorumWaitStep = Long.MIN_VALUE;
    Long next = pendingSteps.higherKey(released);
    if (released != Long.MIN_VALUE
        && next != null
        && next == step
        && release.quorate(awaitedArrived.getOrDefault(step, Set.of()), expected, triggered)
        && live(step)) {
      partialSteps.inc();
      releaseStep(step);
      releaseReady();
    }
  }

  /**
   * Sends step {@code next}: the awaited stations' windows for it, and the newest earlier window of
   * every other station that has one pending (late, or not awaited).
   */
  private void releaseStep(long next) throws Exception {
    List<StationWindow> batch = new ArrayList<>();
    List<StationWindow> rest = new ArrayList<>();
    Map<String, StationWindow> earlier = new HashMap<>();
    Set<String> delivered = new HashSet<>();
    for (StationWindow w : pending) {
      if (w.timeMicros() == next && expected.contains(w.stationId())) {
        batch.add(w);
        delivered.add(w.stationId());
      } else if (w.timeMicros() < next) {
        earlier.merge(w.stationId(), w, EncoderOperator::newer);
      } else {
        rest.add(w);
      }
    }
    batch.sort(BY_STATION);
    List<StationWindow> late = lateFor(earlier, delivered);
    emit(batch, late, next);
    paced(next);
    pending = rest;
    released = next;
    quorumWaitStep = Long.MIN_VALUE;
    // stations not awaited that came already are awaited at the next step
    for (StationWindow w : rest) {
      if (w.timeMicros() == next) {
        delivered.add(w.stationId());
      }
    }
    expected = delivered;
    reindex();
    forwardWatermark(next / 1000);
  }

  private static final Comparator<StationWindow> BY_STATION =
      Comparator.comparing(StationWindow::stationId);

  private static StationWindow newer(StationWindow a, StationWindow b) {
    return a.timeMicros() >= b.timeMicros() ? a : b;
  }

  /** The earlier windows of stations without one of their own in the step, in station order. */
  private static List<StationWindow> lateFor(
      Map<String, StationWindow> earlier, Set<String> inStep) {
    List<StationWindow> late = new ArrayList<>();
    for (StationWindow w : earlier.values()) {
      if (!inStep.contains(w.stationId())) {
        late.add(w);
      }
    }
    late.sort(BY_STATION);
    return late;
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush(mark.getTimestamp());
    forwardWatermark(mark.getTimestamp());
    releaseReady();
  }

  /** Forwards a watermark unless one as late went out already (early, from a complete step). */
  private void forwardWatermark(long ms) throws Exception {
    if (ms > watermarkOut) {
      watermarkOut = ms;
      super.processWatermark(new Watermark(ms));
    }
  }

  @Override
  public void finish() throws Exception {
    flush(Long.MAX_VALUE);
    if (!pending.isEmpty()) {
      // late windows with no step after them: out with their own step, the input has ended
      List<StationWindow> last = new ArrayList<>(pending);
      last.sort(Comparator.comparingLong(StationWindow::timeMicros).thenComparing(BY_STATION));
      emit(last, List.of(), Long.MIN_VALUE);
      pending = new ArrayList<>();
    }
    super.finish();
  }

  /**
   * Encodes and emits every pending window of a step after {@link #released} and at or before
   * {@code watermarkMs}, step by step in one batch; earlier windows go out with the first of those
   * steps.
   */
  private void flush(long watermarkMs) {
    if (pending.isEmpty()) {
      return;
    }
    TreeMap<Long, List<StationWindow>> steps = new TreeMap<>();
    Map<String, StationWindow> earlier = new HashMap<>();
    List<StationWindow> later = new ArrayList<>();
    for (StationWindow w : pending) {
      if (released != Long.MIN_VALUE && w.timeMicros() <= released) {
        earlier.merge(w.stationId(), w, EncoderOperator::newer);
      } else if (w.timeMicros() / 1000 <= watermarkMs) {
        steps.computeIfAbsent(w.timeMicros(), t -> new ArrayList<>()).add(w);
      } else {
        later.add(w);
      }
    }
    if (steps.isEmpty()) {
      return;
    }
    List<StationWindow> ready = new ArrayList<>();
    for (List<StationWindow> at : steps.values()) {
      at.sort(BY_STATION);
      ready.addAll(at);
    }
    long first = steps.firstKey();
    Set<String> inFirst = new HashSet<>();
    steps.firstEntry().getValue().forEach(w -> inFirst.add(w.stationId()));
    emit(ready, lateFor(earlier, inFirst), first);
    long last = steps.lastKey();
    paced(last);
    released = last;
    expected = new HashSet<>();
    steps.lastEntry().getValue().forEach(w -> expected.add(w.stationId()));
    quorumWaitStep = Long.MIN_VALUE;
    pending = later;
    reindex();
  }

  /**
   * Encodes windows as one batch and emits their nodes: {@code onTime} at their own step, {@code
   * late} at {@code step} (a later one than their own).
   */
  private void emit(List<StationWindow> onTime, List<StationWindow> late, long step) {
    long t0 = System.nanoTime();
    StageWork work = StageWork.begin(PipelineStage.ENCODER);
    List<StationWindow> all = new ArrayList<>(onTime);
    all.addAll(late);
    float[][] windows = new float[all.size()][];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = all.get(i).waveform();
    }
    float[][] emb = runner.encode(windows);
    work.end(all.stream().mapToLong(StationWindow::timeMicros).max().orElse(0), windows.length);
    batchMillis.update((System.nanoTime() - t0) / 1_000_000);
    lateWindows.inc(late.size());
    for (int i = 0; i < emb.length; i++) {
      StationWindow w = all.get(i);
      long t = i < onTime.size() ? w.timeMicros() : step;
      float[] picks =
          t == w.timeMicros()
              ? w.picks()
              : PickFeatures.aged(w.picks(), (t - w.timeMicros()) / 1e6);
      if (w.triggered()) {
        triggered.add(w.stationId());
      } else {
        triggered.remove(w.stationId());
      }
      output.collect(
          new StreamRecord<>(
              new StationNode(
                  w.stationId(),
                  t,
                  emb[i],
                  w.logPeak(),
                  w.live(),
                  w.triggered(),
                  w.triggerMicros(),
                  w.observedFraction(),
                  w.latitude(),
                  w.longitude(),
                  w.elevationM(),
                  w.receiveMicros(),
                  runner.version(),
                  picks),
              t / 1000));
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    pendingState.update(pending);
    releasedState.update(List.of(released));
    expectedState.update(new ArrayList<>(expected));
    triggeredState.update(new ArrayList<>(triggered));
  }

  @Override
  public void close() throws Exception {
    if (runner != null) {
      runner.close();
    }
    super.close();
  }
}
