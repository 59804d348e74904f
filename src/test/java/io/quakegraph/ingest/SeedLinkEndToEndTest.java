package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.ingest.seedlink.SeedLinkServer;
import io.quakegraph.ingest.seedlink.SeedLinkServerOptions;
import io.quakegraph.ingest.seedlink.ServedArchive;
import io.quakegraph.ingest.seedlink.SmallArchive;
import io.quakegraph.ingest.seedlink.StationPackets;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done means": our SeedLink server → ingest bridge → a real (in-process) Kafka broker
 * → a consumer that re-assembles the traces and finds them sample-identical to the archive's files,
 * across a forced disconnect (the server drops every connection mid-stream) and a bridge restart
 * (stop, then a new bridge on the same state folder): no record missing, none duplicated.
 */
class SeedLinkEndToEndTest {
  static EmbeddedKafka kafka;

  @BeforeAll
  static void broker() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void archiveArrivesInKafkaSampleIdenticalAcrossDisconnectAndRestart(@TempDir Path tmp)
      throws Exception {
    Path archiveDir = SmallArchive.write(tmp.resolve("archive"), 5, 5);
    List<Trace> source = SmallArchive.traces(archiveDir);
    // 1-second records, as low-latency telemetry sends them: ~9000 packets.
    ServedArchive archive = ServedArchive.load(archiveDir, 1.0);
    long expected = archive.packetCount();
    assertTrue(expected > 5000, "packets: " + expected);
    Map<String, Integer> perStation = new TreeMap<>();
    for (StationPackets st : archive.stations()) {
      perStation.put(st.stationId(), st.size());
    }

    // 5 minutes of data at 30x: about 10 s of streaming, so the disconnect and the restart
    // happen while data flows.
    try (SeedLinkServer server =
        SeedLinkServer.start(
            archive, SeedLinkServerOptions.defaults().toBuilder().speed(30).build())) {
      Path state = tmp.resolve("state");
      SeedLinkBridgeOptions options =
          SeedLinkBridgeOptions.of(
                  "127.0.0.1",
                  server.port(),
                  StationSpec.parseList("CI_*:HH?,HN?"),
                  kafka.bootstrapServers(),
                  state)
              .toBuilder()
              .beginMicros(archive.originMicros())
              .backoffInitial(Duration.ofMillis(100))
              .backoffMax(Duration.ofSeconds(1))
              .seed(42)
              .checkpointInterval(Duration.ofMillis(200))
              .build();

      IngestMetrics first = new IngestMetrics();
      SeedLinkBridge bridge = SeedLinkBridge.start(options, first);
      await(() -> first.acceptedCount() >= 2000, 30, "first 2000 packets");
      assertEquals(1, server.dropConnections(), "one bridge connection to drop");
      await(() -> first.count("reconnect") >= 1 && bridge.isConnected(), 10, "reconnect");
      await(() -> first.acceptedCount() >= 5000, 30, "5000 packets");
      bridge.close();
      assertTrue(Files.exists(bridge.stateFile()));
      assertEquals(5, bridge.savedSequences().size(), bridge.savedSequences().toString());
      long firstCount = first.acceptedCount();
      assertTrue(firstCount < expected, "the first bridge must stop mid-stream: " + firstCount);

      IngestMetrics second = new IngestMetrics();
      try (SeedLinkBridge again = SeedLinkBridge.start(options, second)) {
        await(
            () -> firstCount + second.acceptedCount() >= expected,
            40,
            "all " + expected + " packets");
        Thread.sleep(500); // anything extra (a duplicate) would arrive now
      }
      assertEquals(expected, firstCount + second.acceptedCount(), second.toString());
      assertEquals(0, first.rejectedCount() + second.rejectedCount(), first + " / " + second);
      assertTrue(server.connectionsAccepted() >= 3, "connections: " + server.connectionsAccepted());
    }

    List<WaveformPacket> got = consumeAll(expected);
    assertEquals(expected, got.size());
    Map<String, List<Long>> sequences = new TreeMap<>();
    List<MiniSeedRecord> records = new ArrayList<>();
    for (WaveformPacket p : got) {
      sequences
          .computeIfAbsent(p.getNetwork() + "." + p.getStation(), k -> new ArrayList<>())
          .add(p.getSequence());
      ByteBuffer b = p.getRecord();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      records.add(MiniSeed.parse(bytes));
    }
    // per station: sequences 1..N exactly once
    assertEquals(perStation.keySet(), sequences.keySet());
    for (var e : sequences.entrySet()) {
      List<Long> seqs = e.getValue();
      assertEquals(new TreeSet<>(seqs).size(), seqs.size(), "duplicates at " + e.getKey());
      int n = perStation.get(e.getKey());
      assertEquals(n, seqs.size(), "packets of " + e.getKey());
      assertEquals(1L, new TreeSet<>(seqs).first());
      assertEquals((long) n, new TreeSet<>(seqs).last());
    }
    // the traces, sample for sample
    Traces.AssembleResult assembled = Traces.assembleWithCounts(records);
    assertEquals(0, assembled.duplicates());
    assertEquals(0, assembled.overlaps());
    List<Trace> traces = assembled.traces();
    assertEquals(source.size(), traces.size(), "traces");
    for (int i = 0; i < source.size(); i++) {
      Trace want = source.get(i);
      Trace have = traces.get(i);
      assertEquals(want.id(), have.id());
      assertEquals(want.startMicros(), have.startMicros(), want.id().toString());
      assertEquals(want.sampleRate(), have.sampleRate(), want.id().toString());
      assertArrayEquals(want.samples(), have.samples(), want.id().toString());
    }
    // keyed by station: every record of a station on the partition of its key
    assertTrue(
        got.stream().collect(Collectors.groupingBy(WaveformPacket::getOrigin)).size() == 1,
        "one origin");
  }

  private static List<WaveformPacket> consumeAll(long expected) {
    Properties cp = kafka.clientProperties();
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    AvroCodec<WaveformPacket> codec = AvroCodec.of(WaveformPacket.class);
    List<WaveformPacket> out = new ArrayList<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(Topics.PACKETS)
          .forEach(pi -> parts.add(new TopicPartition(Topics.PACKETS, pi.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          String key = new String(r.key(), StandardCharsets.UTF_8);
          Integer before = partitionOfKey.putIfAbsent(key, r.partition());
          assertTrue(
              before == null || before == r.partition(), "key " + key + " on two partitions");
          WaveformPacket p = codec.decode(r.value());
          assertEquals(key, p.getNetwork() + "." + p.getStation());
          out.add(p);
        }
        if (out.size() >= expected) {
          // one more poll: a duplicate would show up as an extra record
          c.poll(Duration.ofMillis(300)).forEach(r -> out.add(codec.decode(r.value())));
          break;
        }
      }
    }
    return out;
  }

  static void await(BooleanSupplier condition, int seconds, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
