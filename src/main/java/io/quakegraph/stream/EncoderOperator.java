package io.quakegraph.stream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs the exported station encoder over the windows of one step as one batch.
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
  public void processElement(StreamRecord<StationWindow> element) {
    pending.add(element.getValue());
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush(mark.getTimestamp());
    super.processWatermark(mark);
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
    long t0 = System.nanoTime();
    float[][] windows = new float[ready.size()][];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = ready.get(i).waveform();
    }
    float[][] emb = runner.encode(windows);
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
                  runner.version()),
              w.timeMicros() / 1000));
    }
    pending = later;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    pendingState.update(pending);
  }

  @Override
  public void close() throws Exception {
    if (runner != null) {
      runner.close();
    }
    super.close();
  }
}
