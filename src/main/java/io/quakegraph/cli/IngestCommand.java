package io.quakegraph.cli;

import io.quakegraph.ingest.IngestMetrics;
import io.quakegraph.ingest.SeedLinkBridge;
import io.quakegraph.ingest.SeedLinkBridgeOptions;
import io.quakegraph.ingest.StationSpec;
import io.quakegraph.ingest.Topics;
import io.quakegraph.ops.KafkaCheck;
import io.quakegraph.ops.KafkaWatch;
import io.quakegraph.ops.SeedLinkCheck;
import io.quakegraph.ops.StateHome;
import io.quakegraph.ops.WritableCheck;
import io.quakegraph.seismic.Times;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph ingest}: the SeedLink → Kafka bridge, in the foreground until Ctrl-C (or until
 * the server ends the feed).
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Read a SeedLink feed and publish every packet to Kafka (seis.packets.v1, key NET.STA;"
          + " bad packets to seis.deadletter.v1 with a reason).",
      "The last sequence number per station is saved (after Kafka acknowledged the packets) in"
          + " the state folder; a restart or reconnect resumes from it. Ctrl-C stops cleanly."
    },
    sortOptions = false)
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seedlink",
      required = true,
      paramLabel = "HOST:PORT",
      description = "SeedLink server.")
  String seedlink;

  @Option(
      names = "--streams",
      required = true,
      paramLabel = "LIST",
      description =
          "NET_STA[:SEL,SEL...] entries separated by spaces or ';', wildcards ? and * in NET and STA"
              + " (resolved with INFO STATIONS), e.g. 'CI_*:HH?,HN?'.")
  String streams;

  @Option(
      names = "--bootstrap",
      required = true,
      paramLabel = "H:P",
      description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description =
          "Folder of the last sequence number per station (default: $QUAKEGRAPH_STATE/ingest;"
              + " $QUAKEGRAPH_STATE defaults to ~/.quakegraph).")
  Path state;

  @Option(
      names = "--begin",
      paramLabel = "ISO-TIME",
      description =
          "For stations without saved state: start at this data time (SeedLink TIME) instead of with new data.")
  String begin;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10s",
      converter = DurationParser.class,
      paramLabel = "DURATION",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration connectTimeout;

  @Option(
      names = "--read-timeout",
      defaultValue = "60s",
      converter = DurationParser.class,
      paramLabel = "DURATION",
      description = "Reconnect when nothing arrives for this long. Default: ${DEFAULT-VALUE}.")
  Duration readTimeout;

  @Option(
      names = "--stall-timeout",
      defaultValue = "30s",
      converter = DurationParser.class,
      paramLabel = "DURATION",
      description =
          "Report a stall (WARN, counter) after this long without packets. Default: ${DEFAULT-VALUE}.")
  Duration stallTimeout;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "Seed of the reconnect jitter. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SeedLinkBridgeOptions options;
    try {
      int colon = seedlink.lastIndexOf(':');
      if (colon <= 0 || colon == seedlink.length() - 1) {
        throw new IllegalArgumentException("--seedlink must be HOST:PORT: '" + seedlink + "'");
      }
      String host = seedlink.substring(0, colon);
      int port;
      try {
        port = Integer.parseInt(seedlink.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seedlink port is not a number: '" + seedlink + "'");
      }
      List<StationSpec> specs = StationSpec.parseList(streams);
      options =
          SeedLinkBridgeOptions.of(host, port, specs, bootstrap, stateDir()).toBuilder()
              .connectTimeout(connectTimeout)
              .readTimeout(readTimeout)
              .stallTimeout(stallTimeout)
              .backoffInitial(Duration.ofMillis(500))
              .backoffMax(Duration.ofSeconds(30))
              .seed(seed)
              .beginMicros(begin == null ? null : Times.parse(begin))
              .build();
    } catch (IllegalArgumentException e) {
      err.println("quakegraph ingest: error: " + e.getMessage());
      err.flush();
      return 2;
    }
    // the checks: one line and exit status 2 each, instead of a bridge retrying for ever
    SeedLinkCheck.hello(options.host(), options.port());
    KafkaCheck.topics(bootstrap, List.of(Topics.PACKETS, Topics.DEADLETTER));
    WritableCheck.folder(stateDir(), "--state");
    IngestMetrics metrics = new IngestMetrics();
    KafkaWatch watch = KafkaWatch.start(bootstrap);
    SeedLinkBridge bridge = SeedLinkBridge.start(options, metrics);
    AtomicBoolean hookRan = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              hookRan.set(true);
              watch.close();
              bridge.close();
              out.printf("ingest: stopped; %s; state %s%n", metrics, bridge.stateFile());
              out.flush();
            },
            "ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf(
        "ingest: %s -> %s, state %s (Ctrl-C to stop)%n",
        options.origin(), bootstrap, bridge.stateFile());
    out.flush();
    while (!bridge.awaitFinished(Duration.ofSeconds(30))) {
      out.printf("ingest: %s%s%n", metrics, bridge.isStalled() ? " STALLED" : "");
      out.flush();
    }
    if (!hookRan.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
      watch.close();
      bridge.close();
      out.printf("ingest: the server ended the feed; %s%n", metrics);
      out.flush();
    }
    return 0;
  }

  private Path stateDir() {
    return state != null ? state : StateHome.ingest();
  }
}
