package io.quakegraph.ingest.replay;

/**
 * What a replay did.
 *
 * @param files miniSEED files replayed
 * @param filesNotMiniSeed files in the archive folder that hold no miniSEED at all (logged, not
 *     replayed)
 * @param bytes file bytes read
 * @param packets records accepted and sent
 * @param deadLetters records or byte runs rejected and sent to the dead-letter topic
 * @param skippedOutsideWindow records outside the time window (a selection, not an error)
 * @param samples samples in the accepted records
 * @param dataStartMicros start of the earliest accepted record (Long.MAX_VALUE if none)
 * @param dataEndMicros end of the latest accepted record (Long.MIN_VALUE if none)
 * @param wallSeconds wall-clock duration, including the final flush
 */
public record ReplayResult(
    int files,
    int filesNotMiniSeed,
    long bytes,
    long packets,
    long deadLetters,
    long skippedOutsideWindow,
    long samples,
    long dataStartMicros,
    long dataEndMicros,
    double wallSeconds) {

  /** Seconds of data between the earliest start and the latest end. */
  public double dataSeconds() {
    return packets == 0 ? 0 : (dataEndMicros - dataStartMicros) / 1e6;
  }

  /** Data time over wall time: 100 means a hundred times faster than real time. */
  public double realTimeFactor() {
    return wallSeconds > 0 ? dataSeconds() / wallSeconds : Double.POSITIVE_INFINITY;
  }

  /** Accepted packets per wall-clock second. */
  public double packetsPerSecond() {
    return wallSeconds > 0 ? packets / wallSeconds : 0;
  }
}
