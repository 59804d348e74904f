package io.quakegraph.stream;

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
    long closedMicros) {}
