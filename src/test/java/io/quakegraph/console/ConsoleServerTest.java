package io.quakegraph.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.hazard.Site;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.Topics;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.RecordFormat;
import io.quakegraph.schema.StationPick;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Station;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The console server against a real in-process broker, over HTTP: what it serves, what it makes of
 * good and bad records on each topic, replay from the topic, and the lost-broker status.
 */
class ConsoleServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant ORIGIN = Instant.parse("2019-07-06T03:19:53Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static EarthquakeAlert alert(String id, int version, double m) {
    return EarthquakeAlert.newBuilder()
        .setEventId(id)
        .setVersion(version)
        .setFinalEstimate(false)
        .setIssueTime(Instant.now())
        .setDataTime(ORIGIN.plusSeconds(5 + version))
        .setOriginTime(ORIGIN)
        .setLatitude(34.0)
        .setLongitude(-118.0)
        .setDepthKm(8)
        .setMagnitude(m)
        .setLatitudeUncertaintyKm(3)
        .setLongitudeUncertaintyKm(4)
        .setDepthUncertaintyKm(2)
        .setMagnitudeUncertainty(0.3)
        .setOriginTimeUncertaintySeconds(0.5)
        .setStationsUsed(12)
        .setStationsTriggered(5)
        .setStationsLive(12)
        .setModelVersion("test")
        .setLatencyMs(100)
        .build();
  }

  static WaveformPacket packet(String net, String sta, Instant start) {
    return WaveformPacket.newBuilder()
        .setSourceId("FDSN:" + net + "_" + sta + "__H_H_Z")
        .setNetwork(net)
        .setStation(sta)
        .setLocation("")
        .setChannel("HHZ")
        .setStartTime(start)
        .setSampleRate(100)
        .setSampleCount(100)
        .setEncoding(11)
        .setRecordFormat(RecordFormat.MINISEED2)
        .setRecord(ByteBuffer.wrap(new byte[512]))
        .setReceiveTime(Instant.now())
        .setOrigin("test")
        .build();
  }

  private static Station station(String code, double lat, double lon) {
    return new Station("CI", code, lat, lon, 100, code, List.of());
  }

  @Test
  void servesThePageAndFollowsTheTopicsCountingWhatItSkips() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    boolean kafkaClosed = false;
    try {
      kafka.createTopics();
      ConsoleServer.Options o =
          new ConsoleServer.Options(
              kafka.bootstrapServers(),
              "127.0.0.1",
              0,
              List.of(station("AAA", 34.1, -118.1), station("BBB", 34.3, -117.9)),
              new Site(34.2, -118.3, 760),
              Duration.ofSeconds(10),
              Topics.ALERTS,
              Topics.PICKS,
              Topics.PACKETS);
      try (ConsoleServer server = ConsoleServer.start(o);
          KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        String base = server.url();
        assertTrue(base.startsWith("http://127.0.0.1:"), base);

        // the page and everything it loads, from the classpath
        assertEquals(200, get(base).statusCode());
        assertTrue(get(base).body().contains("console.js"));
        for (String p :
            List.of("console.js", "console.css", "lib/leaflet/leaflet.js", "lib/topojson.js")) {
          assertEquals(200, get(base + p).statusCode(), p);
        }
        for (String layer : List.of("world", "usa", "mex")) {
          JsonNode topo = JSON.readTree(get(base + "geo/" + layer + ".json").body());
          assertEquals("Topology", topo.path("type").asText(), layer);
          assertTrue(topo.path("objects").has(layer), layer);
        }
        assertEquals(404, get(base + "lib/leaflet/../../etc/passwd").statusCode());

        // a page connected before anything happens gets the snapshot, then the alert
        SseReader sse = new SseReader(base + "events");

        AvroCodec<EarthquakeAlert> alerts = AvroCodec.of(EarthquakeAlert.class);
        send(producer, Topics.ALERTS, "qg-1", alerts.encode(alert("qg-1", 1, 4.2)));
        send(producer, Topics.ALERTS, "qg-1", "not an alert".getBytes(StandardCharsets.UTF_8));
        send(producer, Topics.ALERTS, "qg-1", alerts.encode(alert("qg-1", 2, 4.4)));
        send(producer, Topics.ALERTS, "qg-1", alerts.encode(alert("qg-1", 2, 4.4))); // repeat
        StationPick pick =
            StationPick.newBuilder()
                .setStationId("CI.AAA")
                .setOnsetTime(ORIGIN.plusSeconds(3))
                .setStepTime(ORIGIN.plusSeconds(4))
                .setLatitude(34.1)
                .setLongitude(-118.1)
                .setLog10PeakVelocity(-4f)
                .build();
        send(producer, Topics.PICKS, "CI.AAA", AvroCodec.of(StationPick.class).encode(pick));
        send(producer, Topics.PICKS, "CI.AAA", new byte[] {(byte) 0xC3, 0x01, 7});
        producer.flush();

        List<String> types = sse.typesUntil(t -> t.contains("alert"), Duration.ofSeconds(20));
        assertEquals("snapshot", types.get(0), "the snapshot comes first");
        assertTrue(types.contains("alert"), types.toString());

        // packets are read from the end: keep sending until the console has heard BBB
        AvroCodec<WaveformPacket> packets = AvroCodec.of(WaveformPacket.class);
        JsonNode state =
            until(
                base,
                s -> lastPacket(s, "CI.BBB") && s.at("/counters/malformedPackets").asLong() > 0,
                () -> {
                  send(
                      producer,
                      Topics.PACKETS,
                      "CI.BBB",
                      packets.encode(packet("CI", "BBB", ORIGIN)));
                  send(
                      producer,
                      Topics.PACKETS,
                      "CI.ZZZ",
                      packets.encode(packet("CI", "ZZZ", ORIGIN)));
                  send(
                      producer,
                      Topics.PACKETS,
                      "CI.BBB",
                      "garbage".getBytes(StandardCharsets.UTF_8));
                  producer.flush();
                });
        assertEquals(2, state.path("stations").size());
        assertFalse(lastPacket(state, "CI.AAA"), "AAA sent nothing");
        assertTrue(
            state.at("/counters/foreignPackets").asLong() > 0, "ZZZ is not in the inventory");
        assertTrue(state.has("clockOffsetMs"), "the data clock follows the packets");
        assertEquals(1, state.at("/counters/malformedAlerts").asLong());
        assertEquals(1, state.at("/counters/malformedPicks").asLong());
        assertEquals(1, state.at("/counters/repeated").asLong(), "version 2 once");
        assertEquals(2, state.path("alerts").size());
        assertEquals("M4.4", state.at("/alerts/1/magText").asText());
        assertEquals("CI.AAA", state.at("/picks/0/station").asText());
        JsonNode site = state.at("/alerts/1/site");
        assertTrue(site.path("mmi").asDouble() >= 1 && site.has("sMs"), site.toString());
        assertTrue(
            state.at("/alerts/1/fronts/s/20").asDouble()
                > state.at("/alerts/1/fronts/p/20").asDouble());

        JsonNode shaking = JSON.readTree(get(base + "api/shaking?lat=34.05&lon=-118.05").body());
        assertEquals(1, shaking.size());
        assertEquals(2, shaking.at("/0/version").asInt(), "the latest version");
        assertTrue(shaking.at("/0/km").asDouble() < 10, shaking.toString());
        assertEquals(400, get(base + "api/shaking?lat=x&lon=1").statusCode());

        JsonNode replay = JSON.readTree(get(base + "api/replay?event=qg-1").body());
        assertEquals(2, replay.path("versions").size(), replay.toString());
        assertEquals(1, replay.path("malformed").asLong());
        assertEquals(404, get(base + "api/replay?event=nope").statusCode());

        // the broker goes away: the state says so within a few seconds
        kafka.close();
        kafkaClosed = true;
        JsonNode lost = until(base, s -> !s.at("/broker/ok").asBoolean(), () -> {});
        assertTrue(lost.at("/broker/lostSinceMs").asLong() > 0);
        sse.close();
      }
    } finally {
      if (!kafkaClosed) {
        kafka.close();
      }
    }
  }

  private static boolean lastPacket(JsonNode state, String id) {
    for (JsonNode s : state.path("stations")) {
      if (s.path("id").asText().equals(id)) {
        return s.has("lastPacketMs");
      }
    }
    return false;
  }

  private static JsonNode until(String base, Predicate<JsonNode> ok, Runnable between)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode s = null;
    while (System.nanoTime() < deadline) {
      between.run();
      s = JSON.readTree(get(base + "api/state").body());
      if (ok.test(s)) {
        return s;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("state never got there: " + s);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] v) {
    p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), v));
  }

  /** Reads event types from an SSE stream on a thread of its own. */
  static final class SseReader implements AutoCloseable {
    private final List<String> types = new ArrayList<>();
    private final Thread thread;
    private volatile java.io.InputStream in;

    SseReader(String url) {
      thread =
          new Thread(
              () -> {
                try {
                  var r =
                      HTTP.send(
                          HttpRequest.newBuilder(URI.create(url)).build(),
                          HttpResponse.BodyHandlers.ofInputStream());
                  in = r.body();
                  BufferedReader br =
                      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                  String line;
                  while ((line = br.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                      synchronized (types) {
                        types.add(line.substring(7));
                      }
                    }
                  }
                } catch (Exception e) {
                  // closed
                }
              },
              "sse-reader");
      thread.setDaemon(true);
      thread.start();
    }

    List<String> typesUntil(Predicate<List<String>> ok, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        synchronized (types) {
          if (ok.test(types)) {
            return List.copyOf(types);
          }
        }
        Thread.sleep(50);
      }
      synchronized (types) {
        throw new AssertionError("events so far: " + types);
      }
    }

    @Override
    public void close() throws Exception {
      if (in != null) {
        in.close();
      }
    }
  }
}
