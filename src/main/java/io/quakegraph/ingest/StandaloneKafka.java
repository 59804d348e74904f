package io.quakegraph.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real standalone single-node Kafka broker (KRaft, broker and controller combined) built from the
 * Maven artifacts, what {@code bin/kafka-server-start.sh} with a KRaft {@code server.properties}
 * would run. Its data lives in a directory that survives restarts: the first start formats it with
 * a new cluster id, later starts reuse it.
 *
 * <p>Layout of the directory: {@code server.properties} (written at every start, for reference and
 * for the stock Kafka tools) and {@code data/} (log segments and the KRaft metadata log).
 */
public final class StandaloneKafka implements AutoCloseable {
  private static final long READY_TIMEOUT_MS = 60_000;

  /**
   * Where the broker listens and keeps its data.
   *
   * @param dir data directory, created if missing
   * @param host address of both listeners (loopback by default: this is a development broker)
   * @param port client (PLAINTEXT) port
   * @param controllerPort KRaft controller port; 0 picks a free one
   */
  public record Settings(Path dir, String host, int port, int controllerPort) {
    /** Validates the ports. */
    public Settings {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be 1..65535, got " + port);
      }
      if (controllerPort < 0 || controllerPort > 65_535 || controllerPort == port) {
        throw new IllegalArgumentException(
            "controller port must be 0..65535 and differ from the client port, got "
                + controllerPort);
      }
    }
  }

  private final KafkaRaftServer server;
  private final String bootstrap;
  private final String clusterId;
  private final boolean formatted;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StandaloneKafka(
      KafkaRaftServer server, String bootstrap, String clusterId, boolean formatted) {
    this.server = server;
    this.bootstrap = bootstrap;
    this.clusterId = clusterId;
    this.formatted = formatted;
  }

  /**
   * Formats the directory if it is new, starts the broker and waits until it answers clients.
   *
   * @throws IOException if the directory cannot be written or formatting fails
   * @throws IllegalStateException if the broker does not become ready in 60 s
   */
  public static StandaloneKafka start(Settings s) throws Exception {
    Path dir = s.dir().toAbsolutePath();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    int controllerPort = s.controllerPort() == 0 ? freePort(s.host()) : s.controllerPort();
    Properties props = brokerProperties(s.host(), s.port(), controllerPort, data);
    Path file = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "QuakeGraph standalone KRaft broker, written by `quakegraph kafka`");
    }

    Path meta = data.resolve("meta.properties");
    boolean format = !Files.exists(meta);
    if (format) {
      String id = Uuid.randomUuid().toString();
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int rc;
      try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        rc =
            StorageTool.execute(
                new String[] {"format", "--cluster-id", id, "--config", file.toString()}, ps);
      }
      if (rc != 0) {
        throw new IOException(
            "formatting "
                + data
                + " failed (exit "
                + rc
                + "): "
                + log.toString(StandardCharsets.UTF_8));
      }
    }
    String clusterId = readClusterId(meta);

    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    String bootstrap = s.host() + ":" + s.port();
    StandaloneKafka kafka = new StandaloneKafka(server, bootstrap, clusterId, format);
    try {
      server.startup();
      kafka.awaitReady();
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  /** The broker configuration: one combined node, single-replica internal topics. */
  static Properties brokerProperties(String host, int port, int controllerPort, Path data) {
    Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@" + host + ":" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://"
                    + host
                    + ":"
                    + port
                    + ",CONTROLLER://"
                    + host
                    + ":"
                    + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://" + host + ":" + port),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
            Map.entry("log.dirs", data.toString()),
            Map.entry("num.partitions", "1"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0")));
    return p;
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  private static String readClusterId(Path meta) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newInputStream(meta)) {
      p.load(in);
    }
    String id = p.getProperty("cluster.id");
    if (id == null) {
      throw new IOException(meta + " has no cluster.id: not a Kafka data directory?");
    }
    return id;
  }

  private void awaitReady() throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      int nodes =
          admin.describeCluster().nodes().get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
      if (nodes < 1) {
        throw new IllegalStateException("broker at " + bootstrap + " reports no nodes");
      }
    }
  }

  /** The {@code bootstrap.servers} value for clients. */
  public String bootstrapServers() {
    return bootstrap;
  }

  /** The cluster id stored in the data directory. */
  public String clusterId() {
    return clusterId;
  }

  /** True if this start formatted a new data directory. */
  public boolean formattedNewDirectory() {
    return formatted;
  }

  /** Blocks until the broker has shut down (by {@link #close()} or by a fatal error). */
  public void awaitShutdown() {
    server.awaitShutdown();
  }

  /** Shuts the broker down and waits for it; a second call does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.shutdown();
      server.awaitShutdown();
    }
  }
}
