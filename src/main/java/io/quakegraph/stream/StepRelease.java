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
   * The job's default: every awaited station ({@link #ALL}). A quorum ({@link #QUORUM}) sends steps
   * sooner on a feed at real time, but its wait is wall time: a replay faster than real time
   * outruns it and steps go out without stations that were about to trigger (the demo's first
   * alerts came 2-4 s of data later with it), so it is an option until the wait follows the data.
   */
  public static final StepRelease DEFAULT = new StepRelease(1.0, Duration.ofMillis(250));

  /**
   * 90 % and 250 ms: one slow station in ten never holds a step for long, and a step's windows,
   * which the station stage computes one station after another once the packets are in (hundreds of
   * milliseconds apart at 1,000 stations), get the time to arrive. A straggler left out is awaited
   * no more, so the wait is paid when a station starts to lag, not at every step.
   */
  public static final StepRelease QUORUM = new StepRelease(0.9, Duration.ofMillis(250));

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
