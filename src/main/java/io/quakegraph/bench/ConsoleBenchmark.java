package io.quakegraph.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.quakegraph.console.ConsoleServer;
import io.quakegraph.console.HeadlessChromium;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.Topics;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.RecordFormat;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Station;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How long after an alert record is written it appears on the console page: alerts written one by
 * one to the in-process broker (acks=all) while packets of every station stream in, the console
 * server following the topics, and a headless Chromium showing the page. The page notes when it
 * drew each version ({@code qg.drawn}) and the next animation frame after ({@code qg.painted});
 * browser and benchmark share this machine's clock.
 */
public final class ConsoleBenchmark {
  /**
   * Figures of a run.
   *
   * @param alerts alert versions written
   * @param stations stations drawn (and sending packets)
   * @param packetsPerSecond background packet rate
   * @param drawn write to DOM update, ms
   * @param painted write to the next animation frame, ms
   * @param missing versions that never appeared
   */
  public record Result(
      int alerts,
      int stations,
      double packetsPerSecond,
      LatencySummary drawn,
      LatencySummary painted,
      int missing,
      String load) {
    public String markdown() {
      return String.format(
          Locale.ROOT,
          """
          Alert record written (producer send, acks=all, in-process KRaft broker) to the version on \
          the console page in headless Chromium (same machine clock), %d alert versions one every \
          200 ms, %d stations on the map, %.0f packets/s of background packet traffic read by the \
          console:

          | appears on the page | versions | p50 | p99 | max |
          |---|---|---|---|---|
          | drawn (DOM updated) | %d | %.1f ms | **%.1f ms** | %.1f ms |
          | painted (next animation frame) | %d | %.1f ms | **%.1f ms** | %.1f ms |

          Versions that never appeared: %d. The path: broker -> console's read_committed consumer \
          (100 ms poll, returns as soon as a record is fetched) -> JSON (with P/S front tables and \
          site shaking) -> server-sent event -> the page's EventSource -> Leaflet layers. Load           average of the machine during the run (other work included): %s.
          """,
          alerts,
          stations,
          packetsPerSecond,
          drawn.count(),
          drawn.p50(),
          drawn.p99(),
          drawn.max(),
          painted.count(),
          painted.p50(),
          painted.p99(),
          painted.max(),
          missing,
          load);
    }
  }

  private ConsoleBenchmark() {}

