package io.quakegraph.bench;

import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.PacketSink;
import io.quakegraph.ingest.Validation;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a replay's packets to Kafka and logs, from each acknowledgement, the packet's data span
 * with its partition, offset and broker append time into a {@link PacketTimeline}. Dead letters are
 * published too (they are the replay's business) and counted.
 */
public final class TimedPacketSink implements PacketSink {
  private final PacketPublisher publisher;
  private final PacketTimeline timeline;
  private final AtomicLong deadLetters = new AtomicLong();
  private final long endMicros;
  private volatile long lastEndMicros = Long.MIN_VALUE;

  /** Thrown by {@link #send} at the first packet that starts at or after the end. */
  public static final class PastEnd extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PastEnd(long startMicros) {
      super("replay ended at a packet starting " + io.quakegraph.seismic.Times.format(startMicros));
    }
  }

  /**
   * @param publisher where packets go (the caller closes it)
   * @param timeline where their times go
   * @param endMicros data time at which the replay ends ({@link Long#MAX_VALUE}: never)
   */
  public TimedPacketSink(PacketPublisher publisher, PacketTimeline timeline, long endMicros) {
    this.publisher = publisher;
    this.timeline = timeline;
    this.endMicros = endMicros;
  }

  @Override
  public void send(Validation v) {
    if (v instanceof Validation.Accepted a) {
      long start = a.record().startMicros();
      long end = a.record().endMicros();
      if (start >= endMicros) {
        throw new PastEnd(start);
      }
      lastEndMicros = end;
      publisher.publish(
          v,
          (meta, e) -> {
            if (e == null) {
              timeline.add(start, end, meta.timestamp());
            }
          });
    } else {
      deadLetters.incrementAndGet();
      publisher.send(v);
    }
  }

  @Override
  public void flush() {
    publisher.flush();
  }

  /** Dead letters the replay produced. */
  public long deadLetters() {
    return deadLetters.get();
  }

  /** Data end of the newest packet sent, µs ({@link Long#MIN_VALUE} before the first). */
  public long lastEndMicros() {
    return lastEndMicros;
  }
}
