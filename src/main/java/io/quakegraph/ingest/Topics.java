package io.quakegraph.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka topics of QuakeGraph and how to create them.
 *
 * <p>Choices, per topic:
 *
 * <ul>
 *   <li>{@value #PACKETS}: the raw waveform packets, keyed {@code NET.STA} so one station's packets
 *       stay ordered on one partition. Kept 24 h only: they can always be replayed from the
 *       miniSEED archive. 12 partitions divide evenly among 1, 2, 3, 4, 6 or 12 consumers. Segments
 *       roll hourly, otherwise the 24 h retention would only apply once a 1 GiB or 7-day segment
 *       closed.
 *   <li>{@value #DEADLETTER}: rejected input with its reason, kept 7 days so a person can look at
 *       it after a weekend.
 *   <li>{@value #ALERTS}: versioned alert history. Not compacted: every version of an estimate is
 *       part of the record (how the estimate evolved is what EEW is judged on), so delete policy,
 *       30 days. One partition: low volume, and alert consumers see all events in issue order.
 *   <li>{@value #PICKS}: the job's station onsets, for displays and other locators. One partition
 *       (a few records per event), 7 days like the dead letters.
 * </ul>
 *
 * <p>All topics use {@code message.timestamp.type=LogAppendTime}: replay publishes historical data,
 * and if record timestamps were sample times (years old) time-based retention would delete the
 * replayed packets at once. Event time lives in the Avro payload instead. Compression is lz4 (cheap
 * on a 2-core box); producers should also use lz4 so the broker never recompresses.
 */
public final class Topics {
  /** Waveform packets ({@code io.quakegraph.schema.WaveformPacket}), key {@code NET.STA}. */
  public static final String PACKETS = "seis.packets.v1";

  /** Dead letters ({@code io.quakegraph.schema.DeadLetter}), key {@code NET.STA} when known. */
  public static final String DEADLETTER = "seis.deadletter.v1";

  /** Earthquake alerts ({@code io.quakegraph.schema.EarthquakeAlert}), key event id. */
  public static final String ALERTS = "eew.alerts.v1";

  /** Station onsets of the job ({@code io.quakegraph.schema.StationPick}), key {@code NET.STA}. */
  public static final String PICKS = "eew.picks.v1";

  /** Replication factor of the production cluster (deploy/kafka/topics.yaml). */
  public static final int PRODUCTION_REPLICAS = 3;

  private static final long HOUR_MS = 3_600_000L;
  private static final long DAY_MS = 24 * HOUR_MS;

  /** Spec of {@value #PACKETS}. */
  public static final TopicSpec PACKETS_SPEC =
      new TopicSpec(
          PACKETS,
          12,
          common("delete", DAY_MS, HOUR_MS),
          "raw waveform packets keyed NET.STA; 24 h, replayable from the archive");

  /** Spec of {@value #DEADLETTER}. */
  public static final TopicSpec DEADLETTER_SPEC =
      new TopicSpec(
          DEADLETTER,
          3,
          common("delete", 7 * DAY_MS, DAY_MS),
          "rejected input with a reason; 7 days for a person to inspect");

  /** Spec of {@value #ALERTS}. */
  public static final TopicSpec ALERTS_SPEC =
      new TopicSpec(
          ALERTS,
          1,
          common("delete", 30 * DAY_MS, DAY_MS),
          "versioned alert history keyed by event id; not compacted, 30 days");

  /** Spec of {@value #PICKS}. */
  public static final TopicSpec PICKS_SPEC =
      new TopicSpec(
          PICKS,
          1,
          common("delete", 7 * DAY_MS, DAY_MS),
          "station trigger onsets of the job keyed NET.STA; 7 days");

  /** Every topic, in creation order. */
  public static final List<TopicSpec> ALL =
      List.of(PACKETS_SPEC, DEADLETTER_SPEC, ALERTS_SPEC, PICKS_SPEC);

  private Topics() {}

  private static Map<String, String> common(String cleanup, long retentionMs, long segmentMs) {
    return Map.of(
        "cleanup.policy",
        cleanup,
        "retention.ms",
        Long.toString(retentionMs),
        "segment.ms",
        Long.toString(segmentMs),
        "compression.type",
        "lz4",
        "message.timestamp.type",
        "LogAppendTime");
  }

  /**
   * {@code min.insync.replicas} for a replication factor: one replica may be down without stopping
   * {@code acks=all} producers; 1 on a single broker.
   */
  public static int minInsyncReplicas(int replicationFactor) {
    return Math.max(1, replicationFactor - 1);
  }

  /** What {@link #createAll} did to each topic. */
  public enum Outcome {
    /** The topic did not exist and was created. */
    CREATED,
    /** The topic existed; its configs were set to the spec. */
    UPDATED
  }

  /**
   * Creates every topic of {@link #ALL} that does not exist, and sets the spec's configs on those
   * that do, so calling it again (or from two processes at once) is harmless. The replication
   * factor is {@code min(PRODUCTION_REPLICAS, brokers)}.
   *
   * @throws IllegalStateException if an existing topic has fewer partitions than its spec (adding
   *     partitions would move station keys to other partitions, so that is left to a person)
   */
  public static Map<String, Outcome> createAll(Admin admin, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    return create(admin, ALL, timeoutMs);
  }

  /** As {@link #createAll}, for the given specs. */
  public static Map<String, Outcome> create(
      Admin admin, Collection<TopicSpec> specs, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    int brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
    int replicas = Math.max(1, Math.min(PRODUCTION_REPLICAS, brokers));
    Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
    Map<String, Outcome> outcome = new HashMap<>();
    List<TopicSpec> toUpdate = new ArrayList<>();
    for (TopicSpec spec : specs) {
      if (existing.contains(spec.name())) {
        toUpdate.add(spec);
        continue;
      }
      NewTopic topic =
          new NewTopic(spec.name(), spec.partitions(), (short) replicas)
              .configs(withMinIsr(spec.configs(), replicas));
      try {
        admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        outcome.put(spec.name(), Outcome.CREATED);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        toUpdate.add(spec); // created concurrently by another process
      }
    }
    for (TopicSpec spec : toUpdate) {
      checkPartitions(admin, spec, timeoutMs);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
      List<AlterConfigOp> ops = new ArrayList<>();
      spec.configs()
          .forEach(
              (k, v) ->
                  ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
      admin
          .incrementalAlterConfigs(Map.of(resource, ops))
          .all()
          .get(timeoutMs, TimeUnit.MILLISECONDS);
      outcome.put(spec.name(), Outcome.UPDATED);
    }
    return outcome;
  }

  private static Map<String, String> withMinIsr(Map<String, String> configs, int replicas) {
    Map<String, String> all = new HashMap<>(configs);
    all.put("min.insync.replicas", Integer.toString(minInsyncReplicas(replicas)));
    return all;
  }

  private static void checkPartitions(Admin admin, TopicSpec spec, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    TopicDescription d = describe(admin, spec.name(), timeoutMs);
    if (d.partitions().size() < spec.partitions()) {
      throw new IllegalStateException(
          "topic "
              + spec.name()
              + " has "
              + d.partitions().size()
              + " partitions, the spec asks for "
              + spec.partitions()
              + "; increase them by hand if you accept that keys move to other partitions");
    }
  }

  /**
   * Describes a topic, waiting while the broker's metadata has not caught up with a topic that was
   * created a moment ago (it answers "unknown topic" until then).
   */
  private static TopicDescription describe(Admin admin, String topic, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      try {
        return admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(timeoutMs, TimeUnit.MILLISECONDS)
            .get(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
