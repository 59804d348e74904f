package io.quakegraph.bench;

import java.util.Arrays;

/**
 * When each waveform packet entered Kafka, and what that says about the steps of the job.
 *
 * <p>Each packet is logged with its data span (first sample, end), the partition and offset Kafka
 * gave it and its broker append time (the topics use {@code LogAppendTime}, so the producer's
 * acknowledgement carries it). From the log:
 *
 * <ul>
 *   <li>{@link #scheduleOffsetMicros()}: the paced replay's mapping of data time to wall time, the
 *       median of (append time - data end) over all packets. A live feed would deliver the data of
 *       time x at about x + offset.
 *   <li>{@link #releaseMillis}: when step t could fire. The job's event time is the packet's first
 *       sample with a bounded out-of-orderness; a partition's watermark passes t once a packet
 *       starting at or after {@code t + outOfOrderness + 1 ms} has been read from it (Flink's
 *       bounded-out-of-orderness generator emits max timestamp - out-of-orderness - 1 ms), and the
 *       job's watermark is the least over partitions. So the packet that releases step t is, on the
 *       last partition to get one, the first packet whose start (running maximum, in offset order)
 *       passes that bound; its append time is returned.
 *   <li>{@link #lastDataMillis}: the append time of the last packet holding a sample at t (start
 *       &lt;= t &lt; end), over all stations: when the data of step t was complete in Kafka.
 * </ul>
 *
 * <p>Thread-safe for logging (the producer's callback thread adds); query after logging has ended.
 */
public final class PacketTimeline {
  private long[] start = new long[1 << 16];
  private long[] end = new long[1 << 16];
  private long[] append = new long[1 << 16];
  private long[] offset = new long[1 << 16];
  private int[] partition = new int[1 << 16];
  private int n;

  private transient Index index;

  /**
   * Logs one packet.
   *
   * @param startMicros its first sample, epoch µs
   * @param endMicros its end (last sample + one sample period), epoch µs
   * @param part its Kafka partition
   * @param kafkaOffset its offset in that partition
   * @param appendMillis broker append time, epoch ms
   */
  public synchronized void add(
      long startMicros, long endMicros, int part, long kafkaOffset, long appendMillis) {
    if (n == start.length) {
      int m = n * 2;
      start = Arrays.copyOf(start, m);
      end = Arrays.copyOf(end, m);
      append = Arrays.copyOf(append, m);
      offset = Arrays.copyOf(offset, m);
      partition = Arrays.copyOf(partition, m);
    }
    start[n] = startMicros;
    end[n] = endMicros;
    partition[n] = part;
    offset[n] = kafkaOffset;
    append[n] = appendMillis;
    n++;
    index = null;
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
   * Append time (ms) of the packet that released step {@code tMicros} under the given
   * out-of-orderness; {@link Long#MIN_VALUE} when no partition got such a packet.
   */
  public synchronized long releaseMillis(long tMicros, long outOfOrdernessMillis) {
    Index ix = index();
    long bound = Math.floorDiv(tMicros, 1000) + outOfOrdernessMillis + 1;
    long release = Long.MIN_VALUE;
    boolean any = false;
    for (PartitionLog p : ix.partitions) {
      if (p == null) {
        continue;
      }
      // running max of the start time (ms) is non-decreasing in offset order: binary search
      int lo = 0;
      int hi = p.runningMaxStartMs.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (p.runningMaxStartMs[mid] >= bound) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      if (lo == p.runningMaxStartMs.length) {
        return Long.MIN_VALUE; // this partition never passed t: the step was not released by data
      }
      any = true;
      release = Math.max(release, p.appendMs[lo]);
    }
    return any ? release : Long.MIN_VALUE;
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

  private Index index() {
    if (index != null) {
      return index;
    }
    int parts = 0;
    for (int i = 0; i < n; i++) {
      parts = Math.max(parts, partition[i] + 1);
    }
    int[] counts = new int[parts];
    for (int i = 0; i < n; i++) {
      counts[partition[i]]++;
    }
    PartitionLog[] logs = new PartitionLog[parts];
    for (int p = 0; p < parts; p++) {
      if (counts[p] == 0) {
        continue;
      }
      Integer[] order = new Integer[counts[p]];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (partition[i] == p) {
          order[k++] = i;
        }
      }
      Arrays.sort(order, (a, b) -> Long.compare(offset[a], offset[b]));
      long[] maxStart = new long[order.length];
      long[] app = new long[order.length];
      long running = Long.MIN_VALUE;
      for (int j = 0; j < order.length; j++) {
        running = Math.max(running, Math.floorDiv(start[order[j]], 1000));
        maxStart[j] = running;
        app[j] = append[order[j]];
      }
      logs[p] = new PartitionLog(maxStart, app);
    }
    index = new Index(logs);
    return index;
  }

  private record PartitionLog(long[] runningMaxStartMs, long[] appendMs) {}

  private record Index(PartitionLog[] partitions) {}
}
