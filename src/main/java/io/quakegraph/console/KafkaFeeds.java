package io.quakegraph.console;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.StationPick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Kafka readers, each on its own thread: alerts and picks (read_committed, whole
 * history), packets (from now on, heads only), and a broker health check. A record that does not
 * decode is counted and skipped; a broker that does not answer turns the page's banner on.
 */
final class KafkaFeeds implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaFeeds.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Topic names.
   *
   * @param alerts EarthquakeAlert topic
   * @param picks StationPick topic
   * @param packets WaveformPacket topic
   */
  record TopicNames(String alerts, String picks, String packets) {}

  private final String bootstrap;
  private final TopicNames topics;
  private final ConsoleState state;
  private final SseHub hub;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();

  KafkaFeeds(String bootstrap, TopicNames topics, ConsoleState state, SseHub hub) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.state = state;
    this.hub = hub;
  }

  void start() {
    KafkaConsumer<byte[], byte[]> events = new KafkaConsumer<>(config("read_committed", 500));
    KafkaConsumer<byte[], byte[]> packets = new KafkaConsumer<>(config("read_uncommitted", 2000));
    consumers.add(events);
    consumers.add(packets);
    thread("console-events", () -> follow(events, List.of(topics.alerts(), topics.picks()), true));
    thread("console-packets", () -> follow(packets, List.of(topics.packets()), false));
    thread("console-broker", this::watchBroker);
    thread("console-tick", this::tick);
  }

  private void thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private Properties config(String isolation, int maxRecords) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "quakegraph-console");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxRecords));
    // a lost broker must not leave the threads waiting long inside one call
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    return p;
  }

  /**
   * Assigns itself every partition of {@code names} (no group: every console sees everything), from
   * the beginning ({@code history}) or the end, then reads until closed.
   */
  private void follow(KafkaConsumer<byte[], byte[]> c, List<String> names, boolean history) {
    AvroCodec<EarthquakeAlert> alerts = AvroCodec.of(EarthquakeAlert.class);
    AvroCodec<StationPick> picks = AvroCodec.of(StationPick.class);
    PacketPrefix heads = new PacketPrefix();
    try {
      while (!stopped.get() && !assign(c, names, history)) {
        Thread.sleep(1000);
      }
      while (!stopped.get()) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
            if (r.topic().equals(topics.alerts())) {
              alert(alerts, r);
            } else if (r.topic().equals(topics.picks())) {
              pick(picks, r);
            } else {
              packet(heads, r);
            }
          }
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          // a console that stops reading would freeze the page without a word: say it, go on
          LOG.error("console: reading {} failed, retrying: {}", names, e.toString(), e);
          Thread.sleep(1000);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    }
  }

  private boolean assign(KafkaConsumer<byte[], byte[]> c, List<String> names, boolean history) {
    List<TopicPartition> parts = new ArrayList<>();
    try {
      for (String t : names) {
        List<PartitionInfo> info = c.partitionsFor(t, Duration.ofSeconds(5));
        if (info == null || info.isEmpty()) {
          LOG.info("console: topic {} not there yet; retrying", t);
          return false;
        }
        info.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return false;
    }
    c.assign(parts);
    if (history) {
      c.seekToBeginning(parts);
    } else {
      c.seekToEnd(parts);
    }
    return true;
  }

  private void alert(AvroCodec<EarthquakeAlert> codec, ConsumerRecord<byte[], byte[]> r) {
    EarthquakeAlert a;
    try {
      a = codec.decode(r.value());
    } catch (AvroCodec.AvroDecodeException e) {
      state.malformedAlerts.incrementAndGet();
      LOG.warn(
          "console: skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    var json = state.onAlert(a, r.timestamp());
    if (json != null) {
      hub.broadcast("alert", json);
    }
  }

  private void pick(AvroCodec<StationPick> codec, ConsumerRecord<byte[], byte[]> r) {
    StationPick p;
    try {
      p = codec.decode(r.value());
    } catch (AvroCodec.AvroDecodeException e) {
      state.malformedPicks.incrementAndGet();
      LOG.warn(
          "console: skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    var json = state.onPick(p);
    if (json != null) {
      hub.broadcast("pick", json);
    }
  }

  private void packet(PacketPrefix heads, ConsumerRecord<byte[], byte[]> r) {
    try {
      PacketPrefix.Head h = heads.read(r.value());
      state.onPacket(h.stationId(), h.endMicros(), System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      // the job dead-letters bad packets with the reason; the console only counts them
      state.malformedPackets.incrementAndGet();
    }
  }

  private void watchBroker() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "quakegraph-console-health");
    try (Admin admin = Admin.create(p)) {
      while (!stopped.get()) {
        boolean ok;
        try {
          ok = !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
          ok = false;
        }
        boolean was = state.brokerOk();
        state.brokerStatus(ok, System.currentTimeMillis());
        if (was != ok) {
          LOG.warn("console: Kafka broker {} {}", bootstrap, ok ? "answers again" : "lost");
          hub.broadcast("status", state.tick(System.currentTimeMillis()));
        }
        sleep(1000);
      }
    }
  }

  private void tick() {
    while (!stopped.get()) {
      hub.broadcast("tick", state.tick(System.currentTimeMillis()));
      sleep(1000);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped.set(true);
    consumers.forEach(KafkaConsumer::wakeup);
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (KafkaConsumer<byte[], byte[]> c : consumers) {
      try {
        c.close(Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
  }
}
