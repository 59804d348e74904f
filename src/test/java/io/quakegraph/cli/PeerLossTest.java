package io.quakegraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.ingest.seedlink.SeedLinkServer;
import io.quakegraph.ingest.seedlink.SeedLinkServerOptions;
import io.quakegraph.ingest.seedlink.ServedArchive;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code quakegraph ingest} (a process) loses its SeedLink server and then its broker while it
 * runs: each loss is one WARN line saying how long the peer had been answering, each recovery one
 * INFO line saying how long it was down, whatever the number of reconnect attempts in between; the
 * Kafka clients' own retry warnings stay off the terminal. The broker is {@code quakegraph kafka}
 * (a process, so it can be stopped and started again on the same port and folder), the SeedLink
 * server the project's own, serving the La Verne event folder in a loop.
 */
class PeerLossTest {
  @Test
  void lostPeersAreOneWarnLineEachAndOneInfoLineOnRecovery(@TempDir Path dir) throws Exception {
    int kafkaPort = freePort();
    String bootstrap = "127.0.0.1:" + kafkaPort;
    Path laverne = QuakeGraphHome.shared().resolve("data/events/ci38038071_laverne_M4.4");
    ServedArchive served = ServedArchive.load(laverne, 0);
    SeedLinkServerOptions options =
        SeedLinkServerOptions.defaults().toBuilder().port(0).speed(20).loop(true).build();
    SeedLinkServer server = SeedLinkServer.start(served, options);
    int slPort = server.port();
    String kafkaDir = dir.resolve("kafka").toString();
    CliProcess broker = startBroker(kafkaPort, kafkaDir);
    try (CliProcess ingest =
        CliProcess.start(
            "ingest",
            "--seedlink",
            "127.0.0.1:" + slPort,
            "--streams",
            "*_*",
            "--bootstrap",
            bootstrap,
            "--state",
            dir.resolve("state").toString(),
            "--read-timeout",
            "5s")) {
      ingest.awaitLine(l -> l.contains("connected to"), Duration.ofSeconds(60));

      // 1. the SeedLink server goes, for a few reconnect attempts, and comes back on its port
      server.close();
      ingest.awaitLine(
          l -> l.contains("WARN") && l.contains("SeedLink server") && l.contains("is down"),
          Duration.ofSeconds(30));
      Thread.sleep(4000);
      server = SeedLinkServer.start(served, options.toBuilder().port(slPort).build());
      ingest.awaitLine(
          l -> l.contains("INFO") && l.contains("SeedLink server") && l.contains("is back after"),
          Duration.ofSeconds(60));

      // 2. the broker goes, and comes back on the same port and folder
      broker.close();
      ingest.awaitLine(
          l -> l.contains("WARN") && l.contains("Kafka at " + bootstrap + " is down"),
          Duration.ofSeconds(30));
      Thread.sleep(4000);
      broker = startBroker(kafkaPort, kafkaDir);
      ingest.awaitLine(
          l -> l.contains("INFO") && l.contains("Kafka at " + bootstrap + " is back after"),
          Duration.ofSeconds(60));

      LoggerFactory.getLogger(PeerLossTest.class).info("ingest printed:\n{}", ingest.all());
      List<String> err = ingest.err();
      assertEquals(
          1,
          err.stream().filter(l -> l.contains("SeedLink server") && l.contains("is down")).count(),
          ingest.all());
      assertEquals(
          1,
          err.stream().filter(l -> l.contains("Kafka at") && l.contains("is down")).count(),
          ingest.all());
      assertTrue(
          err.stream()
              .noneMatch(l -> l.contains("Connection to node") || l.contains("NetworkClient")),
          "Kafka client chatter on the terminal:\n" + ingest.all());
      assertTrue(
          err.stream().filter(l -> l.contains("is down")).allMatch(l -> l.contains("last answer")),
          ingest.all());
    } finally {
      server.close();
      broker.close();
    }
  }

  private static CliProcess startBroker(int port, String dir) throws Exception {
    CliProcess b = CliProcess.start("kafka", "--port", Integer.toString(port), "--dir", dir);
    b.awaitLine(l -> l.startsWith("kafka: bootstrap"), Duration.ofSeconds(60));
    return b;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
