package io.quakegraph.stream.alerts;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.schema.EarthquakeAlert;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the alert topic as a {@code read_committed} consumer and hands every decoded {@link
 * EarthquakeAlert} to a listener once per version, until the topic has been quiet for the idle
 * period or {@link #stop()} is called.
 *
 * <p>Once per version: the job sends each version at once (at least once), so a restart of the job
 * may send versions again; the follower drops a version of an event it has already handed over
 * ({@link VersionFilter}) and tells the listener about the repeat instead.
 *
 * <p>Why {@code read_committed}: with the job's exactly-once delivery, alerts are written in Kafka
 * transactions that commit at each checkpoint, and a {@code read_uncommitted} reader would also see
 * versions from a transaction that a failed job attempt aborts; with the default at-least-once
 * delivery there are no transactions and read_committed sees every record at once. The follower
 * assigns itself every partition instead of joining a consumer group: it only reads, commits
 * nothing, and two people following the same topic must both see every alert.
 *
 * <p>A value that does not decode is not fatal: the listener is told (topic, partition, offset,
 * reason) and following goes on.
 */
public final class AlertFollower implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final Options options;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroCodec<EarthquakeAlert> codec = AvroCodec.of(EarthquakeAlert.class);
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final VersionFilter versions = new VersionFilter();

  /**
   * How to follow.
   *
   * @param bootstrap Kafka bootstrap servers
   * @param topic the alert topic
   * @param fromBeginning read the topic's whole history (else only alerts written from now on)
   * @param untilIdle stop after this long without a record (null: follow until {@link #stop()})
   */
  public record Options(String bootstrap, String topic, boolean fromBeginning, Duration untilIdle) {
    public Options {
      Objects.requireNonNull(bootstrap, "bootstrap");
      Objects.requireNonNull(topic, "topic");
      if (untilIdle != null && (untilIdle.isNegative() || untilIdle.isZero())) {
        throw new IllegalArgumentException("idle period must be positive: " + untilIdle);
      }
    }
  }

  /** What the follower reports. */
  public interface Listener {
    /** A decoded alert, in topic order. */
    void alert(EarthquakeAlert alert, ConsumerRecord<byte[], byte[]> record);

    /** A record whose value is not an EarthquakeAlert. */
    default void undecodable(ConsumerRecord<byte[], byte[]> record, String reason) {}

    /**
     * A version already handed over, dropped; {@code verdict} says whether it repeats the first one
     * exactly ({@link VersionFilter.Verdict#REPEAT}) or differs ({@link
     * VersionFilter.Verdict#CHANGED_REPEAT}).
     */
    default void repeated(
        EarthquakeAlert alert,
        ConsumerRecord<byte[], byte[]> record,
        VersionFilter.Verdict verdict) {}
  }

  /**
   * Counts of one follow.
   *
   * @param alerts decoded alerts handed over (each version once)
   * @param undecodable records that did not decode
   * @param idleStop true when following stopped because the topic was quiet for the idle period
   * @param repeats versions dropped because they had been handed over already
   */
  public record Result(long alerts, long undecodable, boolean idleStop, long repeats) {}

  public AlertFollower(Options options) {
    this.options = options;
    this.consumer = new KafkaConsumer<>(config(options.bootstrap()));
  }

  /** The consumer settings: read_committed, no group, no auto-commit. */
  static Properties config(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "quakegraph-alerts");
    return p;
  }

  /**
   * Follows until idle or stopped. The idle clock starts at once, so a topic that never gets an
   * alert also ends the follow after the idle period (and so does a topic that does not exist).
   */
  public Result follow(Listener listener) {
    long alerts = 0;
    long bad = 0;
    long idleNanos = options.untilIdle() == null ? Long.MAX_VALUE : options.untilIdle().toNanos();
    long lastActivity = System.nanoTime();
    boolean assigned = false;
    try {
      while (!stopped.get()) {
        if (!assigned) {
          assigned = assign();
          if (!assigned) {
            if (System.nanoTime() - lastActivity >= idleNanos) {
              return new Result(alerts, bad, true, versions.repeats());
            }
            sleep(POLL.toMillis());
            continue;
          }
        }
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        if (batch.isEmpty()) {
          if (System.nanoTime() - lastActivity >= idleNanos) {
            return new Result(alerts, bad, true, versions.repeats());
          }
          continue;
        }
        lastActivity = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          EarthquakeAlert a;
          try {
            a = codec.decode(r.value());
          } catch (AvroCodec.AvroDecodeException e) {
            bad++;
            listener.undecodable(r, e.getMessage());
            continue;
          }
          VersionFilter.Verdict v = versions.offer(a);
          if (v != VersionFilter.Verdict.NEW) {
            listener.repeated(a, r, v);
            continue;
          }
          alerts++;
          listener.alert(a, r);
        }
      }
    } catch (WakeupException e) {
      // stop() from another thread
    }
    return new Result(alerts, bad, false, versions.repeats());
  }

  private boolean assign() {
    List<PartitionInfo> parts;
    try {
      parts = consumer.partitionsFor(options.topic(), Duration.ofSeconds(5));
    } catch (org.apache.kafka.common.errors.TimeoutException
        | org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
      return false; // the topic does not exist yet: the job creates it (or the broker is slow)
    }
    if (parts == null || parts.isEmpty()) {
      return false;
    }
    List<TopicPartition> tps =
        parts.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(tps);
    if (options.fromBeginning()) {
      consumer.seekToBeginning(tps);
    } else {
      consumer.seekToEnd(tps);
      // resolve the end offsets now, so alerts written after this call are not skipped by a
      // lazy seek that would otherwise happen at the first poll
      tps.forEach(consumer::position);
    }
    return true;
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped.set(true);
    }
  }

  /** Ends {@link #follow} from another thread (e.g. a shutdown hook). */
  public void stop() {
    stopped.set(true);
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
