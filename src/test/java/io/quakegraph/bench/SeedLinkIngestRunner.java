package io.quakegraph.bench;

import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.IngestMetrics;
import io.quakegraph.ingest.SeedLinkBridge;
import io.quakegraph.ingest.SeedLinkBridgeOptions;
import io.quakegraph.ingest.StationSpec;
import io.quakegraph.ingest.seedlink.SeedLinkServer;
import io.quakegraph.ingest.seedlink.SeedLinkServerOptions;
import io.quakegraph.ingest.seedlink.ServedArchive;
import io.quakegraph.ingest.seedlink.SmallArchive;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A quick measurement, not a test: our SeedLink server at speed max → bridge → in-process broker,
 * packets per second until the whole archive is acknowledged. Arguments: stations minutes
 * record-seconds. The ingest benchmark proper is {@code quakegraph bench ingest}.
 */
public final class SeedLinkIngestRunner {
  private SeedLinkIngestRunner() {}

  public static void main(String[] args) throws Exception {
    int stations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    double recordSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
    Path tmp = Files.createTempDirectory("sl-bench");
    Path dir = SmallArchive.write(tmp.resolve("archive"), stations, minutes);
    ServedArchive archive = ServedArchive.load(dir, recordSeconds);
    long n = archive.packetCount();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        SeedLinkServer server =
            SeedLinkServer.start(
                archive,
                SeedLinkServerOptions.defaults().toBuilder()
                    .speed(Double.POSITIVE_INFINITY)
                    .build())) {
      kafka.createTopics();
      IngestMetrics m = new IngestMetrics();
      long t0 = System.nanoTime();
      try (SeedLinkBridge bridge =
          SeedLinkBridge.start(
              SeedLinkBridgeOptions.of(
                  "127.0.0.1",
                  server.port(),
                  StationSpec.parseList("*_*"),
                  kafka.bootstrapServers(),
                  tmp.resolve("state")),
              m)) {
        while (m.acceptedCount() + m.rejectedCount() < n) {
          Thread.sleep(5);
        }
      } // close() flushes: everything acknowledged
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "%d stations x %d min, %.1f s records: %d packets in %.2f s = %.0f packets/s (%s)%n",
          archive.stations().size(), minutes, recordSeconds, n, s, n / s, m);
    }
  }
}
