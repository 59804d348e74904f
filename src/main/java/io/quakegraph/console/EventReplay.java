package io.quakegraph.console;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.schema.EarthquakeAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every version of one event back from the alert topic (read_committed, from the beginning to
 * the end offsets of the moment), for the page's replay: the record is the topic, not the console's
 * memory.
 */
final class EventReplay {
  /**
   * One version as read.
   *
   * @param alert the version
   * @param writtenMs the record's (log append) time
   */
  record Version(EarthquakeAlert alert, long writtenMs) {}

  /**
   * Versions found.
   *
   * @param versions by version number, each once
   * @param malformed records of the topic that did not decode (skipped)
   */
  record Result(List<Version> versions, long malformed) {}

  private EventReplay() {}

  static Result read(String bootstrap, String topic, String eventId, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "quakegraph-console-replay");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    AvroCodec<EarthquakeAlert> codec = AvroCodec.of(EarthquakeAlert.class);
    TreeMap<Integer, Version> found = new TreeMap<>();
    long malformed = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo i : c.partitionsFor(topic, timeout)) {
        parts.add(new TopicPartition(i.topic(), i.partition()));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      while (System.nanoTime() < deadline && !reached(c, end)) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          EarthquakeAlert a;
          try {
            a = codec.decode(r.value());
          } catch (AvroCodec.AvroDecodeException e) {
            malformed++;
            continue;
          }
          if (a.getEventId().equals(eventId)) {
            found.putIfAbsent(a.getVersion(), new Version(a, r.timestamp()));
          }
        }
      }
    }
    return new Result(List.copyOf(found.values()), malformed);
  }

  private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
