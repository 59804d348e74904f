package io.quakegraph.model;

import java.io.Serializable;

/**
 * The times at which the job estimates: {@code phase + k * step} for every integer k, epoch µs. The
 * job's stations and the offline replays of its trigger and association ({@link CausalOnsets}, the
 * trainer's stream onsets) step on the same grid, so that they hold the same onsets at the same
 * times.
 *
 * <p>Why a phase: the window ending at t is exact once the raw data reach past t by the resampler's
 * reach ({@link io.quakegraph.seismic.Resampler#reachSeconds}, 0.44 s at the 50-Hz model rate).
 * With packets cut on whole seconds (the replay, 1-s digitiser packets) a step half a second after
 * the whole second is complete with the packet that ends on the next whole second; a step on the
 * whole second would wait for the packet after, a second more for every alert.
 *
 * @param stepMicros time between steps, µs (> 0)
 * @param phaseMicros offset of the steps from the multiples of the step, µs, in [0, step)
 */
public record StepGrid(long stepMicros, long phaseMicros) implements Serializable {
  /** The job's grid: a step every second, half a second after the whole seconds. */
  public static final StepGrid DEFAULT = of(1_000_000L);

  public StepGrid {
    if (stepMicros <= 0 || phaseMicros < 0 || phaseMicros >= stepMicros) {
      throw new IllegalArgumentException(
          "step grid needs step > 0 and 0 <= phase < step: " + stepMicros + ", " + phaseMicros);
    }
  }

  /** A grid of {@code stepMicros} with the default half-second phase (taken modulo the step). */
  public static StepGrid of(long stepMicros) {
    if (stepMicros <= 0) {
      throw new IllegalArgumentException("step must be positive: " + stepMicros);
    }
    return new StepGrid(stepMicros, Math.floorMod(500_000L, stepMicros));
  }

  /** The first step at or after {@code micros}. */
  public long atOrAfter(long micros) {
    return phaseMicros
        + Math.floorDiv(micros - phaseMicros + stepMicros - 1, stepMicros) * stepMicros;
  }

  /** The last step strictly before {@code micros}. */
  public long before(long micros) {
    return phaseMicros + Math.floorDiv(micros - phaseMicros - 1, stepMicros) * stepMicros;
  }
}
