package io.quakegraph.bench;

import io.quakegraph.stream.PipelineStage;
import io.quakegraph.stream.StageWork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The job's CPU cost per stage, from a Flight Recorder recording of {@link StageWork} events: for
 * each {@link PipelineStage}, CPU-seconds per station per data-second over the work whose data time
 * lies in an interval. A figure that does not depend on how busy the machine is (a loaded machine
 * stretches wall times, not the CPU time of a piece of work), so it can be compared run to run.
 *
 * @param stations stations in the replay
 * @param dataSeconds length of the interval, s
 * @param stages per stage, in pipeline order
 */
public record StageProfile(int stations, double dataSeconds, Map<PipelineStage, Cost> stages) {

  /**
   * One stage's work in the interval.
   *
   * @param works pieces of work (packets, station steps, batches, head steps)
   * @param cpuSeconds their CPU time, s
   */
  public record Cost(long works, double cpuSeconds) {}

  public StageProfile {
    stages = new EnumMap<>(stages);
  }

  /** An empty profile (a run that failed or recorded nothing). */
  public static StageProfile none(int stations) {
    return new StageProfile(stations, 0, new EnumMap<>(PipelineStage.class));
  }

  /** CPU-seconds per station per data-second of a stage (NaN when it did no work). */
  public double perStationSecond(PipelineStage stage) {
    Cost c = stages.get(stage);
    return c == null || stations == 0 || dataSeconds <= 0
        ? Double.NaN
        : c.cpuSeconds() / (stations * dataSeconds);
  }

  /** The sum over stages of {@link #perStationSecond}. */
  public double totalPerStationSecond() {
    double s = 0;
    for (PipelineStage p : stages.keySet()) {
      s += perStationSecond(p);
    }
    return stages.isEmpty() ? Double.NaN : s;
  }

  /** Cores the stages keep busy in real time: CPU-seconds per data-second over all stations. */
  public double cores() {
    return totalPerStationSecond() * stations;
  }

  /** A recording of the stage events only (start it before the work, stop and dump after). */
  public static Recording recording() {
    Recording r = new Recording();
    r.setName("quakegraph-stages");
    r.enable(StageWork.NAME);
    r.setToDisk(true);
    return r;
  }

  /**
   * Sums a recording's stage events whose data time is in {@code [fromMicros, toMicros)}.
   *
   * @param file a {@code .jfr} file holding {@link StageWork} events
   * @param stations stations of the replay
   */
  public static StageProfile read(Path file, long fromMicros, long toMicros, int stations)
      throws IOException {
    Map<String, PipelineStage> byLabel = new java.util.HashMap<>();
    for (PipelineStage p : PipelineStage.values()) {
      byLabel.put(p.label(), p);
    }
    long[] works = new long[PipelineStage.values().length];
    long[] nanos = new long[works.length];
    List<String> unknown = new ArrayList<>();
    try (RecordingFile f = new RecordingFile(file)) {
      while (f.hasMoreEvents()) {
        RecordedEvent e = f.readEvent();
        if (!e.getEventType().getName().equals(StageWork.NAME)) {
          continue;
        }
        long t = e.getLong("dataMicros");
        if (t < fromMicros || t >= toMicros) {
          continue;
        }
        PipelineStage p = byLabel.get(e.getString("stage"));
        if (p == null) {
          unknown.add(e.getString("stage"));
          continue;
        }
        works[p.ordinal()]++;
        nanos[p.ordinal()] += e.getLong("cpuNanos");
      }
    }
    if (!unknown.isEmpty()) {
      throw new IOException(file + ": stage events of unknown stages " + unknown.subList(0, 1));
    }
    Map<PipelineStage, Cost> stages = new EnumMap<>(PipelineStage.class);
    for (PipelineStage p : PipelineStage.values()) {
      if (works[p.ordinal()] > 0) {
        stages.put(p, new Cost(works[p.ordinal()], nanos[p.ordinal()] / 1e9));
      }
    }
    return new StageProfile(stations, (toMicros - fromMicros) / 1e6, stages);
  }
}
