package io.quakegraph.stream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.demo.LocalPipeline;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.Times;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.alerts.AlertBook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 30 % of the stations silent: they are in the inventory (and the model's frame) but never send a
 * packet. The job must still alert the event from the others, and the silence must not stall event
 * time: the silent set holds every station of one partition of the packet topic, so one source
 * split never sees a record, and only the source's idleness lets the watermark, and with it every
 * step, move on.
 */
class SilentStationsE2eTest {
  private static final Logger LOG = LoggerFactory.getLogger(SilentStationsE2eTest.class);

  static final int STATIONS = 40;
  static final double SILENT_SHARE = 0.3;
  static final long SILENT_SEED = 7;
  static final double MAX_EVENT_SECONDS = 20;

  @TempDir static Path dir;

  @Test
  void alertsAreIssuedWhileAThirdOfTheStationsSaysNothing() throws Exception {
    try (LocalPipeline pipeline =
        E2eFixtures.pipeline(
            dir,
            STATIONS,
            150,
            "silent",
            b -> b.minTriggeredStations(4).maxEventSeconds(MAX_EVENT_SECONDS))) {
      Path scenario = dir.resolve("scenario");
      Inventory inv = pipeline.inventory();
      Earthquake truth = E2eFixtures.truth(scenario).get(0);
      EmbeddedKafka kafka = pipeline.kafka();
      JobConfig cfg = pipeline.config();
      int partitions = partitions(kafka, cfg.packetsTopic());
      List<String> silent = E2eFixtures.silentStations(inv, SILENT_SHARE, SILENT_SEED, partitions);
      List<String> live =
          inv.stations().stream()
              .map(s -> s.network() + "." + s.station())
              .filter(id -> !silent.contains(id))
              .toList();
      assertEquals((int) Math.floor(SILENT_SHARE * inv.size()), silent.size());
      LOG.info("silent stations ({} of {}): {}", silent.size(), inv.size(), silent);

      ReplayResult r = pipeline.replay(E2eFixtures.replayOptions(scenario, live));
      assertTrue(r.packets() > live.size() * 100L, "replayed " + r.packets());
      List<Integer> empty = emptyPartitions(kafka, cfg.packetsTopic(), partitions);
      assertFalse(empty.isEmpty(), "no packet partition is silent: idleness would not be tested");

      pipeline.startJob();
      // the first final version, then the rest of the replay (an event after a false one)
      E2eFixtures.readUntil(
          kafka, cfg.alertsTopic(), E2eFixtures::hasFinal, Duration.ofSeconds(90));
      List<EarthquakeAlert> got = E2eFixtures.alertsOfWholeReplay(pipeline, Duration.ofSeconds(30));

      AlertBook book = new AlertBook();
      got.forEach(book::add);
      assertFalse(
          got.isEmpty(),
          "no alert with partition(s) " + empty + " silent: event time stalled or no trigger");
      assertEquals(List.of(), book.problems(), "versions 1, 2, ... without gaps or repeats");
      long firstP = E2eFixtures.firstP(truth);
      List<String> ofTheEvent = new ArrayList<>();
      for (String id : book.events()) {
        List<EarthquakeAlert> v = book.versions(id);
        long data = Times.micros(v.get(0).getDataTime());
        LOG.info(
            "alerted {}: {} versions from data time {}, final {}",
            id,
            v.size(),
            v.get(0).getDataTime(),
            v.get(v.size() - 1).getFinalEstimate());
        if (data >= firstP && data - firstP <= (MAX_EVENT_SECONDS + 10) * 1e6) {
          ofTheEvent.add(id);
        }
      }
      assertEquals(
          1,
          ofTheEvent.size(),
          "the event (first P "
              + Times.format(firstP)
              + ") alerted under one id: "
              + book.events());
      List<EarthquakeAlert> versions = book.versions(ofTheEvent.get(0));
      assertTrue(versions.get(versions.size() - 1).getFinalEstimate(), "ends with a final");
      for (EarthquakeAlert a : versions) {
        assertTrue(
            a.getStationsLive() <= live.size() && a.getStationsUsed() <= live.size(),
            "only the " + live.size() + " sending stations are live: " + a);
        assertTrue(a.getStationsTriggered() >= cfg.minTriggeredStations(), a.toString());
      }
      assertTrue(
          versions.stream().mapToInt(EarthquakeAlert::getStationsLive).max().orElse(0)
              >= live.size() * 0.9,
          "the sending stations are in the graph");
    }
  }

  private static int partitions(EmbeddedKafka kafka, String topic) throws Exception {
    try (Admin admin = kafka.admin()) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  /** The partitions of a topic that hold no record. */
  private static List<Integer> emptyPartitions(EmbeddedKafka kafka, String topic, int partitions)
      throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetSpec> ask = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(ask).all().get();
      return ends.entrySet().stream()
          .filter(e -> e.getValue().offset() == 0)
          .map(e -> e.getKey().partition())
          .sorted()
          .toList();
    }
  }
}
