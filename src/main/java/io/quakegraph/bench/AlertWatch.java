package io.quakegraph.bench;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.stream.alerts.AlertConsumer;
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
 * Watches the alert topic twice, to time each alert version twice:
 *
 * <ul>
 *   <li>a raw {@code read_uncommitted} consumer: its record timestamp is the broker's append time
 *       (the topic uses {@code LogAppendTime}), the moment the alert left the job;
 *   <li>the project's own {@link AlertConsumer}, as downstream code runs it (read_committed, each
 *       version once after de-duplication): its receipt time (this JVM's clock, the broker's too)
 *       is when a user's code could act on the alert. With the job's default at-least-once delivery
 *       that is the append time plus the fetch; with {@code --delivery exactly-once} it waits for
 *       the transaction's commit at the next checkpoint.
 * </ul>
 *
 * The raw consumer polls with a short fetch wait so the append times are read within a few tens of
 * milliseconds; the receipt is stamped in the consumer's callback.
 */
public final class AlertWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertWatch.class);

  /**
   * One alert version and its times.
   *
   * @param alert the alert as decoded
   * @param writtenMillis broker append time of the record (read_uncommitted), epoch ms
   * @param receivedMillis when the shipped {@link AlertConsumer} handed it over, epoch ms ({@link
   *     Long#MIN_VALUE} if it never did)
   */
  public record Sighting(EarthquakeAlert alert, long writtenMillis, long receivedMillis) {
    /** The step of the estimate (its data time), µs. */
    public long stepMicros() {
      return io.quakegraph.seismic.Times.micros(alert.getDataTime());
    }
  }

  private final Map<String, EarthquakeAlert> alerts = new ConcurrentHashMap<>();
  private final Map<String, Long> written = new ConcurrentHashMap<>();
  private final Map<String, Long> received = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final AvroCodec<EarthquakeAlert> codec = AvroCodec.of(EarthquakeAlert.class);
  private final AlertConsumer consumer;

  /** Starts both consumers on {@code topic}, from its beginning. */
  public AlertWatch(String bootstrap, String topic) {
    Thread raw = new Thread(() -> follow(bootstrap, topic), "alert-watch-written");
    consumer = new AlertConsumer(bootstrap, topic, true);
    Thread shipped =
        new Thread(
            () -> {
              try {
                consumer.run(
                    a -> {
                      long now = System.currentTimeMillis();
                      String key = a.getEventId() + "#" + a.getVersion();
                      alerts.putIfAbsent(key, a);
                      received.putIfAbsent(key, now);
                    });
              } catch (RuntimeException e) {
                if (!stop.get()) {
                  LOG.warn("alert watch (AlertConsumer) stopped: {}", e.toString());
                }
              }
            },
            "alert-watch-received");
    for (Thread t : List.of(raw, shipped)) {
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  private void follow(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
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
          alerts.putIfAbsent(key, a);
          written.putIfAbsent(key, r.timestamp());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!stop.get()) {
        LOG.warn("alert watch (append times) stopped: {}", e.toString());
      }
    }
  }

  /** Alert versions seen so far by either consumer. */
  public int size() {
    return alerts.size();
  }

  /** Versions the shipped consumer has handed over so far. */
  public int receivedCount() {
    return received.size();
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
                    received.getOrDefault(key, Long.MIN_VALUE))));
    out.sort(
        Comparator.comparingLong(Sighting::stepMicros)
            .thenComparing(s -> s.alert().getEventId().toString())
            .thenComparingInt(s -> s.alert().getVersion()));
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    consumer.stop();
    for (Thread t : threads) {
      t.join(5000);
    }
    consumer.close();
  }
}
