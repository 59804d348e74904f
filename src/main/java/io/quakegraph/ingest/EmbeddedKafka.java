package io.quakegraph.ingest;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller in one node) inside this JVM, on loopback
 * ports chosen by the OS, with its data in a temporary directory deleted on {@link #close()}. Used
 * by the tests and by {@code quakegraph demo}; {@code quakegraph kafka} runs a standalone broker
 * instead.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final long ADMIN_TIMEOUT_MS = 30_000;

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts a broker with the defaults of {@link #start(Map)}. */
  public static EmbeddedKafka start() throws Exception {
    return start(Map.of());
  }

  /**
   * Formats and starts a broker and waits until it accepts clients.
   *
   * <p>Internal topics get replication factor 1 (one node), and transactions are enabled with
   * single-replica state, which the exactly-once Flink sink needs. Consumer groups start without
   * the usual 3 s rebalance delay.
   *
   * @param brokerConfig extra broker configs, applied last
   */
  public static EmbeddedKafka start(Map<String, String> brokerConfig) throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "3")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "3")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false");
    brokerConfig.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception | Error e) {
      try {
        cluster.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return new EmbeddedKafka(cluster);
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Client properties with {@code bootstrap.servers} set. */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return p;
  }

  /** An admin client of this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(clientProperties());
  }

  /** Creates (or brings to spec) every topic of {@link Topics#ALL}. */
  public Map<String, Topics.Outcome> createTopics()
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      return Topics.createAll(admin, ADMIN_TIMEOUT_MS);
    }
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
