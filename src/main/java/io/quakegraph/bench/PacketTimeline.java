package io.quakegraph.bench;

import java.util.Arrays;

/**
 * When each waveform packet entered Kafka, and what that says about the steps of the job.
 *
 * <p>Each packet is logged with its data span (first sample, end) and its broker append time (the
 * topics use {@code LogAppendTime}, so the producer's acknowledgement carries it). From the log:
 *
 * <ul>
 *   <li>{@link #scheduleOffsetMicros()}: the paced replay's mapping of data time to wall time, the
 *       median of (append time - data end) over all packets. A live feed would deliver the data of
 *       time x at about x + offset.
 *   <li>{@link #lastDataMillis}: the append time of the last packet holding a sample at t (start
 *       &lt;= t &lt; end), over all stations: when the data of step t was complete in Kafka, the
 *       packet that completes the step (the job computes a step once every station it awaits has
 *       delivered data up to t, not when a watermark passes it).
 * </ul>
 *
 * <p>Thread-safe for logging (the producer's callback thread adds); query after logging has ended.
 */
public final class PacketTimeline {
  private long[] start = new long[1 << 16];
  private long[] end = new long[1 << 16];
  private long[] append = new long[1 << 16];
  private int n;

  /**
   * Logs one packet.
   *
   * @param startMicros its first sample, epoch µs
   * @param endMicros its end (last sample + one sample period), epoch µs
   * @param appendMillis broker append time, epoch ms
   */
  public synchronized void add(long startMicros, long endMicros, long appendMillis) {
    if (n == start.length) {
      int m = n * 2;
      start = Arrays.copyOf(start, m);
      end = Arrays.copyOf(end, m);
      append = Arrays.copyOf(append, m);
    }
    start[n] = startMicros;
    end[n] = endMicros;
    append[n] = appendMillis;
    n++;
  }

  /** Packets logged. */
  public synchronized int size() {
    return n;
  }

  /** Median of (append time - data end), µs; 0 when nothing was logged. */
  public synchronized long scheduleOffsetMicros() {
    if (n == 0) {
      return 0;
    }
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = append[i] * 1000 - end[i];
    }
    Arrays.sort(d);
    return d[n / 2];
  }

  /**
   * How late each packet entered Kafka against the schedule (append - end - schedule offset), ms,
   * for the packets whose data ends in {@code [fromMicros, toMicros)}: the feed's own lateness.
   */
  public synchronized double[] feedDelaysMillis(long fromMicros, long toMicros) {
    long off = scheduleOffsetMicros();
    double[] d = new double[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (end[i] >= fromMicros && end[i] < toMicros) {
        d[k++] = (append[i] * 1000 - end[i] - off) / 1e3;
      }
    }
    return Arrays.copyOf(d, k);
  }

  /** Packets whose data ends in {@code [fromMicros, toMicros)}. */
  public synchronized int countEnding(long fromMicros, long toMicros) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (end[i] >= fromMicros && end[i] < toMicros) {
        k++;
      }
    }
    return k;
  }

  /**
   * Append time (ms) of the last packet holding a sample at {@code tMicros} (start &lt;= t &lt;
   * end); {@link Long#MIN_VALUE} when none does.
   */
  public synchronized long lastDataMillis(long tMicros) {
    long best = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      if (start[i] <= tMicros && tMicros < end[i]) {
        best = Math.max(best, append[i]);
      }
    }
    return best;
  }
}
