package io.quakegraph.model.classical;

/**
 * State of a station's recursive STA/LTA trigger between steps.
 *
 * @param sta short-term average of the squared band-passed vertical velocity
 * @param lta long-term average
 * @param samples samples seen since the trigger started (warm-up counter)
 * @param on trigger on
 * @param onMicros onset time of the current or last trigger, {@link Long#MIN_VALUE} if none
 * @param lastMicros time of the last sample fed to the trigger
 */
public record TriggerState(
    double sta, double lta, long samples, boolean on, long onMicros, long lastMicros) {

  /** A trigger that has seen nothing. */
  public static TriggerState initial() {
    return new TriggerState(0, 0, 0, false, Long.MIN_VALUE, Long.MIN_VALUE);
  }
}
