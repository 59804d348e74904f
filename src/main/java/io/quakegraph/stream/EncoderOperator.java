package io.quakegraph.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs the exported station encoder over the windows of one step as one batch, as soon as the step
 * is complete ({@link #releaseReady}: every station that delivered the previous step has delivered
 * it), else when the watermark passes it.
 *
 * <p>The station stage emits its windows for step t from event-time timers, that is before it
 * forwards the watermark that passes t; so when this operator sees that watermark, it holds every
 * window of step t that its subtask will get, encodes them in one forward pass (batched across
 * stations, which is where DJL pays: one call per step instead of one per station), emits the
 * {@link StationNode}s, and only then forwards the watermark, which keeps the head's per-step view
 * complete. Pending windows are operator state, so a checkpoint between a window and its watermark
 * loses nothing. The model is loaded in {@link #open()}, one per subtask, and warmed up at its
 * fixed batch shapes.
 */
public final class EncoderOperator extends AbstractStreamOperator<StationNode>
    implements OneInputStreamOperator<StationWindow, StationNode> {
  private static final long serialVersionUID = 1L;

  private final String modelDir;
  private transient ModelRunner runner;
  private transient List<StationWindow> pending;
  private transient ListState<StationWindow> pendingState;
  private transient Histogram batchMillis;

  /** The last step whose nodes went out, µs; {@link Long#MIN_VALUE} before the first. */
  private transient long released;

  /** The stations that delivered a window for {@link #released}: the ones the next step awaits. */
  private transient Set<String> expected;

  /** Pending windows per step time: the next step is the first key after {@link #released}. */
  private transient TreeMap<Long, Integer> pendingSteps;

  /**
   * Per step time, the awaited ({@link #expected}) stations whose window for it is pending: a step
   * is complete when its set is as large as {@link #expected}. Kept as windows arrive, so that an
   * arrival costs a map update, not a pass over every pending window (which made each step cost the
   * square of the stations).
   */
  private transient TreeMap<Long, Set<String>> awaitedArrived;

  private transient long watermarkOut;
  private transient ListState<Long> releasedState;
  private transient ListState<String> expectedState;

  /**
   * @param modelDir the exported model folder
   */
  public EncoderOperator(Path modelDir) {
    this.modelDir = modelDir.toString();
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
    released = Long.MIN_VALUE;
    for (Long r : releasedState.get()) {
      released = Math.max(released, r);
    }
    expected = new HashSet<>();
    for (String id : expectedState.get()) {
      expected.add(id);
    }
    watermarkOut = Long.MIN_VALUE;
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
  }

  @Override
  public void processElement(StreamRecord<StationWindow> element) throws Exception {
    StationWindow w = element.getValue();
    pending.add(w);
    if (w.timeMicros() == released) {
      // late for its step (went out without it): it is awaited at the next one
      expected.add(w.stationId());
      reindex();
    } else {
      index(w);
    }
    releaseReady();
  }

  /**
   * Sends the next step at once when every station that delivered the previous step has delivered
   * it, and a watermark that fires the head's step, instead of waiting for the source watermark
   * (the slowest station plus the out-of-orderness bound). The batch is exactly those stations'
   * windows, so it is a function of the input whatever the arrival order (an embedding depends, in
   * its last bits, on the batch it was computed in); a station not awaited (new, or back) goes out
   * with the source watermark and is awaited from the step after. A station that stops sending
   * holds the next step until the source watermark passes it, once; then it is no longer awaited.
   */
  private void releaseReady() throws Exception {
    while (released != Long.MIN_VALUE && !expected.isEmpty()) {
      Long first = pendingSteps.higherKey(released);
      Set<String> arrived = first == null ? null : awaitedArrived.get(first);
      if (arrived == null || arrived.size() < expected.size()) {
        return; // the next step still awaits a station
      }
      long next = Long.MAX_VALUE;
      for (StationWindow w : pending) {
        if (w.timeMicros() > released) {
          next = Math.min(next, w.timeMicros());
        }
      }
      if (next == Long.MAX_VALUE) {
        return;
      }
      List<StationWindow> batch = new ArrayList<>();
      List<StationWindow> rest = new ArrayList<>();
      Set<String> delivered = new HashSet<>();
      for (StationWindow w : pending) {
        if (w.timeMicros() == next && expected.contains(w.stationId())) {
          batch.add(w);
          delivered.add(w.stationId());
        } else {
          rest.add(w);
        }
      }
      if (!delivered.containsAll(expected)) {
        return;
      }
      batch.sort(Comparator.comparing(StationWindow::stationId));
      emit(batch);
      pending = rest;
      released = next;
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
    super.finish();
  }

  /** Encodes and emits every pending window of a step at or before {@code watermarkMs}. */
  private void flush(long watermarkMs) {
    if (pending.isEmpty()) {
      return;
    }
    List<StationWindow> ready = new ArrayList<>();
    List<StationWindow> later = new ArrayList<>();
    for (StationWindow w : pending) {
      (w.timeMicros() / 1000 <= watermarkMs ? ready : later).add(w);
    }
    if (ready.isEmpty()) {
      return;
    }
    ready.sort(
        Comparator.comparingLong(StationWindow::timeMicros)
            .thenComparing(StationWindow::stationId));
    emit(ready);
    long last = ready.stream().mapToLong(StationWindow::timeMicros).max().orElseThrow();
    if (last > released) {
      released = last;
      expected = new HashSet<>();
      for (StationWindow w : ready) {
        if (w.timeMicros() == last) {
          expected.add(w.stationId());
        }
      }
    }
    pending = later;
    reindex();
  }

  /** Encodes windows as one batch and emits their nodes. */
  private void emit(List<StationWindow> ready) {
    long t0 = System.nanoTime();
    StageWork work = StageWork.begin(PipelineStage.ENCODER);
    float[][] windows = new float[ready.size()][];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = ready.get(i).waveform();
    }
    float[][] emb = runner.encode(windows);
    work.end(ready.stream().mapToLong(StationWindow::timeMicros).max().orElse(0), windows.length);
    batchMillis.update((System.nanoTime() - t0) / 1_000_000);
    for (int i = 0; i < emb.length; i++) {
      StationWindow w = ready.get(i);
      output.collect(
          new StreamRecord<>(
              new StationNode(
                  w.stationId(),
                  w.timeMicros(),
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
                  w.picks()),
              w.timeMicros() / 1000));
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    pendingState.update(pending);
    releasedState.update(List.of(released));
    expectedState.update(new ArrayList<>(expected));
  }

  @Override
  public void close() throws Exception {
    if (runner != null) {
      runner.close();
    }
    super.close();
  }
}
