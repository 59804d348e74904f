package io.quakegraph.stream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.demo.LocalPipeline;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.stream.alerts.AlertBook;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real parts and a random-weight model (plumbing, not accuracy): a small
 * synthetic scenario replayed as 1-s packets into the in-process broker, undecodable values and a
 * corrupt miniSEED packet mixed in, the job in a MiniCluster, the alerts read back read_committed.
 */
class PlumbingE2eTest {
  @TempDir static Path dir;

  @Test
  void versionedAlertsEndFinalAndBadInputIsDeadLetteredWhileTheJobRuns() throws Exception {
    try (LocalPipeline pipeline =
        E2eFixtures.pipeline(
            dir, 12, 150, "plumb", b -> b.minTriggeredStations(4).maxEventSeconds(20))) {
      check(pipeline, dir.resolve("scenario"), pipeline.inventory());
    }
  }

  private static void check(LocalPipeline pipeline, Path scenario, Inventory inv) throws Exception {
    EmbeddedKafka kafka = pipeline.kafka();
    String packets = pipeline.config().packetsTopic();
    String dead = pipeline.config().deadLetterTopic();
    String alerts = pipeline.config().alertsTopic();
    // bad input first, so the job meets it before any alert: two values that are not packets and
    // one packet whose miniSEED bytes are garbage
    try (KafkaProducer<byte[], byte[]> raw = E2eFixtures.rawProducer(kafka)) {
      byte[] key = "CI.XXX".getBytes(StandardCharsets.UTF_8);
      raw.send(new ProducerRecord<>(packets, key, "garbage".getBytes(StandardCharsets.UTF_8)));
      raw.send(new ProducerRecord<>(packets, key, new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}));
      String sta = inv.stations().get(0).station();
      WaveformPacket corrupt =
          WaveformPacket.newBuilder()
              .setSourceId("FDSN:CI_" + sta + "__H_H_Z")
              .setNetwork("CI")
              .setStation(sta)
              .setLocation("")
              .setChannel("HHZ")
              .setStartTime(Instant.parse("2019-07-06T03:00:30Z"))
              .setSampleRate(100)
              .setSampleCount(100)
              .setEncoding(11)
              .setRecord(ByteBuffer.wrap(new byte[512]))
              .setReceiveTime(Instant.now())
              .setOrigin("test:corrupt")
              .build();
      raw.send(
          new ProducerRecord<>(
              packets,
              ("CI." + sta).getBytes(StandardCharsets.UTF_8),
              AvroCodec.of(WaveformPacket.class).encode(corrupt)));
      raw.flush();
    }
    ReplayResult r = pipeline.replay(E2eFixtures.replayOptions(scenario, null));
    assertTrue(r.packets() > 1000, "replayed " + r.packets());

    JobClient job = pipeline.startJob();
    var records =
        E2eFixtures.readUntil(kafka, alerts, E2eFixtures::hasFinal, Duration.ofSeconds(45));
    List<EarthquakeAlert> got = E2eFixtures.alerts(records);
    assertFalse(got.isEmpty(), "no alert");
    AlertBook book = new AlertBook();
    got.forEach(book::add);
    assertEquals(List.of(), book.problems(), "versions 1, 2, ... without gaps or repeats");
    EarthquakeAlert fin = book.finals().get(0);
    List<EarthquakeAlert> versions = book.versions(fin.getEventId());
    assertTrue(versions.size() >= 2, "an evolving estimate: " + versions.size() + " versions");
    assertEquals(versions.size(), fin.getVersion());
    assertTrue(
        versions.stream().limit(versions.size() - 1).noneMatch(EarthquakeAlert::getFinalEstimate));
    for (EarthquakeAlert a : got) {
      assertTrue(a.getStationsUsed() >= 4 && a.getStationsUsed() <= inv.size(), a.toString());
      assertTrue(Double.isFinite(a.getLatitude()) && Double.isFinite(a.getMagnitude()));
      assertTrue(a.getLatitudeUncertaintyKm() > 0 && a.getMagnitudeUncertainty() > 0);
    }

    var deadRecords =
        E2eFixtures.readUntil(
            kafka,
            dead,
            rs ->
                reasons(E2eFixtures.deadLetters(rs))
                    .containsAll(
                        Set.of(
                            DeadLetterReason.UNDECODABLE_VALUE, DeadLetterReason.CORRUPT_RECORD)),
            Duration.ofSeconds(15));
    List<DeadLetter> letters = E2eFixtures.deadLetters(deadRecords);
    Set<DeadLetterReason> reasons = reasons(letters);
    assertTrue(reasons.contains(DeadLetterReason.UNDECODABLE_VALUE), letters.toString());
    assertTrue(reasons.contains(DeadLetterReason.CORRUPT_RECORD), letters.toString());
    assertTrue(letters.stream().allMatch(d -> !d.getDetail().isBlank()), "every one says why");
    assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job kept running");
  }

  private static Set<DeadLetterReason> reasons(List<DeadLetter> letters) {
    return letters.stream().map(DeadLetter::getReason).collect(Collectors.toSet());
  }
}
