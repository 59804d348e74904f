package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.schema.WaveformPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process KRaft broker, the topics it gets, and a WaveformPacket through it. */
class EmbeddedKafkaTest {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    assertEquals(
        Map.of(
            Topics.PACKETS, Topics.Outcome.CREATED,
            Topics.DEADLETTER, Topics.Outcome.CREATED,
            Topics.ALERTS, Topics.Outcome.CREATED,
            Topics.PICKS, Topics.Outcome.CREATED),
        kafka.createTopics());
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void topicsHaveTheSpecifiedPartitionsAndConfigs() throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(Topics.ALL.stream().map(TopicSpec::name).toList())
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      for (TopicSpec spec : Topics.ALL) {
        TopicDescription d = topics.get(spec.name());
        assertEquals(spec.partitions(), d.partitions().size(), spec.name());
        assertEquals(1, d.partitions().get(0).replicas().size(), "one broker, one replica");

        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Config config =
            admin.describeConfigs(List.of(res)).all().get(30, TimeUnit.SECONDS).get(res);
        for (var e : spec.configs().entrySet()) {
          assertEquals(
              e.getValue(), config.get(e.getKey()).value(), spec.name() + " " + e.getKey());
        }
        assertEquals("1", config.get("min.insync.replicas").value(), spec.name());
      }
    }
  }

  @Test
  void creatingTopicsAgainIsHarmless() throws Exception {
    Map<String, Topics.Outcome> again = kafka.createTopics();
    assertEquals(4, again.size());
    assertTrue(
        again.values().stream().allMatch(o -> o == Topics.Outcome.UPDATED), again.toString());
  }

  @Test
  void aWaveformPacketRoundTripsThroughTheBroker() throws Exception {
    AvroCodec<WaveformPacket> codec = AvroCodec.of(WaveformPacket.class);
    List<WaveformPacket> sent = List.of(SampleRecords.packet(1), SampleRecords.packet(2));
    List<RecordMetadata> acks = new ArrayList<>();
    Properties pp = kafka.clientProperties();
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (var producer =
        new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
      for (WaveformPacket p : sent) {
        String key = p.getNetwork() + "." + p.getStation();
        acks.add(producer.send(new ProducerRecord<>(Topics.PACKETS, key, codec.encode(p))).get());
      }
    }
    assertEquals(acks.get(0).partition(), acks.get(1).partition(), "one station, one partition");

    Properties cp = kafka.clientProperties();
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(Topics.PACKETS, acks.get(0).partition());
      consumer.assign(List.of(tp));
      consumer.seek(tp, acks.get(0).offset());
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (got.size() < sent.size() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    assertEquals(sent.size(), got.size());
    for (int i = 0; i < sent.size(); i++) {
      assertEquals("CI.PAS", got.get(i).key());
      assertEquals(sent.get(i), codec.decode(got.get(i).value()), "packet " + i);
    }
    // LogAppendTime: the broker stamped the record, not the 2019 sample time.
    assertTrue(got.get(0).timestamp() > SampleRecords.T0.toEpochMilli() + 86_400_000L);
  }
}
