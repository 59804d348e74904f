package io.quakegraph.stream;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A Flight Recorder event: the CPU time one stage of the job spent on one piece of work (a packet,
 * a station's step, a batch of embeddings, a head step), with the data time it was for.
 *
 * <p>Thread CPU time, not wall time and not execution samples: the encoder spends its time in
 * PyTorch's native code, which Flight Recorder's method sampler barely sees, and a stage that waits
 * (a task thread parked on its input) costs nothing. Off unless a recording enables it, and then
 * two clock reads per piece of work. {@link io.quakegraph.bench.StageProfile} sums a recording into
 * CPU-seconds per station per data-second.
 */
@Name(StageWork.NAME)
@Label("QuakeGraph stage work")
@Category("QuakeGraph")
@Description("CPU time a stage of the eew job spent on one piece of work")
@StackTrace(false)
public final class StageWork extends Event {
  /** The event's name in a recording. */
  public static final String NAME = "io.quakegraph.StageWork";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Label("Stage")
  String stage;

  @Label("CPU time")
  @Timespan(Timespan.NANOSECONDS)
  long cpuNanos;

  @Label("Data time (µs since the epoch)")
  long dataMicros;

  @Label("Stations")
  int stations;

  private transient long cpuStart;

  private StageWork() {}

  /** Starts timing a piece of work of {@code stage} on this thread (a no-op when not recorded). */
  public static StageWork begin(PipelineStage stage) {
    StageWork w = new StageWork();
    if (w.isEnabled()) {
      w.stage = stage.label();
      w.cpuStart = THREADS.getCurrentThreadCpuTime();
    }
    return w;
  }

  /**
   * Ends the work and records it.
   *
   * @param dataMicros the data time the work was for (a step's time, a packet's end)
   * @param stations the stations it served
   */
  public void end(long dataMicros, int stations) {
    if (stage == null || !shouldCommit()) {
      return;
    }
    this.cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
    this.dataMicros = dataMicros;
    this.stations = stations;
    commit();
  }
}
