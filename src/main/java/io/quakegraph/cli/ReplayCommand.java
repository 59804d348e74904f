package io.quakegraph.cli;

import io.quakegraph.ingest.IngestMetrics;
import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.PacketValidator;
import io.quakegraph.ingest.Topics;
import io.quakegraph.ingest.ValidatorOptions;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.ingest.replay.Replayer;
import io.quakegraph.ingest.replay.Selection;
import io.quakegraph.ops.ArchiveCheck;
import io.quakegraph.ops.InventoryCheck;
import io.quakegraph.ops.KafkaCheck;
import io.quakegraph.ops.KafkaWatch;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.Times;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph replay}: publishes a miniSEED archive (local folder or the SCEDC S3 layout) to
 * Kafka in event-time order at a chosen speed, then exits.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a miniSEED archive into Kafka ("
          + Topics.PACKETS
          + ", keyed NET.STA) in event-time"
          + " order; bad records go to "
          + Topics.DEADLETTER
          + " with a reason.",
      "The archive is an SCEDC tree (continuous_waveforms/YYYY/YYYY_DDD/NETSTA__CHA___YYYYDDD.ms),"
          + " any folder of miniSEED files, or s3://scedc-pds/continuous_waveforms (read"
          + " anonymously). Ends when the archive is exhausted."
    },
    sortOptions = false)
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--archive",
      required = true,
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "Archive folder or S3 URI.")
  String archive;

  @Option(
      names = "--inventory",
      paramLabel = "DIR",
      description =
          "StationXML folder: records of stations or channels not in it, or with another sample"
              + " rate, are dead-lettered. Without it any station is accepted.")
  Path inventory;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka.")
  String bootstrap;

  @Option(names = "--start", paramLabel = "TIME", description = "Window start, ISO-8601 UTC.")
  String start;

  @Option(
      names = "--end",
      paramLabel = "TIME",
      description = "Window end (exclusive), ISO-8601 UTC.")
  String end;

  @Option(
      names = "--stations",
      paramLabel = "LIST",
      description = "Comma-separated NET.STA or STA globs, e.g. CI.PAS,CI.B* (default: all).")
  String stations;

  @Option(
      names = "--channels",
      paramLabel = "LIST",
      description = "Comma-separated channel globs, e.g. HH?,HN? (default: all).")
  String channels;

  @Option(
      names = "--speed",
      defaultValue = "1",
      paramLabel = "X|max",
      description = "Data seconds per wall second: 1, 10, ... or max (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--packet-seconds",
      defaultValue = "0",
      paramLabel = "S",
      description =
          "Cut the data into 512-byte records of about S seconds (low-latency telemetry);"
              + " 0 keeps the archive's records (default).")
  double packetSeconds;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint.")
  URI s3Endpoint;

  @Option(
      names = "--s3-region",
      defaultValue = "us-west-2",
      description = "Bucket region (default: ${DEFAULT-VALUE}, SCEDC's).")
  String s3Region;

  @Option(names = "--s3-path-style", description = "Path-style bucket addressing.")
  boolean s3PathStyle;

  @Option(
      names = "--progress",
      defaultValue = "10",
      paramLabel = "S",
      description = "Seconds between progress lines; 0 for none (default: ${DEFAULT-VALUE}).")
  double progressSeconds;

  @Option(names = "--no-topic-setup", description = "Do not create or update the topics.")
  boolean noTopicSetup;

  @Override
  public Integer call() throws Exception {
    ReplayOptions options = options();
    ArchiveCheck.archive(archive, "--archive");
    Inventory inv = inventory == null ? null : InventoryCheck.folder(inventory, "--inventory");
    if (noTopicSetup) {
      KafkaCheck.topics(bootstrap, List.of(Topics.PACKETS, Topics.DEADLETTER));
    } else {
      KafkaCheck.reachable(bootstrap);
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (Admin admin = Admin.create(p)) {
        Topics.createAll(admin, 30_000);
      }
    }
    IngestMetrics metrics = new IngestMetrics();
    PacketValidator validator = new PacketValidator(inv, ValidatorOptions.DEFAULTS, metrics);
    ReplayResult r;
    try (KafkaWatch watch = KafkaWatch.start(bootstrap);
        PacketPublisher publisher = new PacketPublisher(bootstrap)) {
      r = new Replayer(options, validator, publisher, System.err).run();
    }
    System.out.printf(
        Locale.ROOT,
        "replayed %s: %d packets, %d dead letters, %.0f s of data in %.1f s (x%.1f); %s%n",
        archive,
        r.packets(),
        r.deadLetters(),
        r.dataSeconds(),
        r.wallSeconds(),
        r.realTimeFactor(),
        metrics);
    return 0;
  }

  ReplayOptions options() {
    long s = start == null ? Long.MIN_VALUE : Times.parse(start);
    long e = end == null ? Long.MAX_VALUE : Times.parse(end);
    Selection sel = new Selection(s, e, Selection.list(stations), Selection.list(channels));
    return new ReplayOptions(
        archive,
        sel,
        parseSpeed(speed),
        packetSeconds,
        s3Endpoint,
        s3Region,
        s3PathStyle,
        progressSeconds);
  }

  /** {@code max} or a positive number. */
  static double parseSpeed(String s) {
    if (s.equalsIgnoreCase("max")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double v = Double.parseDouble(s.endsWith("x") ? s.substring(0, s.length() - 1) : s);
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw new IllegalArgumentException("--speed must be a positive number or max: '" + s + "'");
  }
}
