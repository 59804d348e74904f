package io.quakegraph.bench;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.schema.EarthquakeAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the alert topic with two consumers at once, to time each alert version twice:
 *
 * <ul>
 *   <li>{@code read_uncommitted}: sees a version as soon as the job's transactional sink has
 *       appended it; its record timestamp is the broker's append time (the topic uses {@code
 *       LogAppendTime}), the moment the alert left the job;
 *   <li>{@code read_committed}: sees it only once the sink's transaction commits, which happens at
 *       the next completed checkpoint; its receipt time (this JVM's clock, the broker's too) is
 *       when an ordinary alert consumer could act on it.
 * </ul>
 *
 * Both poll with a short fetch wait so the receipt times are within a few tens of milliseconds.
 */
public final class AlertWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertWatch.class);

  /**
   * One alert version and its times.
   *
   * @param alert the alert as decoded
   * @param writtenMillis broker append time of the record (read_uncommitted), epoch ms
   * @param committedSeenMillis when the read_committed consumer received it, epoch ms ({@link
   *     Long#MIN_VALUE} if it never did)
   */
  public record Sighting(EarthquakeAlert alert, long writtenMillis, long committedSeenMillis) {
    /** The step of the estimate (its data time), µs. */
    public long stepMicros() {
      return io.quakegraph.seismic.Times.micros(alert.getDataTime());
    }
  }

  private final Map<String, EarthquakeAlert> alerts = new ConcurrentHashMap<>();
  private final Map<String, Long> written = new ConcurrentHashMap<>();
  private final Map<String, Long> committed = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final AvroCodec<EarthquakeAlert> codec = AvroCodec.of(EarthquakeAlert.class);

  /** Starts both consumers on {@code topic}, from its beginning. */
  public AlertWatch(String bootstrap, String topic) {
    for (String isolation : List.of("read_uncommitted", "read_committed")) {
      Thread t = new Thread(() -> follow(bootstrap, topic, isolation), "alert-watch-" + isolation);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  private void follow(String bootstrap, String topic, String isolation) {
    boolean uncommitted = isolation.equals("read_uncommitted");
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps = List.of();
      long deadline = System.nanoTime() + 60_000_000_000L;
      // a fresh broker may not have the topic's metadata yet: ask until it has
      while (tps.isEmpty() && !stop.get()) {
        tps =
            c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        if (tps.isEmpty()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("topic " + topic + " has no partitions after 60 s");
          }
          Thread.sleep(200);
        }
      }
      if (tps.isEmpty()) {
        return;
      }
      c.assign(tps);
      c.seekToBeginning(tps);
      while (!stop.get()) {
        var batch = c.poll(Duration.ofMillis(20));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          EarthquakeAlert a;
          try {
            a = codec.decode(r.value());
          } catch (AvroCodec.AvroDecodeException e) {
            LOG.warn(
                "{}-{}@{}: not an alert, skipped: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                e.getMessage());
            continue;
          }
          String key = a.getEventId() + "#" + a.getVersion();
          if (uncommitted) {
            alerts.putIfAbsent(key, a);
            written.putIfAbsent(key, r.timestamp());
          } else {
            alerts.putIfAbsent(key, a);
            committed.putIfAbsent(key, now);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!stop.get()) {
        LOG.warn("alert watch ({}) stopped: {}", isolation, e.toString());
      }
    }
  }

  /** Alert versions seen so far by either consumer. */
  public int size() {
    return alerts.size();
  }

  /** Versions seen by the read_committed consumer so far. */
  public int committedCount() {
    return committed.size();
  }

  /** Every version seen, by step then event id and version. */
  public List<Sighting> sightings() {
    List<Sighting> out = new ArrayList<>();
    alerts.forEach(
        (key, a) ->
            out.add(
                new Sighting(
                    a,
                    written.getOrDefault(key, Long.MIN_VALUE),
                    committed.getOrDefault(key, Long.MIN_VALUE))));
    out.sort(
        Comparator.comparingLong(Sighting::stepMicros)
            .thenComparing(s -> s.alert().getEventId().toString())
            .thenComparingInt(s -> s.alert().getVersion()));
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    for (Thread t : threads) {
      t.join(5000);
    }
  }
}
