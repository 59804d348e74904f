package io.quakegraph.stream;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * When the encoder sends a step without waiting for the slowest station: once every awaited station
 * that is triggered has delivered the step, and at least {@code quorum} of all awaited stations
 * have, it waits {@code grace} of wall time more for the rest, then sends the step with what came.
 * A station left out is not lost: its late window goes out with the next step, and it is awaited
 * again once it delivers a step in time.
 *
 * <p>Only on a live feed ({@link #live}); otherwise a step waits for every awaited station.
 *
 * <p>Why: stations' packets do not end together (a station's clock offset, a gap, an outage, and on
 * real feeds every station's own packet phase), and a step that waits for all of them waits for the
 * last, every step. The triggered stations are always awaited because they are the event: a graph
 * without one of them can move the epicentre; a quiet station a step late changes little.
 *
 * @param quorum fraction of the awaited stations that must have delivered, in (0, 1]; 1 waits for
 *     all of them (no step goes out early without one)
 * @param grace wall time allowed to the stragglers once the quorum is there
 */
public record StepRelease(double quorum, Duration grace) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * 90 % and 250 ms, the job's default: one slow station in ten never holds a step for long, and a
   * step's windows, which the station stage computes one station after another once the packets are
   * in (hundreds of milliseconds apart at 1,000 stations), get the time to arrive. A straggler left
   * out is awaited no more, so the wait is paid when a station starts to lag, not at every step.
   */
  public static final StepRelease DEFAULT = new StepRelease(0.9, Duration.ofMillis(250));

  /** Every awaited station, however long it takes (the source watermark still bounds it). */
  public static final StepRelease ALL = new StepRelease(1.0, Duration.ZERO);

  public StepRelease {
    Objects.requireNonNull(grace, "grace");
    if (!(quorum > 0) || quorum > 1) {
      throw new IllegalArgumentException("step quorum must be in (0, 1]: " + quorum);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("step wait must be >= 0: " + grace);
    }
  }

  /** Fastest pace, data seconds per second of receive time, of a feed that counts as live. */
  static final double LIVE_PACE_MAX = 1.5;

  /**
   * Whether the feed is live: its packets were received at about the pace of their data, not
   * faster. Only then does a quorum buy time: a replay faster than real time delivers a step's
   * windows in an order that has nothing to do with the stations' lateness, and there the wall-time
   * wait would leave out stations that were merely processed later (on the demo's fast replay, the
   * stations about to trigger). A feed received late or slowly is still live.
   *
   * @param dataSpanMicros data time between an earlier released step and the newest
   * @param receiveSpanMicros receive time between the newest windows of those steps
   */
  public static boolean live(long dataSpanMicros, long receiveSpanMicros) {
    return dataSpanMicros > 0 && receiveSpanMicros * LIVE_PACE_MAX >= dataSpanMicros;
  }

  /** Whether a step may go out without the awaited stations that have not delivered it. */
  public boolean partial() {
    return quorum < 1;
  }

  /**
   * Whether the stations that delivered a step are enough to send it after {@link #grace}.
   *
   * @param delivered awaited stations whose window for the step came
   * @param awaited the stations the step awaits
   * @param triggered the stations whose last window was triggered
   */
  public boolean quorate(Set<String> delivered, Set<String> awaited, Set<String> triggered) {
    if (!partial() || delivered.size() < Math.ceil(quorum * awaited.size() - 1e-9)) {
      return false;
    }
    for (String id : triggered) {
      if (awaited.contains(id) && !delivered.contains(id)) {
        return false;
      }
    }
    return true;
  }
}
