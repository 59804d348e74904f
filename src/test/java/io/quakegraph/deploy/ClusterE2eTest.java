package io.quakegraph.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.cli.CliProcess;
import io.quakegraph.cli.QuakeGraphHome;
import io.quakegraph.dataset.CatalogFiles;
import io.quakegraph.demo.DemoTruth;
import io.quakegraph.ingest.Topics;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.stream.alerts.AlertBook;
import io.quakegraph.stream.alerts.AlertConsumer;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import io.quakegraph.synth.SyntheticEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job as an operator deploys it: a Flink session cluster of separate JVMs (a job manager and
 * two task managers started from Flink's own entry points, with a distribution's class path plus
 * DJL in {@code lib/}), a standalone broker ({@code quakegraph kafka}), the job artifact submitted
 * with {@code quakegraph job --cluster}, and the scenario fed by {@code quakegraph replay}. The
 * alerts locate the event; then the task manager that runs the graph head is killed (kill -9) in
 * the middle of the event, the job restarts from its last checkpoint on the surviving task manager,
 * and a consumer that drops versions it has seen ({@link AlertConsumer}) sees every version of the
 * event once (1..n, one final), every repeated record equal to the first.
 *
 * <p>Runs in {@code mvn verify} after {@code package} (surefire execution {@code cluster-test},
 * phase integration-test): it needs {@code target/quakegraph-job.jar} and {@code target/flink-lib}.
 * Alone: {@code mvn -B package -DskipTests && mvn -B test -Dtest=ClusterE2eTest}.
 */