  public static Result run(Path chromium, int alerts, int stations, PrintStream log)
      throws Exception {
    List<Station> net = grid(stations);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics();
      ConsoleServer.Options o =
          new ConsoleServer.Options(
              kafka.bootstrapServers(),
              "127.0.0.1",
              0,
              net,
              null,
              Duration.ofSeconds(10),
              Topics.ALERTS,
              Topics.PICKS,
              Topics.PACKETS);
      Properties p = kafka.clientProperties();
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      AtomicBoolean stop = new AtomicBoolean();
      double packetRate = stations * 3.0;
      try (ConsoleServer console = ConsoleServer.start(o);
          HeadlessChromium browser = HeadlessChromium.launch(chromium, 1400, 900);
          KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
        browser.open(console.url());
        waitFor(browser, "Object.keys(qg.stations).length === " + stations, 30);
        Thread packets = new Thread(() -> packets(producer, net, stop), "bench-packets");
        packets.setDaemon(true);
        packets.start();
        Thread.sleep(3000); // packets flowing before the first alert
        AvroCodec<EarthquakeAlert> codec = AvroCodec.of(EarthquakeAlert.class);
        Map<String, Long> written = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(15);
        Instant origin = Instant.parse("2019-07-06T03:19:53Z");
        for (int i = 0; i < alerts; i++) {
          String id = "bench-" + (i / 10);
          int version = i % 10 + 1;
          EarthquakeAlert a = alert(id, version, origin.plusSeconds(60L * (i / 10)), rnd);
          byte[] value = codec.encode(a);
          long t = System.currentTimeMillis();
          producer.send(
              new ProducerRecord<>(Topics.ALERTS, id.getBytes(StandardCharsets.UTF_8), value));
          written.put(id + "/" + version, t);
          Thread.sleep(200);
        }
        producer.flush();
        waitFor(browser, "Object.keys(qg.painted).length >= " + alerts, 30);
        stop.set(true);
        packets.join(5000);
        JsonNode drawn = browser.eval("qg.drawn");
        JsonNode painted = browser.eval("qg.painted");
        List<Double> d = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        int missing = 0;
        for (var e : written.entrySet()) {
          if (!drawn.has(e.getKey())) {
            missing++;
            continue;
          }
          d.add((double) (drawn.get(e.getKey()).asLong() - e.getValue()));
          if (painted.has(e.getKey())) {
            f.add((double) (painted.get(e.getKey()).asLong() - e.getValue()));
          }
        }
        if (!browser.errors().isEmpty()) {
          log.println("page errors: " + browser.errors());
        }
        return new Result(
            alerts,
            stations,
            packetRate,
            LatencySummary.of(d.stream().mapToDouble(x -> x).toArray()),
            LatencySummary.of(f.stream().mapToDouble(x -> x).toArray()),
            missing,
            loadAverage());
      }
    }
  }

  /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
  private static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0]
          + " / "
          + f[1]
          + " / "
          + f[2]
          + " on "
          + Runtime.getRuntime().availableProcessors()
          + " cores";
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Stations on a regular grid over Southern California (the page needs only coordinates). */
  static List<Station> grid(int n) {
    List<Station> out = new ArrayList<>();
    int side = (int) Math.ceil(Math.sqrt(n));
    for (int i = 0; i < n; i++) {
      double lat = 32.5 + 3.0 * (i / side) / side;
      double lon = -120.0 + 5.0 * (i % side) / side;
      out.add(new Station("BN", String.format("S%03d", i), lat, lon, 0, "bench", List.of()));
    }
    return out;
  }

  /** One 1-s packet per station and channel every second, like a live network. */
  private static void packets(
      KafkaProducer<byte[], byte[]> producer, List<Station> net, AtomicBoolean stop) {
    AvroCodec<WaveformPacket> codec = AvroCodec.of(WaveformPacket.class);
    long t = System.currentTimeMillis() * 1000;
    String[] channels = {"HHZ", "HHN", "HHE"};
    while (!stop.get()) {
      long begin = System.nanoTime();
      for (Station s : net) {
        for (String ch : channels) {
          WaveformPacket w =
              WaveformPacket.newBuilder()
                  .setSourceId("FDSN:BN_" + s.station() + "__H_H_" + ch.charAt(2))
                  .setNetwork("BN")
                  .setStation(s.station())
                  .setLocation("")
                  .setChannel(ch)
                  .setStartTime(Instant.ofEpochSecond(0, t * 1000))
                  .setSampleRate(100)
                  .setSampleCount(100)
                  .setEncoding(11)
                  .setRecordFormat(RecordFormat.MINISEED2)
                  .setRecord(ByteBuffer.wrap(new byte[512]))
                  .setReceiveTime(Instant.now())
                  .setOrigin("bench")
                  .build();
          producer.send(
              new ProducerRecord<>(
                  Topics.PACKETS, s.id().getBytes(StandardCharsets.UTF_8), codec.encode(w)));
        }
      }
      t += 1_000_000;
      long left = 1000 - (System.nanoTime() - begin) / 1_000_000;
      if (left > 0) {
        try {
          Thread.sleep(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private static EarthquakeAlert alert(
      String id, int version, Instant origin, SplittableRandom rnd) {
    return EarthquakeAlert.newBuilder()
        .setEventId(id)
        .setVersion(version)
        .setFinalEstimate(version == 10)
        .setIssueTime(Instant.now())
        .setDataTime(origin.plusSeconds(4 + version))
        .setOriginTime(origin)
        .setLatitude(33.5 + rnd.nextDouble())
        .setLongitude(-118.5 + rnd.nextDouble() * 2)
        .setDepthKm(5 + rnd.nextDouble() * 10)
        .setMagnitude(3.5 + rnd.nextDouble() * 2)
        .setLatitudeUncertaintyKm(2 + rnd.nextDouble() * 5)
        .setLongitudeUncertaintyKm(2 + rnd.nextDouble() * 5)
        .setDepthUncertaintyKm(3)
        .setMagnitudeUncertainty(0.3)
        .setOriginTimeUncertaintySeconds(0.5)
        .setStationsUsed(40)
        .setStationsTriggered(4 + version)
        .setStationsLive(185)
        .setModelVersion("bench")
        .setLatencyMs(100)
        .build();
  }

  private static void waitFor(HeadlessChromium b, String condition, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (b.eval("!!(" + condition + ")").asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the console page never got to `" + condition + "`");
  }
}
