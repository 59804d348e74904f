package io.quakegraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command that needs a peer, a model, an inventory, an archive or an output folder checks
 * them first: a failure is one line on stderr naming what is wrong and what to do, exit status 2,
 * within 15 s (the bound; the Kafka and SeedLink probes give up after 5 s). Each case runs
 * {@code quakegraph} as a separate JVM, so the line is everything the operator sees: no Kafka
 * client retry warnings, no stack trace.
 */
class PreflightCommandsTest {
  /** The bound for a failing start-up check, JVM start included. */
  static final double LIMIT_S = 15;

  static final Path LAVERNE =
      QuakeGraphHome.shared().resolve("data/events/ci38038071_laverne_M4.4");
  static final String MODEL = "model-export/stgnn-socal-v1";

  @TempDir static Path tmp;

  /** A port nobody listens on: connections are refused at once. */
  static String deadBroker;

  /** A socket that accepts connections and never answers: the bounded timeouts must end it. */
  static ServerSocket silent;

  @BeforeAll
  static void ports() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      deadBroker = "127.0.0.1:" + s.getLocalPort();
    }
    silent = new ServerSocket(0, 50);
  }

  @AfterAll
  static void closeSilent() throws IOException {
    silent.close();
  }

  /** Runs quakegraph, expects exit 2 and one stderr line holding every {@code expected} text. */
  static String failsWith(List<String> expected, String... args) throws Exception {
    return failsWith(java.util.Map.of(), expected, args);
  }

  /** As {@link #failsWith(List, String...)} with system properties for the process. */
  static String failsWith(
      java.util.Map<String, String> props, List<String> expected, String... args) throws Exception {
    CliProcess p = CliProcess.start(java.util.Map.of(), props, args);
    int exit = p.await(Duration.ofSeconds(60));
    double seconds = p.elapsed();
    String all = p.all();
    assertEquals(2, exit, all);
    assertEquals(1, p.err().size(), "one line on stderr, got:\n" + all);
    String line = p.err().get(0);
    assertTrue(line.startsWith("quakegraph " + args[0] + ": error: "), line);
    for (String e : expected) {
      assertTrue(line.contains(e), "'" + e + "' missing from: " + line);
    }
    assertTrue(line.contains("; "), "no remedy after the problem: " + line);
    assertTrue(seconds < LIMIT_S, args[0] + " took " + seconds + " s to fail (limit 15 s)");
    return line;
  }

  @Test
  void jobWithAMalformedStationXmlNamesTheFileAndLineAndNeverStartsFlink() throws Exception {
    Path inv = tmp.resolve("inv-bad");
    Files.createDirectories(inv);
    Files.copy(LAVERNE.resolve("AZ.HSSP.xml"), inv.resolve("AZ.HSSP.xml"));
    Files.writeString(
        inv.resolve("CI.BAD.xml"),
        "<?xml version=\"1.0\"?>\n<FDSNStationXML xmlns=\"http://www.fdsn.org/xml/station/1\">\n"
            + "<Network code=\"CI\"><Station code=\"BAD\"><Latitude>north</Latitude>\n",
        StandardCharsets.UTF_8);
    Path checkpoints = tmp.resolve("never-made");
    failsWith(
        List.of("CI.BAD.xml", "line 3", "fix or remove that file"),
        "job",
        "--bootstrap",
        deadBroker,
        "--model",
        MODEL,
        "--inventory",
        inv.toString(),
        "--checkpoint-dir",
        checkpoints.toString());
    assertFalse(Files.exists(checkpoints), "the job got as far as its checkpoint folder");
  }

  @Test
  void jobWithARegionsFileThatPutsAStationInTwoRegionsNamesTheLine() throws Exception {
    Path regions = tmp.resolve("regions.txt");
    Files.writeString(regions, "north: CI.GR2 AZ.*\nsouth: CE.* CI.GR2\n");
    failsWith(
        List.of(
            "bad regions file " + regions + ":2: CI.GR2 would be in two regions: south and",
            "each station in one region"),
        "job",
        "--bootstrap",
        deadBroker,
        "--model",
        MODEL,
        "--inventory",
        LAVERNE.toString(),
        "--regions",
        regions.toString(),
        "--checkpoint-dir",
        tmp.resolve("ck-regions").toString());
  }

  @Test
  void jobWithoutABrokerSaysSoInOneLine() throws Exception {
    failsWith(
        List.of("Kafka at " + deadBroker + " is not reachable", "quakegraph kafka"),
        "job",
        "--bootstrap",
        deadBroker,
        "--model",
        MODEL,
        "--inventory",
        LAVERNE.toString(),
        "--checkpoint-dir",
        tmp.resolve("ck1").toString());
  }

  @Test
  void jobWithABrokerThatNeverAnswersGivesUpWithinTheBound() throws Exception {
    String addr = "127.0.0.1:" + silent.getLocalPort();
    failsWith(
        List.of("Kafka at " + addr + " is not reachable", "no answer within 5 s"),
        "job",
        "--bootstrap",
        addr,
        "--model",
        MODEL,
        "--inventory",
        LAVERNE.toString(),
        "--checkpoint-dir",
        tmp.resolve("ck2").toString());
  }

  @Test
  void jobForAClusterWithoutTheJobArtifactSaysHowToBuildIt() throws Exception {
    Path home = tmp.resolve("checkout-unbuilt");
    Files.createDirectories(home);
    failsWith(
        java.util.Map.of("quakegraph.home", home.toString()),
        List.of(
            "the job artifact has not been built",
            home.resolve("target/quakegraph-job.jar").toString(),
            "mvn -B package -DskipTests",
            "--job-jar"),
        "job",
        "--cluster",
        deadBroker,
        "--bootstrap",
        deadBroker,
        "--model",
        MODEL,
        "--inventory",
        LAVERNE.toString());
  }

  @Test
  void jobForAClusterThatIsNotThereSaysSoInOneLine() throws Exception {
    Path jar = fakeJobArtifact();
    failsWith(
        List.of("Flink cluster at " + deadBroker + " is not reachable", "start the cluster"),
        "job",
        "--cluster",
        deadBroker,
        "--job-jar",
        jar.toString(),
        "--bootstrap",
        deadBroker,
        "--model",
        MODEL,
        "--inventory",
        LAVERNE.toString());
    String addr = "127.0.0.1:" + silent.getLocalPort();
    failsWith(
        List.of("Flink cluster at " + addr + " did not answer within 5 s"),
        "job",
        "--cluster",
        addr,
        "--job-jar",
        jar.toString(),
        "--bootstrap",
        deadBroker,
        "--model",
        MODEL,
        "--inventory",
        LAVERNE.toString());
  }

  @Test
  void jobForAClusterRefusesTheAllInOneJar() throws Exception {
    Path jar = tmp.resolve("all-in-one.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      for (String e :
          List.of(
              "io/quakegraph/stream/EewJob.class",
              "org/apache/flink/runtime/jobgraph/JobGraph.class")) {
        out.putNextEntry(new java.util.jar.JarEntry(e));
        out.closeEntry();
      }
    }
    failsWith(
        List.of("carries Flink's runtime", "target/quakegraph-job.jar"),
        "job",
        "--cluster",
        deadBroker,
        "--job-jar",
        jar.toString(),
        "--bootstrap",
        deadBroker,
        "--model",
        MODEL,
        "--inventory",
        LAVERNE.toString());
  }

  /** A jar that passes the job artifact check (it holds the job's class, no Flink runtime). */
  private static Path fakeJobArtifact() throws IOException {
    Path jar = tmp.resolve("quakegraph-job.jar");
    if (!Files.exists(jar)) {
      try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
        out.putNextEntry(new java.util.jar.JarEntry("io/quakegraph/stream/EewJob.class"));
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void anIncompleteModelFolderNamesTheMissingFile() throws Exception {
    Path m = tmp.resolve("model-incomplete");
    Files.createDirectories(m);
    Files.copy(Path.of(MODEL, "spec.json"), m.resolve("spec.json"));
    Files.copy(Path.of(MODEL, "encoder.params"), m.resolve("encoder.params"));
    failsWith(
        List.of("model folder " + m + " is incomplete: no head.params", "--model"),
        "evaluate",
        "--model",
        m.toString(),
        "--events",
        "1");
  }

  @Test
  void demoWithATruncatedParameterFileSaysTheModelDoesNotLoad() throws Exception {
    Path m = tmp.resolve("model-truncated");
    Files.createDirectories(m);
    for (String f : List.of("spec.json", "encoder.params")) {
      Files.copy(Path.of(MODEL, f), m.resolve(f));
    }
    byte[] head = Files.readAllBytes(Path.of(MODEL, "head.params"));
    Files.write(m.resolve("head.params"), java.util.Arrays.copyOf(head, head.length / 2));
    failsWith(
        List.of("does not load", "re-export"),
        "demo",
        "--model",
        m.toString(),
        "--archive",
        LAVERNE.toString(),
        "--inventory",
        LAVERNE.toString());
  }

  @Test
  void replayChecksItsArchiveBeforeTheBroker() throws Exception {
    failsWith(
        List.of("archive /nonexistent does not exist", "--archive"),
        "replay",
        "--archive",
        "/nonexistent",
        "--bootstrap",
        deadBroker);
    failsWith(
        List.of("Kafka at " + deadBroker + " is not reachable"),
        "replay",
        "--archive",
        LAVERNE.toString(),
        "--bootstrap",
        deadBroker);
  }

  @Test
  void ingestChecksTheSeedLinkServerAndItsStateFolder() throws Exception {
    String refused = deadBroker;
    failsWith(
        List.of("SeedLink server " + refused + " is not reachable", "seedlink-server"),
        "ingest",
        "--seedlink",
        refused,
        "--streams",
        "CI_*:HH?",
        "--bootstrap",
        deadBroker);
    String mute = "127.0.0.1:" + silent.getLocalPort();
    failsWith(
        List.of("SeedLink server " + mute + " did not answer within 4 s"),
        "ingest",
        "--seedlink",
        mute,
        "--streams",
        "CI_*:HH?",
        "--bootstrap",
        deadBroker);
  }

  @Test
  void seedLinkServerWithoutMiniSeedSaysSo() throws Exception {
    Path notWaveforms = tmp.resolve("only-xml");
    Files.createDirectories(notWaveforms);
    Files.copy(LAVERNE.resolve("AZ.HSSP.xml"), notWaveforms.resolve("AZ.HSSP.xml"));
    failsWith(
        List.of("holds no miniSEED file (no record in the 1 files looked at, e.g. AZ.HSSP.xml)"),
        "seedlink-server",
        "--archive",
        notWaveforms.toString(),
        "--port",
        "0");
  }

  @Test
  void alertsWithoutABroker() throws Exception {
    failsWith(
        List.of("Kafka at " + deadBroker + " is not reachable"),
        "alerts",
        "--bootstrap",
        deadBroker);
  }

  @Test
  void datasetWithABadCatalogueAndTrainWithAnUnwritableOutput() throws Exception {
    Path badCatalog = tmp.resolve("catalog.xml");
    Files.writeString(
        badCatalog,
        "<q:quakeml xmlns:q=\"http://quakeml.org/xmlns/quakeml/1.2\"><eventParameters>");
    failsWith(
        List.of("bad catalogue " + badCatalog, "--catalog"),
        "dataset",
        "--archive",
        LAVERNE.toString(),
        "--catalog",
        badCatalog.toString(),
        "--inventory",
        LAVERNE.toString(),
        "--out",
        tmp.resolve("out.h5").toString());
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "x");
    failsWith(
        List.of("cannot write to " + file.resolve("ckpt"), "--out"),
        "train",
        "--config",
        "config/train-stgnn-socal-v1.json",
        "--out",
        file.resolve("ckpt").toString());
  }

  @Test
  void evaluateWithAnUnwritableJsonOutput() throws Exception {
    Path file = tmp.resolve("b-file");
    Files.writeString(file, "x");
    failsWith(
        List.of("cannot write to " + file, "--json"),
        "evaluate",
        "--model",
        MODEL,
        "--json",
        file.resolve("scores.json").toString());
  }

  @Test
  void evaluateWithAMagnitudeFilterOnRealRecordings() throws Exception {
    failsWith(
        List.of("--min-magnitude selects events of a synthetic set"),
        "evaluate",
        "--model",
        MODEL,
        "--min-magnitude",
        "6.5",
        "--data",
        tmp.resolve("none.h5").toString());
  }

  /** Every checked command still parses (the checks added no required option). */
  @Test
  void everyCheckedCommandStillParsesItsHelp() {
    for (String c :
        List.of(
            "job",
            "replay",
            "ingest",
            "seedlink-server",
            "alerts",
            "demo",
            "train",
            "evaluate",
            "dataset")) {
      CommandLine cl = QuakeGraph.commandLine();
      cl.setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()));
      assertEquals(0, cl.execute(c, "--help"), c);
    }
  }
}
