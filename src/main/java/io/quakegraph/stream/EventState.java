package io.quakegraph.stream;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One associated event as the head operator keeps it.
 *
 * @param eventId stable id of the event (first onset time and station)
 * @param firstOnsetMicros earliest onset among its picks
 * @param version versions of the alert issued so far
 * @param picks the triggers associated with it
 * @param closed the final version was issued; later picks consistent with it are absorbed
 * @param closedMicros step time of the final version, {@link Long#MIN_VALUE} while open
 */
public record EventState(
    String eventId,
    long firstOnsetMicros,
    int version,
    TriggerOnset[] picks,
    boolean closed,
    long closedMicros) {

  /**
   * Each station's first onset in this event up to {@code tMicros}: its P (a later onset of the
   * same station is its S or coda), as the published estimate locates with it.
   */
  public Map<String, TriggerOnset> firstOnsets(long tMicros) {
    Map<String, TriggerOnset> first = new TreeMap<>();
    for (TriggerOnset p : picks) {
      if (p.onsetMicros() <= tMicros) {
        first.merge(p.stationId(), p, (a, b) -> a.onsetMicros() <= b.onsetMicros() ? a : b);
      }
    }
    return first;
  }

  /**
   * How long before an event's first onset a station's onset may lie and still be shown to the
   * model as one, µs. An offline sample starts its trigger 15-30 s before the origin, so the model
   * was trained on onsets from a few seconds before the first P on; a running stream keeps a noise
   * trigger for up to a minute, which the model would take for an early P.
   */
  public static final long FEATURE_ONSET_LEAD_MICROS = 10_000_000L;

  /**
   * Whether a station's current trigger onset may reach the model's pick features for this event:
   * not when it lies more than {@link #FEATURE_ONSET_LEAD_MICROS} before the event's first onset.
   */
  public boolean showsOnset(long onsetMicros) {
    return onsetMicros == Long.MIN_VALUE
        || onsetMicros >= firstOnsetMicros - FEATURE_ONSET_LEAD_MICROS;
  }

  /** The stations with an onset in this event up to {@code tMicros}. */
  public Set<String> stations(long tMicros) {
    return firstOnsets(tMicros).keySet();
  }
}
