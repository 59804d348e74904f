package io.quakegraph.stream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.dataset.CatalogFiles;
import io.quakegraph.demo.Backlog;
import io.quakegraph.demo.DemoTruth;
import io.quakegraph.demo.LocalPipeline;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.ingest.replay.Selection;
import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.Stgnn;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import io.quakegraph.synth.SyntheticEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

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
    ScenarioOptions options = options(4.5, 5.0);
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

  /**
   * Events of M{@code minM}-{@code maxM} drawn in the stations' bounding box (no margin), 2-15 km
   * deep, with short codas (10 s + 10 s per magnitude unit) so that a few events fit a short
   * scenario.
   */
  private static ScenarioOptions options(double minM, double maxM) {
    ScenarioOptions d = ScenarioOptions.defaults();
    return new ScenarioOptions(
        minM,
        maxM,
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
  }

  /**
   * A scenario with known truth written to {@code dir}: {@code events} events of M{@code
   * minM}-{@code maxM} on the {@code stations} CI stations nearest the network's centre, every
   * epicentre inside the stations' convex hull. The seed is the first from 1 whose events satisfy
   * what the job needs to treat each one alone: the first origin at least 60 s in (a minute of data
   * before the first window), consecutive origins at least {@code gapSeconds} apart (one event
   * closed before the next one's triggers), and at least {@code tailSeconds} of data after the last
   * origin (for its final version). Only the catalogue is drawn per candidate seed; the waveforms
   * are simulated once, for the chosen one.
   *
   * @return the scenario's request (its seed is the chosen one)
   */
  static ScenarioRequest scenarioInside(
      Path dir,
      int stations,
      int seconds,
      int events,
      double minM,
      double maxM,
      double gapSeconds,
      double tailSeconds)
      throws Exception {
    Path stationFile = io.quakegraph.cli.QuakeGraphHome.defaultStations();
    ScenarioOptions options = options(minM, maxM);
    long start = Times.parse("2019-07-06T03:00:00Z");
    long span = seconds * 1_000_000L;
    ScenarioRequest probe = request(stationFile, start, span, 1, options, stations, events);
    List<Station> sites = ScenarioWriter.sites(probe);
    DemoTruth hull = new DemoTruth(List.of(), sites);
    ScenarioCatalog cat = new ScenarioCatalog(sites, TravelTimes.hadleyKanamori(), options);
    for (long seed = 1; seed < 5000; seed++) {
      List<SyntheticEvent> drawn;
      try {
        drawn = cat.generate(start, span, events, seed);
      } catch (IllegalArgumentException tooLong) {
        throw new IllegalArgumentException(
            events + " events do not fit " + seconds + " s: " + tooLong.getMessage(), tooLong);
      }
      if (fits(drawn, start, span, hull, gapSeconds, tailSeconds)) {
        ScenarioRequest r = request(stationFile, start, span, seed, options, stations, events);
        new ScenarioWriter(new PrintStream(OutputStream.nullOutputStream()), 2, 60).write(r, dir);
        return r;
      }
    }
    throw new IllegalStateException(
        "no seed below 5000 places " + events + " events inside the network as required");
  }

  private static boolean fits(
      List<SyntheticEvent> drawn,
      long start,
      long span,
      DemoTruth hull,
      double gapSeconds,
      double tailSeconds) {
    long previous = Long.MIN_VALUE;
    for (SyntheticEvent e : drawn) {
      long t = e.origin().timeMicros();
      if (!hull.insideNetwork(e.origin().latitude(), e.origin().longitude())
          || t - start < 60_000_000L
          || start + span - t < tailSeconds * 1e6
          || (previous != Long.MIN_VALUE && t - previous < gapSeconds * 1e6)) {
        return false;
      }
      previous = t;
    }
    return true;
  }

  /** The true events of a scenario (its {@code catalog.xml}, with the true P and S picks). */
  static List<Earthquake> truth(Path scenario) throws Exception {
    return CatalogFiles.read(scenario.resolve("catalog.xml")).events();
  }

  /** The first true P arrival of an event at any station of the scenario, epoch µs. */
  static long firstP(Earthquake e) {
    return e.picks().stream()
        .filter(p -> p.phase().equals("P"))
        .mapToLong(io.quakegraph.seismic.Pick::timeMicros)
        .min()
        .orElseThrow(() -> new IllegalStateException("event " + e.eventId() + " has no P pick"));
  }

  /**
   * The partition of the packet topic a station's packets go to: the Kafka producer's default for a
   * keyed record (murmur2 of the key {@code NET.STA}, modulo the partition count).
   */
  static int packetPartition(String stationId, int partitions) {
    return Utils.toPositive(Utils.murmur2(stationId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * {@code share} of the stations ({@code NET.STA}, rounded down), chosen by {@code seed}: every
   * station of one partition of the packet topic (drawn by the seed among the partitions that fit
   * the share), then stations drawn by the seed until the share is reached. A whole partition is
   * silenced because that is the case idleness exists for: the source split of an empty partition
   * emits no watermark, and without idleness it would hold event time back for the whole job.
   */
  static List<String> silentStations(Inventory inv, double share, long seed, int partitions) {
    List<String> ids =
        inv.stations().stream().map(s -> s.network() + "." + s.station()).sorted().toList();
    int want = (int) Math.floor(share * ids.size());
    java.util.Map<Integer, List<String>> byPartition =
        new java.util.TreeMap<>(
            ids.stream()
                .collect(
                    java.util.stream.Collectors.groupingBy(id -> packetPartition(id, partitions))));
    List<Integer> fitting =
        byPartition.entrySet().stream()
            .filter(p -> p.getValue().size() <= want)
            .map(java.util.Map.Entry::getKey)
            .toList();
    if (fitting.isEmpty()) {
      throw new IllegalArgumentException(
          "no packet partition holds " + want + " stations or fewer of " + ids.size());
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> silent =
        new ArrayList<>(byPartition.get(fitting.get(rng.nextInt(fitting.size()))));
    List<String> rest = new ArrayList<>(ids);
    rest.removeAll(silent);
    while (silent.size() < want) {
      silent.add(rest.remove(rng.nextInt(rest.size())));
    }
    return List.copyOf(silent);
  }

  /**
   * The figures of a model card's evaluation ({@code evaluation.json} of an export, {@code {method:
   * {time_s: {metric: value, "by_magnitude": {"lo-hi": {...}}}}}}) for one method, with no station
   * dropped.
   *
   * @param method the evaluated method (the export's {@code kind})
   * @param byTime the figures per evaluated time after the first P, s
   */
  record CardFigures(String method, java.util.NavigableMap<Double, JsonNode> byTime) {
    /** Reads the figures of the export's own kind ({@code spec.json} "kind"). */
    static CardFigures read(Path modelDir) throws java.io.IOException {
      ObjectMapper json = new ObjectMapper();
      String kind = json.readTree(modelDir.resolve("spec.json").toFile()).path("kind").asText();
      return read(modelDir, kind);
    }

    /** Reads the figures of one evaluated method (e.g. {@code fused}, the published estimate). */
    static CardFigures read(Path modelDir, String method) throws java.io.IOException {
      ObjectMapper json = new ObjectMapper();
      JsonNode root = json.readTree(modelDir.resolve("evaluation.json").toFile());
      JsonNode m = root.path(method);
      if (!m.isObject() || m.isEmpty()) {
        throw new IllegalArgumentException(
            modelDir.resolve("evaluation.json") + " has no figures for " + method);
      }
      java.util.NavigableMap<Double, JsonNode> byTime = new java.util.TreeMap<>();
      m.fields().forEachRemaining(f -> byTime.put(Double.parseDouble(f.getKey()), f.getValue()));
      return new CardFigures(method, byTime);
    }

    /** A metric at an evaluated time with every station of the evaluation network. */
    double allStations(double time, String metric) {
      return required(byTime.get(time), metric);
    }

    /** The last evaluated time after the first P, s. */
    double lastTime() {
      return byTime.lastKey();
    }

    /** The evaluated time nearest {@code seconds} after the first P. */
    double nearestTime(double seconds) {
      Double lo = byTime.floorKey(seconds);
      Double hi = byTime.ceilingKey(seconds);
      if (lo == null) {
        return hi;
      }
      if (hi == null) {
        return lo;
      }
      return seconds - lo <= hi - seconds ? lo : hi;
    }

    /**
     * A metric at an evaluated time, for the card's magnitude band holding {@code magnitude} when
     * that band has evaluated events, else over all magnitudes.
     */
    double figure(double time, double magnitude, String metric) {
      JsonNode at = byTime.get(time);
      JsonNode bands = at.path("by_magnitude");
      for (var it = bands.fields(); it.hasNext(); ) {
        var band = it.next();
        String[] lohi = band.getKey().split("-");
        double lo = Double.parseDouble(lohi[0]);
        double hi = Double.parseDouble(lohi[1]);
        if (magnitude >= lo && magnitude < hi && band.getValue().path("count").asInt() > 0) {
          return required(band.getValue(), metric);
        }
      }
      return required(at, metric);
    }

    /**
     * A metric at an evaluated time with a fraction of the stations dropped (the card's keys:
     * "0.25", "0.5"), over all magnitudes.
     */
    double droppedFigure(double time, String fraction, String metric) {
      JsonNode d = byTime.get(time).path("dropped").path(fraction);
      if (!d.isObject()) {
        throw new IllegalArgumentException(
            "model card has no figures with "
                + fraction
                + " of the stations dropped for "
                + method);
      }
      return required(d, metric);
    }

    private double required(JsonNode n, String metric) {
      JsonNode v = n.path(metric);
      if (!v.isNumber()) {
        throw new IllegalArgumentException(
            "model card figure " + metric + " missing for " + method);
      }
      return v.asDouble();
    }
  }

  private static ScenarioRequest request(
      Path stationFile, long start, long span, long seed, ScenarioOptions o, int stations) {
    return request(stationFile, start, span, seed, o, stations, 1);
  }

  private static ScenarioRequest request(
      Path stationFile,
      long start,
      long span,
      long seed,
      ScenarioOptions o,
      int stations,
      int events) {
    return new ScenarioRequest(
        stationFile,
        "CI",
        start,
        span,
        events,
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
    return LocalPipeline.createTopics(kafka, suffix);
  }

  /**
   * A small scenario ({@link #scenario}) simulated into {@code dir/scenario}, a random-weight model
   * for its network, and a pipeline on it with fresh topics {@code <standard>.<suffix>}, the job
   * checkpointing every second; the job is not started yet.
   */
  static LocalPipeline pipeline(
      Path dir, int stations, int seconds, String suffix, UnaryOperator<JobConfig.Builder> settings)
      throws Exception {
    Path scenario = dir.resolve("scenario");
    scenario(scenario, stations, seconds);
    Path model = model(dir, inventory(scenario));
    return LocalPipeline.builder(model, scenario.resolve("stations"))
        .topicSuffix(suffix)
        .job(b -> settings.apply(b.checkpointInterval(Duration.ofSeconds(1))))
        .start();
  }

  /**
   * Replays the scenario (1-s packets, max speed) into the given topics: the stations {@code only}
   * ({@code NET.STA} globs), or all when it is null.
   */
  static ReplayResult replay(
      EmbeddedKafka kafka,
      Path scenario,
      Inventory inv,
      String packets,
      String dead,
      List<String> only)
      throws Exception {
    return replayWith(kafka, inv, packets, dead, replayOptions(scenario, only));
  }

  /**
   * Replays an archive into the given topics as {@code options} say (speed, packets, selection).
   */
  static ReplayResult replayWith(
      EmbeddedKafka kafka, Inventory inv, String packets, String dead, ReplayOptions options)
      throws Exception {
    return LocalPipeline.replay(kafka.bootstrapServers(), inv, packets, dead, options);
  }

  /** The replay options of {@link #replay}: 1-s packets at max speed, {@code only} or all. */
  static ReplayOptions replayOptions(Path scenario, List<String> only) {
    Selection sel =
        only == null
            ? Selection.ALL
            : new Selection(Long.MIN_VALUE, Long.MAX_VALUE, only, List.of());
    return ReplayOptions.of(scenario.toString()).toBuilder()
        .packetSeconds(1)
        .selection(sel)
        .build();
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
    return readUntil(kafka, topic, "read_committed", done, timeout);
  }

  /**
   * As {@link #readUntil(EmbeddedKafka, String, java.util.function.Predicate, Duration)} with an
   * isolation level: {@code read_uncommitted} also returns the records of aborted transactions.
   */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(
      EmbeddedKafka kafka,
      String topic,
      String isolation,
      java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
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

  /**
   * Waits until the job's consumer group has committed every record of {@code topic} (the source
   * commits its offsets at each checkpoint), i.e. the job has taken in the whole replay.
   *
   * @throws IllegalStateException when records are still left after the timeout
   */
  static void awaitConsumed(EmbeddedKafka kafka, String topic, String groupId, Duration timeout)
      throws Exception {
    try (Admin admin = kafka.admin()) {
      Backlog.Drained d = Backlog.drain(admin, topic, groupId, timeout, null, left -> {});
      if (!d.complete()) {
        throw new IllegalStateException(
            d.left() + " records of " + topic + " not taken in by the job within " + timeout);
      }
    }
  }

  /**
   * Every alert of a replay: waits until the job has committed every packet of {@code packets} (up
   * to {@code timeout}) and two more checkpoint intervals, so that its last transactions have
   * committed, then reads all of {@code alerts}.
   */
  static List<EarthquakeAlert> alertsOfWholeReplay(
      EmbeddedKafka kafka, String packets, String alertsTopic, JobConfig cfg, Duration timeout)
      throws Exception {
    awaitConsumed(kafka, packets, cfg.groupId(), timeout);
    Thread.sleep(2 * cfg.checkpointInterval().toMillis());
    return alerts(readUntil(kafka, alertsTopic, rs -> false, Duration.ofSeconds(2)));
  }

  /**
   * {@link #alertsOfWholeReplay(EmbeddedKafka, String, String, JobConfig, Duration)} of a pipeline.
   */
  static List<EarthquakeAlert> alertsOfWholeReplay(LocalPipeline p, Duration timeout)
      throws Exception {
    JobConfig cfg = p.config();
    return alertsOfWholeReplay(p.kafka(), cfg.packetsTopic(), cfg.alertsTopic(), cfg, timeout);
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
