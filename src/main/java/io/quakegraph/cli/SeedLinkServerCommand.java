package io.quakegraph.cli;

import io.quakegraph.ingest.seedlink.SeedLinkServer;
import io.quakegraph.ingest.seedlink.SeedLinkServerOptions;
import io.quakegraph.ingest.seedlink.ServedArchive;
import io.quakegraph.ops.ArchiveCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph seedlink-server}: serves a miniSEED archive over SeedLink 3.1 as a live feed,
 * in the foreground until Ctrl-C.
 */
@Command(
    name = "seedlink-server",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Serve a miniSEED archive (SCEDC layout, or any folder of miniSEED files) over SeedLink 3.1"
          + " as if it were live: 512-byte records released as the replay clock passes their end.",
      "Per-station sequence numbers depend only on the archive, so clients resume across"
          + " reconnects and server restarts. Ctrl-C stops it."
    },
    sortOptions = false)
public final class SeedLinkServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--archive",
      required = true,
      paramLabel = "DIR",
      description = "Archive folder (searched recursively).")
  Path archive;

  @Option(
      names = "--port",
      defaultValue = "18000",
      paramLabel = "P",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
  String bind;

  @Option(
      names = "--speed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Data seconds per wall second, or max (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(names = "--loop", description = "Repeat the archive forever, shifted in time.")
  boolean loop;

  @Option(
      names = "--record-seconds",
      defaultValue = "0",
      paramLabel = "S",
      description =
          "Cut records to about S seconds (low-latency telemetry); 0 for full 512-byte records (default).")
  double recordSeconds;

  @Option(
      names = "--idle-timeout",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description =
          "Disconnect a client silent this long during the handshake (default: ${DEFAULT-VALUE}).")
  int idleTimeout;

  @Option(
      names = "--max-clients",
      defaultValue = "64",
      paramLabel = "N",
      description = "Connections served at once (default: ${DEFAULT-VALUE}).")
  int maxClients;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SeedLinkServerOptions options;
    try {
      if (recordSeconds < 0 || Double.isNaN(recordSeconds)) {
        throw new IllegalArgumentException("--record-seconds must be >= 0: " + recordSeconds);
      }
      options =
          SeedLinkServerOptions.defaults().toBuilder()
              .bind(bind)
              .port(port)
              .speed(SeedLinkServerOptions.parseSpeed(speed))
              .loop(loop)
              .idleTimeoutSeconds(idleTimeout)
              .maxClients(maxClients)
              .build();
    } catch (IllegalArgumentException e) {
      err.println("quakegraph seedlink-server: error: " + e.getMessage());
      err.flush();
      return 2;
    }
    ArchiveCheck.folder(archive, "--archive");
    ServedArchive served;
    try {
      served = ServedArchive.load(archive, recordSeconds);
    } catch (IOException e) {
      err.println("quakegraph seedlink-server: error: " + e.getMessage());
      err.flush();
      return 2;
    }
    out.printf(
        "seedlink-server: %d miniSEED files (%d other files skipped, %d problems), %d stations, %d packets per pass%n",
        served.files(),
        served.skippedFiles(),
        served.problems().size(),
        served.stations().size(),
        served.packetCount());
    SeedLinkServer server;
    try {
      server = SeedLinkServer.start(served, options);
    } catch (IOException e) {
      err.println("quakegraph seedlink-server: error: " + e.getMessage());
      err.flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  out.printf("seedlink-server: stopped after %d packets%n", server.packetsSent());
                  out.flush();
                  stopped.countDown();
                },
                "seedlink-shutdown"));
    out.printf(
        "seedlink-server: listening on %s:%d, speed %s%s (Ctrl-C to stop)%n",
        bind, server.port(), options.speedLabel(), loop ? ", looping" : "");
    out.flush();
    stopped.await();
    return 0;
  }
}
