package io.quakegraph.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.cli.QuakeGraph;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.Topics;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.QuakeMl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quakegraph alerts} against the in-process broker, with alerts written the way the job
 * writes them (Avro single-object values, key = event id, inside Kafka transactions): committed
 * versions are printed, versions of an aborted transaction are not (read_committed), a value that
 * is not an alert is reported and skipped, and the QuakeML export holds each event's final version.
 */
class AlertsCommandTest {
  private static final AvroCodec<EarthquakeAlert> CODEC = AvroCodec.of(EarthquakeAlert.class);
  private static final Instant T0 = Instant.parse("2019-07-06T03:05:00Z");
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics();
    try (KafkaProducer<String, byte[]> p = transactionalProducer("alerts-test")) {
      p.initTransactions();
      // event A: versions 1-3, committed
      p.beginTransaction();
      for (int v = 1; v <= 3; v++) {
        send(p, alert("qg-A", v, v == 3, 34.10 + 0.01 * v, -117.75, 4.2 + 0.1 * v));
      }
      p.commitTransaction();
      // an aborted transaction: what a failed job attempt leaves behind
      p.beginTransaction();
      send(p, alert("qg-B", 1, false, 35.0, -118.0, 9.9));
      send(p, alert("qg-A", 4, true, 0.0, 0.0, 9.9));
      p.flush();
      p.abortTransaction();
      // event C: two versions, committed, the second final
      p.beginTransaction();
      send(p, alert("qg-C", 1, false, 33.9, -116.5, 3.8));
      send(p, alert("qg-C", 2, true, 33.95, -116.55, 4.0));
      p.commitTransaction();
    }
    // a value that is not an alert, outside any transaction
    Properties plain = kafka.clientProperties();
    plain.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    plain.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(plain)) {
      p.send(
              new ProducerRecord<>(
                  Topics.ALERTS, "junk", "not avro".getBytes(StandardCharsets.US_ASCII)))
          .get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void jsonLinesShowOnlyCommittedVersionsAndQuakeMlHoldsFinals(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("finals.xml");
    Run r =
        run(
            "alerts",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--json",
            "--from-beginning",
            "--until-idle",
            "2s",
            "--quakeml",
            xml.toString());
    assertEquals(0, r.code, r.err);
    ObjectMapper json = new ObjectMapper();
    List<String> seen = new ArrayList<>();
    for (String line : r.outLines()) {
      JsonNode n = json.readTree(line);
      seen.add(
          n.get("eventId").asText()
              + "/"
              + n.get("version").asInt()
              + (n.get("final").asBoolean() ? "F" : ""));
    }
    assertEquals(List.of("qg-A/1", "qg-A/2", "qg-A/3F", "qg-C/1", "qg-C/2F"), seen, r.out);
    assertTrue(r.err.contains("skipped " + Topics.ALERTS), r.err);
    assertTrue(r.err.contains("not Avro single-object encoded"), r.err);
    assertTrue(r.err.contains("5 alerts of 2 events, 1 undecodable records"), r.err);

    List<Earthquake> finals = QuakeMl.read(xml);
    assertEquals(List.of("qg-A", "qg-C"), finals.stream().map(Earthquake::eventId).toList());
    assertEquals(34.13, finals.get(0).origin().latitude(), 1e-9);
    assertEquals(4.5, finals.get(0).magnitude(), 1e-9);
    assertEquals(33.95, finals.get(1).origin().latitude(), 1e-9);
    assertEquals(T0.toEpochMilli() * 1000, finals.get(1).origin().timeMicros());
  }

  @Test
  void tableLinesCarryTheFieldsAndTheFinalMark() {
    Run r =
        run(
            "alerts",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--from-beginning",
            "--until-idle",
            "2s");
    assertEquals(0, r.code, r.err);
    List<String> lines = r.outLines();
    assertEquals(6, lines.size(), r.out); // header + 5 versions
    assertTrue(lines.get(0).contains("event") && lines.get(0).contains("M"), lines.get(0));
    String a3 = lines.get(3);
    assertTrue(a3.startsWith("2019-07-06T03:05:13.000Z qg-A"), a3);
    assertTrue(a3.contains(" 34.1300  -117.7500 "), a3);
    assertTrue(a3.contains(" 4.50 ± 0.30"), a3); // M ± sigma
    assertTrue(a3.contains("  12/15 "), a3); // stations used/triggered
    assertTrue(a3.endsWith("FINAL"), a3);
    assertTrue(!lines.get(1).contains("FINAL"), lines.get(1));
  }

  @Test
  void siteFiguresFollowEveryVersion() throws Exception {
    Run r =
        run(
            "alerts",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--json",
            "--from-beginning",
            "--until-idle",
            "2s",
            "--site",
            "34.0,-117.5");
    assertEquals(0, r.code, r.err);
    ObjectMapper json = new ObjectMapper();
    io.quakegraph.hazard.Site site = io.quakegraph.hazard.Site.parse("34.0,-117.5");
    var forecaster = io.quakegraph.hazard.ShakingForecaster.hadleyKanamori();
    int n = 0;
    for (String line : r.outLines()) {
      JsonNode a = json.readTree(line);
      JsonNode s = a.get("site");
      assertTrue(s != null, line);
      var expected =
          forecaster.at(
              site,
              a.get("latitude").asDouble(),
              a.get("longitude").asDouble(),
              a.get("depthKm").asDouble(),
              a.get("magnitude").asDouble(),
              io.quakegraph.seismic.Times.parse(a.get("originTime").asText()));
      assertEquals(expected.mmi(), s.get("mmi").asDouble(), 1e-9, line);
      assertEquals(expected.pgaG(), s.get("pgaG").asDouble(), 1e-12, line);
      assertEquals(760, s.get("vs30").asDouble());
      long data = io.quakegraph.seismic.Times.parse(a.get("dataTime").asText());
      assertEquals(expected.secondsToS(data), s.get("secondsToS").asDouble(), 1e-6, line);
      n++;
    }
    assertEquals(5, n, r.out);

    Run table =
        run(
            "alerts",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--from-beginning",
            "--until-idle",
            "2s",
            "--site",
            "34.0,-117.5");
    List<String> lines = table.outLines();
    assertEquals(11, lines.size(), table.out); // header + 5 x (alert, site)
    String siteLine = lines.get(2).trim();
    assertTrue(siteLine.startsWith("site 34.0000,-117.5000 (Vs30 760 m/s): "), siteLine);
    assertTrue(siteLine.contains(" MMI ") && siteLine.contains("S at "), siteLine);
  }

  @Test
  void newAlertsOnlyByDefaultAndAnIdleTopicEnds() {
    long t0 = System.nanoTime();
    Run r = run("alerts", "--bootstrap", kafka.bootstrapServers(), "--until-idle", "1s");
    double s = (System.nanoTime() - t0) / 1e9;
    assertEquals(0, r.code, r.err);
    assertEquals(1, r.outLines().size(), "only the header: history not replayed\n" + r.out);
    assertTrue(s < 15, "stopped after the idle period, took " + s + " s");
  }

  @Test
  void versionGapsAndDuplicatesAreReported() {
    AlertBook book = new AlertBook();
    assertEquals(null, book.add(alert("e", 1, false, 0, 0, 3)));
    assertEquals(null, book.add(alert("e", 2, false, 0, 0, 3)));
    assertTrue(book.add(alert("e", 2, false, 0, 0, 3)).contains("duplicate"));
    assertTrue(book.add(alert("e", 5, true, 0, 0, 3)).contains("versions 3..4 missing"));
    assertTrue(book.add(alert("e", 6, false, 0, 0, 3)).contains("after final"));
    assertTrue(book.add(alert("f", 2, false, 0, 0, 3)).contains("first version seen is 2"));
    assertEquals(4, book.problems().size());
    assertEquals(List.of("e"), book.finals().stream().map(a -> a.getEventId()).toList());
  }

  static EarthquakeAlert alert(
      String id, int version, boolean fin, double lat, double lon, double m) {
    Instant data = T0.plusSeconds(10 + version);
    return EarthquakeAlert.newBuilder()
        .setEventId(id)
        .setVersion(version)
        .setFinalEstimate(fin)
        .setIssueTime(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version))
        .setDataTime(data)
        .setOriginTime(T0)
        .setLatitude(lat)
        .setLongitude(lon)
        .setDepthKm(8.5)
        .setMagnitude(m)
        .setLatitudeUncertaintyKm(4.0)
        .setLongitudeUncertaintyKm(6.0)
        .setDepthUncertaintyKm(3.0)
        .setMagnitudeUncertainty(0.3)
        .setOriginTimeUncertaintySeconds(0.5)
        .setStationsUsed(12)
        .setStationsTriggered(15)
        .setStationsLive(40)
        .setModelVersion("test-model")
        .setLatencyMs(42)
        .build();
  }

  private static KafkaProducer<String, byte[]> transactionalProducer(String txId) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    return new KafkaProducer<>(p);
  }

  private static void send(KafkaProducer<String, byte[]> p, EarthquakeAlert a) {
    p.send(new ProducerRecord<>(Topics.ALERTS, a.getEventId(), CODEC.encode(a)));
  }

  private record Run(int code, String out, String err) {
    List<String> outLines() {
      return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
    }
  }

  private static Run run(String... args) {
    CommandLine cl = QuakeGraph.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
