package io.quakegraph.cli;

import io.quakegraph.ingest.StandaloneKafka;
import io.quakegraph.ingest.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph kafka}: runs a standalone single-node KRaft broker in the foreground until
 * Ctrl-C (or SIGTERM), with the QuakeGraph topics created.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Run a real standalone single-node Kafka broker (KRaft) in the foreground; Ctrl-C stops it.",
      "A new data directory is formatted with a fresh cluster id; an existing one is reused.",
      "Creates the topics "
          + Topics.PACKETS
          + ", "
          + Topics.DEADLETTER
          + ", "
          + Topics.ALERTS
          + ", "
          + Topics.PICKS
          + "."
    })
public final class KafkaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client (PLAINTEXT) port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--dir",
      defaultValue = "kafka-data",
      description = "Data directory (created and formatted if new). Default: ${DEFAULT-VALUE}.")
  Path dir;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (loopback only).")
  String host;

  @Option(
      names = "--controller-port",
      defaultValue = "0",
      description = "KRaft controller port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int controllerPort;

  @Option(names = "--no-topics", description = "Do not create the QuakeGraph topics.")
  boolean noTopics;

  @Option(names = "--verbose", description = "Show the broker's INFO log.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!verbose) {
      quietBrokerLog();
    }
    PrintWriter out = spec.commandLine().getOut();
    StandaloneKafka.Settings settings =
        new StandaloneKafka.Settings(dir, host, port, controllerPort);
    StandaloneKafka kafka = StandaloneKafka.start(settings);
    // Registered right after start so that Ctrl-C from here on stops the broker cleanly
    // (controlled shutdown, flushed logs, released directory lock).
    Thread hook =
        new Thread(
            () -> {
              kafka.close();
              out.println("kafka: stopped cleanly");
              out.flush();
            },
            "kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf(
        "kafka: %s data directory %s (cluster id %s)%n",
        kafka.formattedNewDirectory() ? "formatted new" : "reusing",
        dir.toAbsolutePath(),
        kafka.clusterId());
    if (!noTopics) {
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (Admin admin = Admin.create(p)) {
        Map<String, Topics.Outcome> done = Topics.createAll(admin, 30_000);
        done.forEach(
            (topic, what) -> out.printf("kafka: topic %s %s%n", topic, what.name().toLowerCase()));
      }
    }
    out.printf("kafka: bootstrap %s (Ctrl-C to stop)%n", kafka.bootstrapServers());
    out.flush();
    kafka.awaitShutdown();
    // Reached when a fatal broker error shut it down (a Ctrl-C ends the JVM in the hook instead).
    return 1;
  }

  /** The broker logs every partition and connection at INFO; keep warnings and errors only. */
  private static void quietBrokerLog() {
    for (String logger : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }
}
