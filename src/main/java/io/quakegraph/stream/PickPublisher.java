package io.quakegraph.stream;

import io.quakegraph.schema.StationPick;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a station's windows into one {@link StationPick} per trigger onset, keyed by station.
 *
 * <p>A trigger stays on for many steps, and each window repeats its onset; the last onset published
 * is kept per station so each one leaves once. Windows arrive here already reduced to {@link
 * Candidate}s (no waveform), so the shuffle to this operator is cheap.
 */
public final class PickPublisher
    extends KeyedProcessFunction<String, PickPublisher.Candidate, StationPick> {
  private static final long serialVersionUID = 1L;

  /** How old an onset may be at a step and still be published (a late-seen trigger). */
  static final long MAX_AGE_MICROS = 60_000_000L;

  /**
   * What a window says about its station's trigger.
   *
   * @param stationId {@code NET.STA}
   * @param stepMicros step time t
   * @param onsetMicros onset of the current or last trigger
   * @param latitude degrees
   * @param longitude degrees
   * @param logPeak log10 peak |velocity| of the window, m/s
   */
  public record Candidate(
      String stationId,
      long stepMicros,
      long onsetMicros,
      double latitude,
      double longitude,
      float logPeak) {

    /** Whether a window carries an onset recent enough to publish. */
    static boolean recent(StationWindow w) {
      return w.triggerMicros() != Long.MIN_VALUE
          && w.timeMicros() - w.triggerMicros() <= MAX_AGE_MICROS;
    }

    static Candidate of(StationWindow w) {
      return new Candidate(
          w.stationId(),
          w.timeMicros(),
          w.triggerMicros(),
          w.latitude(),
          w.longitude(),
          w.logPeak());
    }
  }

  private transient ValueState<Long> lastOnset;

  @Override
  public void open(OpenContext ctx) {
    lastOnset = getRuntimeContext().getState(new ValueStateDescriptor<>("last-onset", Types.LONG));
  }

  @Override
  public void processElement(Candidate c, Context ctx, Collector<StationPick> out)
      throws Exception {
    Long last = lastOnset.value();
    if (last != null && c.onsetMicros() <= last) {
      return;
    }
    lastOnset.update(c.onsetMicros());
    out.collect(
        StationPick.newBuilder()
            .setStationId(c.stationId())
            .setOnsetTime(micros(c.onsetMicros()))
            .setStepTime(micros(c.stepMicros()))
            .setLatitude(c.latitude())
            .setLongitude(c.longitude())
            .setLog10PeakVelocity(c.logPeak())
            .build());
  }

  private static Instant micros(long us) {
    return Instant.ofEpochSecond(
        Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000);
  }
}
