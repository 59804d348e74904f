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
    Pick[] picks,
    boolean closed,
    long closedMicros) {

  /**
   * Each station's first onset in this event up to {@code tMicros}: its P (a later onset of the
   * same station is its S or coda), as the published estimate locates with it.
   */
  public Map<String, Pick> firstOnsets(long tMicros) {
    Map<String, Pick> first = new TreeMap<>();
    for (Pick p : picks) {
      if (p.onsetMicros() <= tMicros) {
        first.merge(p.stationId(), p, (a, b) -> a.onsetMicros() <= b.onsetMicros() ? a : b);
      }
    }
    return first;
  }

  /** The stations with an onset in this event up to {@code tMicros}. */
  public Set<String> stations(long tMicros) {
    return firstOnsets(tMicros).keySet();
  }
}
