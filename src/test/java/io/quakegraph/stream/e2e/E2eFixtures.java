package io.quakegraph.stream.e2e;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.IngestMetrics;
import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.PacketValidator;
import io.quakegraph.ingest.TopicSpec;
import io.quakegraph.ingest.Topics;
import io.quakegraph.ingest.ValidatorOptions;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.ingest.replay.Replayer;
import io.quakegraph.ingest.replay.Selection;
import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.Stgnn;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import io.quakegraph.synth.SyntheticEvent;
import io.quakegraph.synth.TravelTimes;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Real parts for the end-to-end tests: a small synthetic scenario (the stations nearest the CI
 * network's centre, one M4.5+ event a minute in, no imperfections unless asked), a random-weight
 * STGNN saved like an export, fresh topics on the in-process broker, the replay into them, and a
 * read_committed reader of the alerts.
 */
final class E2eFixtures {
  private E2eFixtures() {}

  /**
   * A scenario written to {@code dir}: {@code stations} stations, {@code seconds} long, 1 event.
   */
  static ScenarioRequest scenario(Path dir, int stations, int seconds) throws Exception {
    Path stationFile = io.quakegraph.cli.QuakeGraphHome.defaultStations();
    ScenarioOptions d = ScenarioOptions.defaults();
    ScenarioOptions options =
        new ScenarioOptions(
            4.5,
            5.0,
            d.bValue(),
            d.largeEventShare(),
            0.0,
            2.0,
            15.0,
            d.stressDropMedianMPa(),
            d.stressDropSigmaLn(),
            10.0,
            10.0,
            false);
    long start = Times.parse("2019-07-06T03:00:00Z");
    long span = seconds * 1_000_000L;
    // the first seed whose event starts 60-80 s in: the job needs a minute of data before its
    // first window, and 20 s of event time after the last trigger for the final version
    ScenarioRequest probe = request(stationFile, start, span, 1, options, stations);
    List<Station> sites = ScenarioWriter.sites(probe);
    ScenarioCatalog cat = new ScenarioCatalog(sites, TravelTimes.hadleyKanamori(), options);
    for (long seed = 1; seed < 500; seed++) {
      SyntheticEvent e = cat.generate(start, span, 1, seed).get(0);
      double at = (e.origin().timeMicros() - start) / 1e6;
      if (at >= 60 && at <= 80) {
        ScenarioRequest r = request(stationFile, start, span, seed, options, stations);
        new ScenarioWriter(new PrintStream(OutputStream.nullOutputStream()), 2, 60).write(r, dir);
        return r;
      }
    }
    throw new IllegalStateException("no seed puts the event 60-80 s in");
  }

  private static ScenarioRequest request(
      Path stationFile, long start, long span, long seed, ScenarioOptions o, int stations) {
    return new ScenarioRequest(
        stationFile,
        "CI",
        start,
        span,
        1,
        seed,
        "scedc",
        o,
        ImperfectionLevel.parse("none"),
        stations,
        List.of("e2e"),
        "test");
  }

  /** A random-weight STGNN for the inventory's frame (E=16, small), saved like an export. */
  static Path model(Path dir, Inventory inv) throws Exception {
    Path m = dir.resolve("stgnn-e2e-v0");
    try (Stgnn s =
        Stgnn.builder(NetworkFrame.of(inv.stations(), 50))
            .embeddingDim(16)
            .hidden(16)
            .k(4)
            .seed(11)
            .build()) {
      s.save(m);
    }
    return m;
  }

  /** Fresh topics with the specs of the standard ones, named {@code <standard>.<suffix>}. */
  static List<String> topics(EmbeddedKafka kafka, String suffix) throws Exception {
    List<TopicSpec> specs = new ArrayList<>();
    for (TopicSpec s : Topics.ALL) {
      specs.add(new TopicSpec(s.name() + "." + suffix, s.partitions(), s.configs(), s.purpose()));
    }
    try (Admin admin = kafka.admin()) {
      Topics.create(admin, specs, 30_000);
    }
    return specs.stream().map(TopicSpec::name).toList();
  }

  /** Replays the scenario (1-s packets, max speed) into the given topics, skipping {@code skip}. */
  static ReplayResult replay(
      EmbeddedKafka kafka,
      Path scenario,
      Inventory inv,
      String packets,
      String dead,
      List<String> only)
      throws Exception {
    Properties p = new Properties();
    p.putAll(PacketPublisher.config(kafka.bootstrapServers(), new Properties()));
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
    PacketValidator v = new PacketValidator(inv, ValidatorOptions.DEFAULTS, new IngestMetrics());
    Selection sel =
        only == null
            ? Selection.ALL
            : new Selection(Long.MIN_VALUE, Long.MAX_VALUE, only, List.of());
    try (PacketPublisher pub = new PacketPublisher(producer, packets, dead)) {
      return new Replayer(
              ReplayOptions.of(scenario.toString()).withPacketSeconds(1).withSelection(sel),
              v,
              pub,
              null)
          .run();
    }
  }

  /** A raw producer of byte values. */
  static KafkaProducer<byte[], byte[]> rawProducer(EmbeddedKafka kafka) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  /**
   * Reads a topic from the beginning as read_committed until {@code done} holds for what was read
   * or the timeout passes; returns what was read.
   */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(
      EmbeddedKafka kafka,
      String topic,
      java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> tps =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && !done.test(out)) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  static List<EarthquakeAlert> alerts(List<ConsumerRecord<byte[], byte[]>> records) {
    AvroCodec<EarthquakeAlert> codec = AvroCodec.of(EarthquakeAlert.class);
    return records.stream().map(r -> codec.decode(r.value())).toList();
  }

  static List<DeadLetter> deadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
    AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
    return records.stream().map(r -> codec.decode(r.value())).toList();
  }

  static Inventory inventory(Path scenario) throws Exception {
    return StationXml.readDirectory(scenario.resolve("stations"));
  }

  static boolean hasFinal(List<ConsumerRecord<byte[], byte[]>> rs) {
    return alerts(rs).stream().anyMatch(EarthquakeAlert::getFinalEstimate);
  }
}
