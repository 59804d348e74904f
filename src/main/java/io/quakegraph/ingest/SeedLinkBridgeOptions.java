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

  /** {@code seedlink:HOST:PORT}, the origin written into every packet. */
  public String origin() {
    return "seedlink:" + host + ":" + port;
  }

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link SeedLinkBridgeOptions}; {@link #build} checks them as the
   * constructor does.
   */
  public static final class Builder {
    private String host;
    private int port;
    private List<StationSpec> streams;
    private String bootstrapServers;
    private Path stateDir;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration stallTimeout;
    private Duration backoffInitial;
    private Duration backoffMax;
    private long seed;
    private Duration checkpointInterval;
    private Long beginMicros;
    private Properties producerOverrides;

    private Builder(SeedLinkBridgeOptions from) {
      host = from.host;
      port = from.port;
      streams = from.streams;
      bootstrapServers = from.bootstrapServers;
      stateDir = from.stateDir;
      connectTimeout = from.connectTimeout;
      readTimeout = from.readTimeout;
      stallTimeout = from.stallTimeout;
      backoffInitial = from.backoffInitial;
      backoffMax = from.backoffMax;
      seed = from.seed;
      checkpointInterval = from.checkpointInterval;
      beginMicros = from.beginMicros;
      producerOverrides = from.producerOverrides;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder streams(List<StationSpec> value) {
      streams = value;
      return this;
    }

    public Builder bootstrapServers(String value) {
      bootstrapServers = value;
      return this;
    }

    public Builder stateDir(Path value) {
      stateDir = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder readTimeout(Duration value) {
      readTimeout = value;
      return this;
    }

    public Builder stallTimeout(Duration value) {
      stallTimeout = value;
      return this;
    }

    public Builder backoffInitial(Duration value) {
      backoffInitial = value;
      return this;
    }

    public Builder backoffMax(Duration value) {
      backoffMax = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder checkpointInterval(Duration value) {
      checkpointInterval = value;
      return this;
    }

    public Builder beginMicros(Long value) {
      beginMicros = value;
      return this;
    }

    public Builder producerOverrides(Properties value) {
      producerOverrides = value;
      return this;
    }

    public SeedLinkBridgeOptions build() {
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
          beginMicros,
          producerOverrides);
    }
  }
}
