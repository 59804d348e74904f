package io.quakegraph.ingest.replay;

import io.quakegraph.SharedData;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.TopicSpec;
import io.quakegraph.ingest.Topics;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Shared pieces of the replay tests: a small synthetic archive, topics, a consumer. */
final class ReplayFixtures {
  static final long START = Times.parse("2019-07-06T03:00:00Z");

  private ReplayFixtures() {}

  /** 3 stations x 6 channels, 2 minutes of noise, SCEDC layout, no imperfections. */
  static Path scenario(Path dir) throws IOException {
    ScenarioRequest r =
        new ScenarioRequest(
            SharedData.path("stations/scedc_channel_epochs.txt"),
            "CI",
            START,
            120_000_000L,
            0,
            11,
            "scedc",
            ScenarioOptions.defaults(),
            ImperfectionLevel.NONE,
            3,
            List.of("test"),
            "quakegraph test");
    new ScenarioWriter(new PrintStream(new ByteArrayOutputStream()), 2, 60).write(r, dir);
    return dir;
  }

  /** Every miniSEED file below {@code root} (by extension .ms / .mseed), sorted. */
  static List<Path> miniSeedFiles(Path root) throws IOException {
    try (Stream<Path> w = Files.walk(root)) {
      return w.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".ms") || p.toString().endsWith(".mseed"))
          .sorted()
          .toList();
    }
  }

  /** All records of the files. */
  static List<MiniSeedRecord> records(List<Path> files) throws IOException {
    List<MiniSeedRecord> out = new ArrayList<>();
    for (Path f : files) {
      out.addAll(MiniSeed.read(f).records());
    }
    return out;
  }

  /** Topics with a test-specific prefix, so tests sharing one broker do not see each other. */
  record TestTopics(String packets, String deadLetters) {}

  static TestTopics topics(EmbeddedKafka kafka, String prefix) throws Exception {
    TestTopics t = new TestTopics(prefix + ".packets", prefix + ".deadletter");
    try (Admin admin = kafka.admin()) {
      Topics.create(
          admin,
          List.of(
              new TopicSpec(t.packets(), 4, Topics.PACKETS_SPEC.configs(), "test"),
              new TopicSpec(t.deadLetters(), 1, Topics.DEADLETTER_SPEC.configs(), "test")),
          30_000);
    }
    return t;
  }

  static PacketPublisher publisher(EmbeddedKafka kafka, TestTopics t) {
    return new PacketPublisher(
        new KafkaProducer<>(PacketPublisher.config(kafka.bootstrapServers(), new Properties())),
        t.packets(),
        t.deadLetters());
  }

  /** Every record of a topic, partition by partition, in offset order. */
  static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> consumeAll(
      EmbeddedKafka kafka, String topic) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo pi : c.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, pi.partition()));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out consuming " + topic);
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    return out;
  }

  static List<WaveformPacket> packets(EmbeddedKafka kafka, TestTopics t) {
    AvroCodec<WaveformPacket> codec = AvroCodec.of(WaveformPacket.class);
    List<WaveformPacket> out = new ArrayList<>();
    consumeAll(kafka, t.packets())
        .values()
        .forEach(l -> l.forEach(r -> out.add(codec.decode(r.value()))));
    return out;
  }

  static List<DeadLetter> deadLetters(EmbeddedKafka kafka, TestTopics t) {
    AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
    List<DeadLetter> out = new ArrayList<>();
    consumeAll(kafka, t.deadLetters())
        .values()
        .forEach(l -> l.forEach(r -> out.add(codec.decode(r.value()))));
    return out;
  }

  static byte[] bytes(java.nio.ByteBuffer b) {
    java.nio.ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
