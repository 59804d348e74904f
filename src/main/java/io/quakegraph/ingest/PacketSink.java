package io.quakegraph.ingest;

/**
 * Where validated packets and dead letters go: Kafka ({@link PacketPublisher}) in production, a
 * list or a counter in benchmarks of the parts before Kafka.
 */
public interface PacketSink {
  /** Sends one outcome (asynchronously when the sink can). */
  void send(Validation v);

  /** Waits until everything sent is stored; throws if anything was lost. */
  void flush();
}
