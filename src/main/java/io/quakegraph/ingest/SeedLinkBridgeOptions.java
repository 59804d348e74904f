package io.quakegraph.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Settings of a {@link SeedLinkBridge}.
 *
 * @param host SeedLink server host
 * @param port SeedLink server port
 * @param streams what to request
 * @param bootstrapServers Kafka bootstrap servers
 * @param stateDir folder of the sequence-number state file
 * @param connectTimeout TCP connect timeout
 * @param readTimeout a connection that delivers nothing for this long is dropped and re-opened
 * @param stallTimeout no packet for this long is reported as a stall (WARN log and the {@code
 *     stall} counter)
 * @param backoffInitial first reconnect delay
 * @param backoffMax longest reconnect delay
 * @param seed seed of the reconnect jitter
 * @param checkpointInterval how often the producer is flushed and the state saved while data flows
 * @param beginMicros for a station without saved state: request data from this time (SeedLink
 *     {@code TIME}); null to start with the next new packet ({@code DATA})
 * @param producerOverrides extra Kafka producer configs
 */
public record SeedLinkBridgeOptions(
    String host,
    int port,
    List<StationSpec> streams,
    String bootstrapServers,
    Path stateDir,
    Duration connectTimeout,
    Duration readTimeout,
    Duration stallTimeout,
    Duration backoffInitial,
    Duration backoffMax,
    long seed,
    Duration checkpointInterval,
    Long beginMicros,
    Properties producerOverrides) {

  public SeedLinkBridgeOptions {
    streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("no streams to request");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SeedLink port must be 1..65535: " + port);
    }
    for (Duration d :
        List.of(
            connectTimeout,
            readTimeout,
            stallTimeout,
            backoffInitial,
            backoffMax,
            checkpointInterval)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts and intervals must be positive: " + d);
      }
    }
    producerOverrides = producerOverrides == null ? new Properties() : producerOverrides;
  }

  /**
   * Defaults: connect timeout 10 s, read timeout 60 s, stall after 30 s, reconnect 0.5 s doubling
   * to 30 s, seed 1, checkpoint every second, start with new data.
   */
  public static SeedLinkBridgeOptions of(
      String host, int port, List<StationSpec> streams, String bootstrapServers, Path stateDir) {
    return new SeedLinkBridgeOptions(
        host,
        port,
        streams,
        bootstrapServers,
        stateDir,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        1,
        Duration.ofSeconds(1),
        null,
        new Properties());
  }

  /** With another first time for stations without state. */
  public SeedLinkBridgeOptions withBegin(Long micros) {
    return new SeedLinkBridgeOptions(
        host,
        port,
        streams,
        bootstrapServers,
        stateDir,
        connectTimeout,
        readTimeout,
        stallTimeout,
        backoffInitial,
        backoffMax,
        seed,
        checkpointInterval,
        micros,
        producerOverrides);
  }

  /** With other timeouts. */
  public SeedLinkBridgeOptions withTimeouts(Duration connect, Duration read, Duration stall) {
    return new SeedLinkBridgeOptions(
        host,
        port,
        streams,
        bootstrapServers,
        stateDir,
        connect,
        read,
        stall,
        backoffInitial,
        backoffMax,
        seed,
        checkpointInterval,
        beginMicros,
        producerOverrides);
  }

  /** With another reconnect backoff. */
  public SeedLinkBridgeOptions withBackoff(Duration initial, Duration max, long jitterSeed) {
    return new SeedLinkBridgeOptions(
        host,
        port,
        streams,
        bootstrapServers,
        stateDir,
        connectTimeout,
        readTimeout,
        stallTimeout,
        initial,
        max,
        jitterSeed,
        checkpointInterval,
        beginMicros,
        producerOverrides);
  }

  /** With another checkpoint interval. */
  public SeedLinkBridgeOptions withCheckpointInterval(Duration interval) {
    return new SeedLinkBridgeOptions(
        host,
        port,
        streams,
        bootstrapServers,
        stateDir,
        connectTimeout,
        readTimeout,
        stallTimeout,
        backoffInitial,
        backoffMax,
        seed,
        interval,
        beginMicros,
        producerOverrides);
  }

  /** {@code seedlink:HOST:PORT}, the origin written into every packet. */
  public String origin() {
    return "seedlink:" + host + ":" + port;
  }
}
