package io.quakegraph.stream.alerts;

import static io.quakegraph.stream.alerts.AlertsCommandTest.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.cli.QuakeGraph;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.schema.EarthquakeAlert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The consumers the project ships drop alert versions they have already seen: {@link VersionFilter}
 * on its own, then {@link AlertConsumer} and {@code quakegraph alerts} against the in-process
 * broker, fed the way the at-least-once job writes after a restart (no transactions, versions sent
 * again with new issue times).
 */
class AlertConsumerTest {
  private static final AvroCodec<EarthquakeAlert> CODEC = AvroCodec.of(EarthquakeAlert.class);

  /** The same version sent again later: only the wall-clock fields differ. */
  static EarthquakeAlert resent(EarthquakeAlert a) {
    return EarthquakeAlert.newBuilder(a)
        .setIssueTime(a.getIssueTime().plusSeconds(30))
        .setLatencyMs(a.getLatencyMs() + 900)
        .build();
  }

  @Test
  void filterPassesEachVersionOnceAndFlagsAChangedRepeat() {
    VersionFilter f = new VersionFilter();
    EarthquakeAlert a1 = alert("qg-D", 1, false, 34.0, -117.0, 4.1);
    EarthquakeAlert a2 = alert("qg-D", 2, false, 34.1, -117.1, 4.2);
    assertEquals(VersionFilter.Verdict.NEW, f.offer(a1));
    assertEquals(VersionFilter.Verdict.NEW, f.offer(a2));
    assertEquals(VersionFilter.Verdict.REPEAT, f.offer(resent(a1)));
    assertEquals(VersionFilter.Verdict.REPEAT, f.offer(resent(a2)));
    // another event with the same version numbers is not a repeat
    assertEquals(VersionFilter.Verdict.NEW, f.offer(alert("qg-E", 1, false, 34.0, -117.0, 4.1)));
    EarthquakeAlert changed = EarthquakeAlert.newBuilder(a2).setMagnitude(4.3).build();
    assertEquals(VersionFilter.Verdict.CHANGED_REPEAT, f.offer(changed));
    assertEquals(3, f.repeats());
    assertEquals(1, f.changedRepeats());

    assertTrue(VersionFilter.sameEstimate(a1, resent(a1)), "issue time and latency are ignored");
    assertFalse(VersionFilter.sameEstimate(a2, changed), "the magnitude is not");
    assertFalse(
        VersionFilter.sameEstimate(
            a1, EarthquakeAlert.newBuilder(a1).setDataTime(Instant.EPOCH).build()),
        "nor the data time");
  }

  @Test
  void consumerAndFollowerDropRepeatsOfAnAtLeastOnceTopic() throws Exception {
    String topic = "eew.alerts.v1.consumer-test";
    EarthquakeAlert a1 = alert("qg-D", 1, false, 34.0, -117.0, 4.1);
    EarthquakeAlert a2 = alert("qg-D", 2, false, 34.1, -117.1, 4.2);
    EarthquakeAlert a3 = alert("qg-D", 3, true, 34.2, -117.2, 4.3);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      try (var admin = kafka.admin()) {
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
      }
      Properties p = kafka.clientProperties();
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
        // versions 1-2, a restart sends both again, then 3, and a faulty repeat of 2
        for (EarthquakeAlert a :
            List.of(
                a1,
                a2,
                resent(a1),
                resent(a2),
                a3,
                EarthquakeAlert.newBuilder(a2).setLatitude(35.0).build())) {
          producer
              .send(new ProducerRecord<>(topic, a.getEventId(), CODEC.encode(a)))
              .get(30, TimeUnit.SECONDS);
        }
      }

      List<EarthquakeAlert> got = new ArrayList<>();
      try (AlertConsumer c =
          new AlertConsumer(kafka.bootstrapServers(), topic, true, Duration.ofSeconds(2))) {
        assertEquals(3, c.run(got::add));
        assertEquals(3, c.repeatsDropped());
        assertEquals(1, c.changedRepeats());
        assertEquals(0, c.undecodable());
      }
      assertEquals(List.of(a1, a2, a3), got, "each version once, the first copy");

      CommandLine cl = QuakeGraph.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int code =
          cl.execute(
              "alerts",
              "--bootstrap",
              kafka.bootstrapServers(),
              "--topic",
              topic,
              "--json",
              "--from-beginning",
              "--until-idle",
              "2s");
      assertEquals(0, code, err.toString());
      List<String> lines = out.toString().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(3, lines.size(), out.toString());
      assertTrue(lines.get(2).contains("\"version\":3"), lines.get(2));
      assertFalse(err.toString().contains("duplicate"), err.toString());
      assertTrue(
          err.toString().contains("event qg-D version 2 sent again with another estimate"),
          err.toString());
    }
  }
}
