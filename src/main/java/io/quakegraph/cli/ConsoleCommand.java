package io.quakegraph.cli;

import io.quakegraph.console.ConsoleServer;
import io.quakegraph.hazard.Site;
import io.quakegraph.ingest.Topics;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.StationXml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quakegraph console}: the operator console, a web page fed live from Kafka. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the operator console: one web page with an offline map of the inventory's stations"
          + " (live / silent / triggered), every alert event (epicentre, 1σ and 2σ ellipses,"
          + " M ± σ, P and S fronts, track across versions, version history, replay from the"
          + " topic) and, for a site, the expected PGA, PGV and MMI and the seconds until the"
          + " S wave. Fed by server-sent events from "
          + Topics.ALERTS
          + ", "
          + Topics.PICKS
          + " and "
          + Topics.PACKETS
          + ".",
      "Ctrl-C stops."
    },
    sortOptions = false)
public final class ConsoleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka.")
  String bootstrap;

  @Option(
      names = "--inventory",
      required = true,
      paramLabel = "DIR",
      description = "StationXML folder: every station in it is drawn.")
  Path inventory;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind;

  @Option(
      names = "--site",
      paramLabel = "LAT,LON",
      description =
          "Site of the shaking figures and S-wave countdown (the page can click another).")
  String site;

  @Option(
      names = "--vs30",
      defaultValue = "760",
      paramLabel = "M/S",
      description = "Vs30 of --site, m/s (default: ${DEFAULT-VALUE}, BSSA14's reference rock).")
  double vs30;

  @Option(
      names = "--silent-after",
      defaultValue = "10s",
      converter = DurationParser.class,
      paramLabel = "DURATION",
      description =
          "A station without a packet for this long is drawn silent (default: ${DEFAULT-VALUE}).")
  Duration silentAfter;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Inventory inv = StationXml.readDirectory(inventory);
    if (inv.size() == 0) {
      throw new IllegalArgumentException("no stations in " + inventory);
    }
    Site s = site == null ? null : Site.parse(site).withVs30(vs30);
    ConsoleServer.Options o =
        new ConsoleServer.Options(
            bootstrap,
            bind,
            port,
            inv.stations(),
            s,
            silentAfter,
            Topics.ALERTS,
            Topics.PICKS,
            Topics.PACKETS);
    CountDownLatch stop = new CountDownLatch(1);
    try (ConsoleServer server = ConsoleServer.start(o)) {
      Thread hook = new Thread(stop::countDown, "console-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      out.printf("console: %s (%d stations; Ctrl-C stops)%n", server.url(), inv.size());
      out.flush();
      stop.await();
    }
    return 0;
  }
}