class ClusterE2eTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterE2eTest.class);

  /** The bundled model: real DJL inference on the task managers. */
  static final Path MODEL = Path.of("model-export/stgnn-socal-v2");

  /** Built by {@code package}; the build passes the paths (its folder may be another). */
  static final Path JOB_JAR =
      Path.of(System.getProperty("quakegraph.jobJar", "target/quakegraph-job.jar"));

  static final Path FLINK_LIB =
      Path.of(System.getProperty("quakegraph.flinkLib", "target/flink-lib"));

  static final int STATIONS = 12;
  static final int SECONDS = 130;

  /**
   * Data seconds per wall second: the feed still runs when the job has recovered, as a live feed
   * would (see FailoverE2eTest).
   */
  static final String REPLAY_SPEED = "2";

  /** The epicentre bound of the accuracy test: this many times the model card's mean error. */
  static final double FACTOR = 3.0;

  /** The card's row for a sparse network (as SyntheticAccuracyE2eTest). */
  static final String DROPPED = "0.5";

  private static final Pattern SUBMITTED = Pattern.compile("job: submitted to \\S+ as (\\w+)");

  @TempDir static Path dir;

  @Test
  void theJobArtifactRunsOnASessionClusterAndSurvivesALostTaskManager() throws Exception {
    assertTrue(
        Files.isRegularFile(JOB_JAR) && Files.isDirectory(FLINK_LIB),
        JOB_JAR + " or " + FLINK_LIB + " missing: run `mvn -B package -DskipTests` first");
    assertTrue(Files.isRegularFile(MODEL.resolve("spec.json")), "bundled model missing: " + MODEL);
    jobArtifactHoldsTheJobAndNotTheCluster();

    Path scenario = dir.resolve("scenario");
    scenario(scenario);
    Path stations = scenario.resolve("stations");
    List<Earthquake> truth = CatalogFiles.read(scenario.resolve("catalog.xml")).events();
    assertEquals(1, truth.size(), truth.toString());

    int kafkaPort = LocalFlinkCluster.freePort();
    String bootstrap = "127.0.0.1:" + kafkaPort;
    List<AutoCloseable> closing = Collections.synchronizedList(new ArrayList<>());
    // should the test JVM end first (Ctrl-C, a surefire timeout): no child process outlives it
    Thread hook = new Thread(() -> closeAll(closing), "cluster-test-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    CliProcess kafka =
        CliProcess.start(
            "kafka",
            "--port",
            Integer.toString(kafkaPort),
            "--dir",
            dir.resolve("kafka").toString());
    closing.add(kafka);
    Thread consumerThread = null;
    AlertConsumer consumer = null;
    try {
      long t0 = System.nanoTime();
      LocalFlinkCluster cluster =
          LocalFlinkCluster.start(
              dir.resolve("flink"), FLINK_LIB, 2, 2, Map.of(), Duration.ofSeconds(120));
      closing.add(cluster);
      kafka.awaitLine(l -> l.startsWith("kafka: bootstrap"), Duration.ofSeconds(90));
      LOG.info(
          "cluster at {} (2 task managers) and broker at {} up in {} s",
          cluster.restAddress(),
          bootstrap,
          String.format("%.1f", (System.nanoTime() - t0) / 1e9));

      // 1. submit as an operator does
      CliProcess submit =
          CliProcess.start(
              "job",
              "--cluster",
              cluster.restAddress(),
              "--job-jar",
              JOB_JAR.toString(),
              "--bootstrap",
              bootstrap,
              "--model",
              MODEL.toAbsolutePath().toString(),
              "--inventory",
              stations.toString(),
              "--checkpoint-interval",
              "1s");
      closing.add(submit);
      assertEquals(0, submit.await(Duration.ofSeconds(120)), submit.all());
      assertTrue(submit.out().stream().anyMatch(l -> l.startsWith("job: Flink 2.2")), submit.all());
      Matcher m =
          SUBMITTED.matcher(
              submit.awaitLine(l -> SUBMITTED.matcher(l).find(), Duration.ZERO).text());
      assertTrue(m.find());
      JobID job = JobID.fromHexString(m.group(1));
      cluster.awaitAllTasksRunning(job, Duration.ofSeconds(120));
      LOG.info("job {} running", job);

      // 2. the consumer, from the beginning of the topic, and the feed
      List<EarthquakeAlert> seen = Collections.synchronizedList(new ArrayList<>());
      AlertConsumer c = new AlertConsumer(bootstrap, Topics.ALERTS, true);
      consumer = c;
      consumerThread = new Thread(() -> c.run(seen::add), "alert-consumer");
      consumerThread.setDaemon(true);
      consumerThread.start();
      CliProcess replay =
          CliProcess.start(
              "replay",
              "--archive",
              scenario.toString(),
              "--inventory",
              stations.toString(),
              "--bootstrap",
              bootstrap,
              "--speed",
              REPLAY_SPEED,
              "--packet-seconds",
              "1");
      closing.add(replay);

      // 3. the first version is out: kill -9 the task manager that runs the graph head
      await(() -> !seen.isEmpty(), Duration.ofSeconds(150), () -> "no alert\n" + cluster.logs());
      List<EarthquakeAlert> before = List.copyOf(seen);
      Set<String> head = cluster.taskManagersOf(job, "event-head");
      String victim = head.isEmpty() ? "tm-0" : head.iterator().next();
      cluster.kill(victim);
      LOG.info(
          "killed task manager {} (runs the head: {}) after {} version(s)",
          victim,
          head,
          before.size());
      assertFalse(
          before.stream().anyMatch(EarthquakeAlert::getFinalEstimate),
          "the kill was to come before the final version, but it was out already: " + before);

      // 4. the job recovers on the other task manager and the event goes on to its final version
      assertEquals(0, replay.await(Duration.ofSeconds(150)), replay.all());
      await(
          () -> seen.stream().anyMatch(EarthquakeAlert::getFinalEstimate),
          Duration.ofSeconds(120),
          () -> "no final version after the kill: " + seen + "\n" + cluster.logs());
      Thread.sleep(3000); // repeats still in flight
      await(
          () -> taskManagers(cluster) == 1,
          Duration.ofSeconds(30),
          () -> "the killed task manager is still registered");
      JsonNode j = cluster.get("/jobs/" + job);
      assertEquals("RUNNING", j.path("state").asText(), j.toString());
      assertTrue(j.path("timestamps").path("RESTARTING").asLong() > 0, "never restarted: " + j);
      JsonNode restored =
          cluster.get("/jobs/" + job + "/checkpoints").path("latest").path("restored");
      assertTrue(restored.has("id"), "no checkpoint restored: " + restored);
      LOG.info(
          "restored checkpoint {}; {} versions seen once, {} repeats dropped",
          restored.path("id").asLong(),
          seen.size(),
          c.repeatsDropped());

      // 5. the consumer's view: every version once, repeats equal to the first
      assertEquals(0, c.changedRepeats(), "a repeated version differs from the first copy");
      AlertBook book = new AlertBook();
      List<EarthquakeAlert> all = List.copyOf(seen);
      all.forEach(book::add);
      assertEquals(List.of(), book.problems(), "versions 1..n, each once, nothing after final");
      assertEquals(1, book.events().size(), "one event alerted under one id: " + book.events());
      List<EarthquakeAlert> v = book.versions(book.events().get(0));
      assertEquals(1, v.stream().filter(EarthquakeAlert::getFinalEstimate).count(), "one final");
      assertEquals(v.size(), v.get(v.size() - 1).getVersion(), "versions 1..n");
      assertTrue(v.size() > before.size(), "the event went on after the kill: " + v.size());

      // 6. the alerts locate the event, within the accuracy test's bound
      Earthquake e = truth.get(0);
      long firstP =
          e.picks().stream()
              .filter(p -> p.phase().equals("P"))
              .mapToLong(io.quakegraph.seismic.Pick::timeMicros)
              .min()
              .orElseThrow();
      JsonNode card = cardFigures();
      List<String> report = new ArrayList<>();
      boolean near = true;
      for (EarthquakeAlert a : v) {
        double tau = (Times.micros(a.getDataTime()) - firstP) / 1e6;
        double km = DemoTruth.errors(a, e).epicentreKm();
        double bound = FACTOR * figure(card, tau);
        near &= km <= bound;
        report.add(
            String.format("v%d tau %.1f s: %.1f km (bound %.1f)", a.getVersion(), tau, km, bound));
      }
      LOG.info(
          "true M{} at {} {}: {}",
          e.magnitude(),
          e.origin().latitude(),
          e.origin().longitude(),
          report);
      assertTrue(near, "a version beyond the bound: " + report);
    } finally {
      if (consumer != null) {
        consumer.stop();
        consumerThread.join(10_000);
        consumer.close();
      }
      closeAll(closing);
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  /** Closes the children, the last started first; each is closed once. */
  private static void closeAll(List<AutoCloseable> closing) {
    List<AutoCloseable> all;
    synchronized (closing) {
      all = new ArrayList<>(closing);
      closing.clear();
    }
    Collections.reverse(all);
    for (AutoCloseable a : all) {
      try {
        a.close();
      } catch (Exception e) {
        LOG.warn("closing {}: {}", a, e.toString());
      }
    }
  }

  /**
   * The job artifact holds the job, the Kafka connector and client, and none of Flink's runtime,
   * the broker, its test kit, JMH, an SLF4J binding or DJL.
   */
  private static void jobArtifactHoldsTheJobAndNotTheCluster() throws Exception {
    try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
      Set<String> entries = new java.util.HashSet<>();
      jar.stream().forEach(x -> entries.add(x.getName()));
      for (String in :
          List.of(
              "io/quakegraph/stream/EewJob.class",
              "org/apache/flink/connector/kafka/source/KafkaSource.class",
              "org/apache/flink/connector/base/DeliveryGuarantee.class",
              "org/apache/flink/formats/avro/typeutils/AvroTypeInfo.class",
              "org/apache/kafka/clients/producer/KafkaProducer.class",
              "org/apache/avro/Schema.class")) {
        assertTrue(entries.contains(in), JOB_JAR + " lacks " + in);
      }
      for (String out :
          List.of(
              "org/apache/flink/runtime/",
              "org/apache/flink/streaming/api/",
              "org/apache/flink/api/common/",
              "kafka/server/",
              "org/apache/kafka/common/test/",
              "org/openjdk/jmh/",
              "org/slf4j/",
              "ai/djl/",
              "scala/")) {
        assertFalse(
            entries.stream().anyMatch(x -> x.startsWith(out)), JOB_JAR + " holds " + out + "...");
      }
    }
  }

  /**
   * One event M4.5-5 on the {@value #STATIONS} CI stations nearest the network's centre, {@value
   * #SECONDS} s, origin 60-80 s in (a minute of data before the job's first window, time after the
   * last trigger for the final version), no imperfections.
   */
  private static void scenario(Path out) throws Exception {
    Path stationFile = QuakeGraphHome.defaultStations();
    ScenarioOptions d = ScenarioOptions.defaults();
    ScenarioOptions o =
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
    long span = SECONDS * 1_000_000L;
    List<Station> sites = ScenarioWriter.sites(request(stationFile, start, span, 1, o));
    ScenarioCatalog cat = new ScenarioCatalog(sites, TravelTimes.hadleyKanamori(), o);
    for (long seed = 1; seed < 500; seed++) {
      SyntheticEvent e = cat.generate(start, span, 1, seed).get(0);
      double at = (e.origin().timeMicros() - start) / 1e6;
      if (at >= 60 && at <= 80) {
        new ScenarioWriter(new PrintStream(OutputStream.nullOutputStream()), 2, 60)
            .write(request(stationFile, start, span, seed, o), out);
        return;
      }
    }
    throw new IllegalStateException("no seed puts the event 60-80 s in");
  }

  private static ScenarioRequest request(
      Path stationFile, long start, long span, long seed, ScenarioOptions o) {
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
        STATIONS,
        List.of("cluster-e2e"),
        "test");
  }

  /** The model card's figures of the model's own kind, by time after the first P. */
  private static JsonNode cardFigures() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String kind = json.readTree(MODEL.resolve("spec.json").toFile()).path("kind").asText();
    return json.readTree(MODEL.resolve("evaluation.json").toFile()).path(kind);
  }

  /**
   * The card's mean epicentral error with {@value #DROPPED} of the stations dropped, nearest tau.
   */
  private static double figure(JsonNode card, double tau) {
    String best = null;
    for (var it = card.fieldNames(); it.hasNext(); ) {
      String t = it.next();
      if (best == null
          || Math.abs(Double.parseDouble(t) - tau) < Math.abs(Double.parseDouble(best) - tau)) {
        best = t;
      }
    }
    JsonNode f = card.path(best).path("dropped").path(DROPPED).path("epicentral_km_mean");
    assertTrue(f.isNumber(), "model card has no epicentral_km_mean with " + DROPPED + " dropped");
    return f.asDouble();
  }

  private static int taskManagers(LocalFlinkCluster cluster) {
    try {
      return cluster.get("/overview").path("taskmanagers").asInt();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void await(
      java.util.function.BooleanSupplier done,
      Duration timeout,
      java.util.function.Supplier<String> why)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(why.get());
      }
      Thread.sleep(200);
    }
  }
}
