package io.quakegraph.bench;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.IngestMetrics;
import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.PacketValidator;
import io.quakegraph.ingest.SeedLinkBridge;
import io.quakegraph.ingest.SeedLinkBridgeOptions;
import io.quakegraph.ingest.StationSpec;
import io.quakegraph.ingest.Topics;
import io.quakegraph.ingest.ValidatorOptions;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.ingest.replay.Replayer;
import io.quakegraph.ingest.replay.Selection;
import io.quakegraph.ingest.seedlink.SeedLinkServer;
import io.quakegraph.ingest.seedlink.SeedLinkServerOptions;
import io.quakegraph.ingest.seedlink.ServedArchive;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code quakegraph bench ingest}: replay throughput into a real in-process Kafka broker, and
 * publish-to-consume latency per packet.
 *
 * <p>The archive is a synthetic SCEDC scenario ({@link ScenarioWriter}: N stations, HH and HN
 * channels, 100 Hz, 4096-byte Steim-2 records); the replay selects the three HH channels, so what
 * is measured is exactly N x 3 x 100 Hz. Throughput is data seconds over wall seconds (from the
 * replay's start to the producer's final flush, all records acknowledged by the broker), once with
 * the archive's records and once cut into 1 s telemetry records. Latency: a consumer in the same
 * JVM receives every packet; latency is its receive wall time minus the packet's {@code
 * receiveTime}, which the validator stamps just before the send, both from the same clock.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  /** One measured replay. */
  public record Throughput(
      String mode, long packets, double dataSeconds, double wallSeconds, long samples) {
    public double factor() {
      return dataSeconds / wallSeconds;
    }

    public double packetsPerSecond() {
      return packets / wallSeconds;
    }

    public double samplesPerSecond() {
      return samples / wallSeconds;
    }
  }

  /** Latency percentiles in milliseconds. */
  public record Latency(
      String load, long packets, double p50, double p90, double p99, double max) {}

  /** SeedLink server to Kafka through the bridge. */
  public record SeedLinkIngest(long packets, double wallSeconds, String metrics) {
    public double packetsPerSecond() {
      return packets / wallSeconds;
    }
  }

  /** Everything measured. */
  public record Result(
      int stations,
      double minutes,
      List<Throughput> throughput,
      SeedLinkIngest seedLink,
      List<Latency> latency) {

    /** The BENCHMARKS.md section body. */
    public String markdown() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          "Replay into the in-process KRaft broker (idempotent producer, acks=all, lz4),"
              + " %d stations x 3 channels (HH?) x 100 Hz, %.0f min of synthetic SCEDC archive:%n%n"
                  .formatted(stations, minutes));
      sb.append("| records | packets | data | wall | x real time | packets/s | samples/s |\n");
      sb.append("|---|---|---|---|---|---|---|\n");
      for (Throughput t : throughput) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.0f s | %.2f s | **%.0f** | %.0f | %.3g |%n",
                t.mode(),
                t.packets(),
                t.dataSeconds(),
                t.wallSeconds(),
                t.factor(),
                t.packetsPerSecond(),
                t.samplesPerSecond()));
      }
      sb.append("\nTarget: >= 100x real time.\n\n");
      sb.append(
          String.format(
              Locale.ROOT,
              "SeedLink ingest: our SeedLink server (speed max, 1 s 512-byte records of the same"
                  + " archive, all 6 channels HH? and HN? of every station) -> SeedLinkBridge (seisFile client, validator,"
                  + " idempotent producer) -> broker: **%.0f packets/s** (%d packets in %.2f s,"
                  + " until every packet was counted and the producer flushed; %s). Target: >="
                  + " 5,000 packets/s.%n%n",
              seedLink.packetsPerSecond(),
              seedLink.packets(),
              seedLink.wallSeconds(),
              seedLink.metrics()));
      sb.append(
          "Publish-to-consume latency per packet (send to consumer receipt, same JVM clock):\n\n");
      sb.append("| load | packets | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
      for (Latency l : latency) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.1f ms | %.1f ms | **%.1f ms** | %.1f ms |%n",
                l.load(),
                l.packets(),
                l.p50(),
                l.p90(),
                l.p99(),
                l.max()));
      }
      return sb.toString();
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param archive an existing scenario folder (with {@code stations/}), or null to simulate one
   *     into {@code work}
   * @param work scratch folder for a simulated archive
   * @param stations stations of a simulated archive
   * @param minutes length of a simulated archive
   * @param latencySeconds data seconds replayed for the latency measurement
   * @param latencySpeed replay speed for the latency measurement
   */
  public static Result run(
      Path archive,
      Path work,
      int stations,
      double minutes,
      double latencySeconds,
      double latencySpeed,
      PrintStream out)
      throws Exception {
    Path dir = archive;
    if (dir == null) {
      dir = work.resolve("ingest-bench-%d-%.0fmin".formatted(stations, minutes));
      if (!Files.isDirectory(dir.resolve("stations"))) {
        out.printf(
            Locale.ROOT, "simulating %d stations x %.0f min into %s ...%n", stations, minutes, dir);
        long start = Times.parse("2019-07-06T03:00:00Z");
        ScenarioRequest r =
            new ScenarioRequest(
                io.quakegraph.cli.QuakeGraphHome.defaultStations(),
                "CI",
                start,
                (long) (minutes * 60e6),
                0,
                1,
                "scedc",
                ScenarioOptions.defaults(),
                ImperfectionLevel.NONE,
                stations,
                List.of("quakegraph", "bench", "ingest"),
                "quakegraph bench");
        new ScenarioWriter(out).write(r, dir);
      }
    }
    Inventory inventory = StationXml.readDirectory(dir.resolve("stations"));
    Selection hh = new Selection(Long.MIN_VALUE, Long.MAX_VALUE, List.of(), List.of("HH?"));
    List<Throughput> throughput = new ArrayList<>();
    List<Latency> latency = new ArrayList<>();
    SeedLinkIngest seedLink;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics();
      for (double packetSeconds : new double[] {0, 1}) {
        ReplayOptions o =
            ReplayOptions.of(dir.toString()).toBuilder()
                .selection(hh)
                .packetSeconds(packetSeconds)
                .progressSeconds(10)
                .build();
        PacketValidator v =
            new PacketValidator(inventory, ValidatorOptions.DEFAULTS, new IngestMetrics());
        ReplayResult r;
        try (PacketPublisher pub = new PacketPublisher(kafka.bootstrapServers())) {
          r = new Replayer(o, v, pub, out).run();
        }
        if (r.deadLetters() > 0) {
          throw new IllegalStateException("benchmark archive gave dead letters: " + v.metrics());
        }
        throughput.add(
            new Throughput(
                packetSeconds == 0 ? "archive (4096 B)" : "cut to 1 s (512 B)",
                r.packets(),
                r.dataSeconds(),
                r.wallSeconds(),
                r.samples()));
      }
      seedLink = seedLink(kafka, dir, out);
      long first = firstSampleTime(dir);
      for (double speed : new double[] {latencySpeed, Double.POSITIVE_INFINITY}) {
        Selection window =
            new Selection(first, first + (long) (latencySeconds * 1e6), List.of(), List.of("HH?"));
        latency.add(latency(kafka, dir, inventory, window, speed, out));
      }
    }
    return new Result(inventory.size(), minutes, throughput, seedLink, latency);
  }

  /** Our SeedLink server at speed max, the bridge, the broker: packets/s until all are in. */
  private static SeedLinkIngest seedLink(EmbeddedKafka kafka, Path dir, PrintStream out)
      throws Exception {
    ServedArchive archive = ServedArchive.load(dir.resolve("continuous_waveforms"), 1.0);
    Path state = Files.createTempDirectory("qg-bench-seedlink");
    IngestMetrics m = new IngestMetrics();
    long t0;
    long expected;
    try (SeedLinkServer server =
        SeedLinkServer.start(
            archive,
            SeedLinkServerOptions.defaults().toBuilder().speed(Double.POSITIVE_INFINITY).build())) {
      expected = archive.packetCount();
      t0 = System.nanoTime();
      try (SeedLinkBridge bridge =
          SeedLinkBridge.start(
              SeedLinkBridgeOptions.of(
                  "127.0.0.1",
                  server.port(),
                  StationSpec.parseList("*_*"),
                  kafka.bootstrapServers(),
                  state),
              m)) {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (m.acceptedCount() + m.rejectedCount() < expected) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "SeedLink ingest did not finish in 10 min: " + m + " of " + expected);
          }
          Thread.sleep(5);
        }
      } // close() flushes the producer: everything acknowledged
    }
    double s = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "seedlink ingest: %d packets in %.2f s (%s)%n", expected, s, m);
    return new SeedLinkIngest(expected, s, m.toString());
  }

  private static long firstSampleTime(Path dir) throws IOException {
    String json = Files.readString(dir.resolve("scenario.json"));
    // scenario.json records the start as ISO text; fall back to the default scenario start
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"start\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    return m.find() ? Times.parse(m.group(1)) : Times.parse("2019-07-06T03:00:00Z");
  }

  /** Replays 1 s packets at {@code speed} while a consumer measures each packet's latency. */
  private static Latency latency(
      EmbeddedKafka kafka,
      Path dir,
      Inventory inventory,
      Selection window,
      double speed,
      PrintStream out)
      throws Exception {
    String topic = "bench.latency." + (Double.isInfinite(speed) ? "max" : (long) speed);
    try (var admin = kafka.admin()) {
      Topics.create(
          admin,
          List.of(
              new io.quakegraph.ingest.TopicSpec(
                  topic, 12, Topics.PACKETS_SPEC.configs(), "bench")),
          30_000);
    }
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, topic + ".consumer");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
    AvroCodec<WaveformPacket> codec = AvroCodec.of(WaveformPacket.class);
    long[] lat = new long[4_000_000];
    AtomicLong n = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean assigned = new AtomicBoolean();
    Thread consumer =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                c.subscribe(List.of(topic));
                while (!stop.get()) {
                  var recs = c.poll(Duration.ofMillis(20));
                  if (!c.assignment().isEmpty()) {
                    assigned.set(true);
                  }
                  long now = nowMicros();
                  for (ConsumerRecord<byte[], byte[]> r : recs) {
                    WaveformPacket wp = codec.decode(r.value());
                    long sent = Times.micros(wp.getReceiveTime());
                    int i = (int) n.getAndIncrement();
                    if (i < lat.length) {
                      lat[i] = now - sent;
                    }
                  }
                }
              }
            },
            "latency-consumer");
    consumer.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!assigned.get() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    ReplayOptions o =
        ReplayOptions.of(dir.toString()).toBuilder()
            .selection(window)
            .packetSeconds(1)
            .speed(speed)
            .build();
    ReplayResult r;
    Properties prod = new Properties();
    try (PacketPublisher pub =
        new PacketPublisher(
            new org.apache.kafka.clients.producer.KafkaProducer<>(
                PacketPublisher.config(kafka.bootstrapServers(), prod)),
            topic,
            Topics.DEADLETTER)) {
      r = new Replayer(o, new PacketValidator(inventory), pub, out).run();
    }
    deadline = System.nanoTime() + 60_000_000_000L;
    while (n.get() < r.packets() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    stop.set(true);
    consumer.join();
    int count = (int) Math.min(n.get(), lat.length);
    long[] v = Arrays.copyOf(lat, count);
    Arrays.sort(v);
    String load =
        Double.isInfinite(speed)
            ? "max speed (%.0f packets/s)".formatted(r.packetsPerSecond())
            : "x%.0f real time (%.0f packets/s)".formatted(speed, r.packetsPerSecond());
    return new Latency(
        load, count, pct(v, 0.5), pct(v, 0.9), pct(v, 0.99), count == 0 ? 0 : v[count - 1] / 1e3);
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e3;
  }

  private static long nowMicros() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
