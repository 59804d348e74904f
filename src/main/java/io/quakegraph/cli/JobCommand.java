package io.quakegraph.cli;

import io.quakegraph.ingest.Topics;
import io.quakegraph.stream.AlertDelivery;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.JobRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph job}: runs the early-warning Flink job, in a local MiniCluster in this process
 * (default, until Ctrl-C) or submitted to a Flink cluster ({@code --cluster}).
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "Run the streaming early-warning job: packets from "
          + Topics.PACKETS
          + " to alerts on "
          + Topics.ALERTS
          + " (at least once with deterministic versions, or exactly once), rejects to "
          + Topics.DEADLETTER
          + ".",
      "Runs in a local Flink MiniCluster until Ctrl-C, or with --cluster submits it to a running"
          + " Flink cluster (DJL must be in the cluster's lib/) and exits."
    })
public final class JobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers H:P.")
  String bootstrap;

  @Option(
      names = "--model",
      required = true,
      description = "Exported model folder (spec.json, encoder.params, head.params).")
  Path model;

  @Option(names = "--inventory", required = true, description = "StationXML folder.")
  Path inventory;

  @Option(names = "--cluster", description = "Flink REST address HOST:PORT to submit to.")
  String cluster;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of the station stage. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--step",
      defaultValue = "1",
      description = "Seconds between estimates. Default: ${DEFAULT-VALUE}.")
  double step;

  @Option(
      names = "--min-stations",
      defaultValue = "4",
      description = "Coherent triggers that open an event. Default: ${DEFAULT-VALUE}.")
  int minStations;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "5s",
      converter = DurationParser.class,
      description =
          "Checkpoint interval (with --delivery exactly-once, the alert commit interval)."
              + " Default: ${DEFAULT-VALUE}.")
  Duration checkpointInterval;

  @Option(
      names = "--checkpoint-dir",
      defaultValue = "checkpoints/eew",
      description =
          "Local run: folder of the job's checkpoints (state and alert transactions)."
              + " Default: ${DEFAULT-VALUE}.")
  Path checkpointDir;

  @Option(
      names = "--delivery",
      defaultValue = "at-least-once",
      paramLabel = "at-least-once|exactly-once",
      description =
          "How alerts are written: at once, a restart may repeat a version (identical; consumers"
              + " drop it), or in transactions a read_committed consumer sees only after the next"
              + " checkpoint. Default: ${DEFAULT-VALUE}.")
  String delivery;

  @Option(names = "--from-latest", description = "Start at the newest packets, not the oldest.")
  boolean fromLatest;

  private AlertDelivery alertDelivery() {
    try {
      return AlertDelivery.parse(delivery);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--delivery: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(model.resolve("spec.json"))) {
      throw new ParameterException(spec.commandLine(), "not a model folder: " + model);
    }
    if (!Files.isDirectory(inventory)) {
      throw new ParameterException(spec.commandLine(), "no inventory folder: " + inventory);
    }
    JobConfig d = JobConfig.defaults(bootstrap, model, inventory);
    JobConfig cfg =
        new JobConfig(
            d.bootstrap(),
            d.packetsTopic(),
            d.alertsTopic(),
            d.deadLetterTopic(),
            d.modelDir(),
            d.inventoryDir(),
            step,
            minStations,
            d.outOfOrderness(),
            d.idleness(),
            checkpointInterval,
            parallelism,
            d.transactionalIdPrefix(),
            d.groupId(),
            !fromLatest,
            d.maxEventSeconds(),
            d.allowedLateness(),
            d.conditioningPadSeconds(),
            d.minApparentVelocityKmS(),
            d.associationSlackSeconds(),
            d.linkKm(),
            d.stationIdleSeconds(),
            alertDelivery());
    if (cluster != null) {
      JobClient c = JobRunner.submit(cfg, cluster);
      out.printf("job: submitted to %s as %s%n", cluster, c.getJobID());
      return 0;
    }
    JobClient c = JobRunner.startLocal(cfg, checkpointDir);
    out.printf(
        "job: running in a local MiniCluster as %s (%s -> %s, checkpoints in %s); Ctrl-C to stop%n",
        c.getJobID(), cfg.packetsTopic(), cfg.alertsTopic(), checkpointDir.toAbsolutePath());
    out.flush();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    c.cancel().get();
                  } catch (Exception e) {
                    // The JVM is going down; the job dies with it.
                  }
                },
                "job-shutdown"));
    c.getJobExecutionResult().get();
    return 0;
  }
}
