package io.quakegraph.cli;

import io.quakegraph.ingest.Topics;
import io.quakegraph.ops.CommittedOffsets;
import io.quakegraph.ops.FlinkClusterCheck;
import io.quakegraph.ops.InventoryCheck;
import io.quakegraph.ops.JobArtifactCheck;
import io.quakegraph.ops.KafkaCheck;
import io.quakegraph.ops.KafkaWatch;
import io.quakegraph.ops.ModelCheck;
import io.quakegraph.ops.ParallelChecks;
import io.quakegraph.ops.RegionsCheck;
import io.quakegraph.ops.RestoreCheck;
import io.quakegraph.ops.StateHome;
import io.quakegraph.ops.WritableCheck;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.NetworkRegions;
import io.quakegraph.seismic.Times;
import io.quakegraph.stream.AlertDelivery;
import io.quakegraph.stream.EewJob;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.JobRunner;
import io.quakegraph.stream.LocalCluster;
import io.quakegraph.stream.RetainedCheckpoints;
import io.quakegraph.stream.StepRelease;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      "Runs in a local Flink MiniCluster until Ctrl-C, or with --cluster submits the job artifact"
          + " (target/quakegraph-job.jar) to a running Flink session cluster (DJL must be in the"
          + " cluster's lib/: target/flink-lib) and exits."
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

  @Option(
      names = "--cluster",
      paramLabel = "HOST:PORT",
      description =
          "Submit the job artifact to this Flink session cluster (the job manager's REST address)"
              + " and exit. --model and --inventory must be paths the task managers can read.")
  String cluster;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description =
          "With --cluster: the job artifact to submit. Default: quakegraph-job.jar beside the"
              + " CLI's jar, i.e. target/quakegraph-job.jar of the checkout (`mvn -B package`"
              + " builds it).")
  Path jobJar;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of the station stage. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--head-parallelism",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Subtasks of the graph head (association and estimate), each running whole regions of"
              + " --regions; at most "
              + EewJob.HEAD_MAX_PARALLELISM
              + " (a restored job may use another N). Default: ${DEFAULT-VALUE}.")
  int headParallelism;

  @Option(
      names = "--regions",
      paramLabel = "FILE",
      description =
          "Split the network into regions, each associated and estimated on its own and run on"
              + " the head's subtasks side by side: lines 'REGION: NET.STA NET.* ...', each"
              + " inventory station in exactly one region. Read here, not by the cluster."
              + " Default: the whole network is one region.")
  Path regions;

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
      paramLabel = "DIR",
      description =
          "Local run: folder of the job's checkpoints (state, Kafka offsets, alert transactions);"
              + " a run started again restores the newest completed one."
              + " Default: $QUAKEGRAPH_STATE/checkpoints/eew ($QUAKEGRAPH_STATE defaults to"
              + " ~/.quakegraph).")
  Path checkpointDir;

  @Option(
      names = "--step-quorum",
      defaultValue = "0.9",
      paramLabel = "FRACTION",
      description =
          "A step goes out without its slowest stations once every triggered station and this"
              + " fraction of the others have delivered it (and --step-wait has passed); their"
              + " late windows go out with the next step. Only on a feed received at about real time: a faster replay waits for every station, as does 1. Default:"
              + " ${DEFAULT-VALUE}.")
  double stepQuorum;

  @Option(
      names = "--step-wait",
      defaultValue = "250ms",
      paramLabel = "DURATION",
      converter = DurationParser.class,
      description =
          "Wall time a step waits for its stragglers once the quorum is there (e.g. 250ms,"
              + " 0.5s). Default: ${DEFAULT-VALUE}.")
  Duration stepWait;

  @Option(
      names = "--delivery",
      defaultValue = "at-least-once",
      paramLabel = "at-least-once|exactly-once",
      description =
          "How alerts are written: at once, a restart may repeat a version (identical; consumers"
              + " drop it), or in transactions a read_committed consumer sees only after the next"
              + " checkpoint. Default: ${DEFAULT-VALUE}.")
  String delivery;

  @Option(
      names = "--from-checkpoint",
      paramLabel = "PATH",
      description =
          "Restore this retained checkpoint (a chk-N folder) instead of the newest one; with"
              + " --cluster, a path the cluster can read.")
  String fromCheckpoint;

  @Option(
      names = "--from-savepoint",
      paramLabel = "PATH",
      description = "Restore this savepoint (e.g. taken with `flink stop`); as --from-checkpoint.")
  String fromSavepoint;

  @Option(
      names = "--no-restore",
      description =
          "Local run: start without restoring the newest checkpoint (the source still starts at"
              + " the consumer group's committed offsets).")
  boolean noRestore;

  @Option(
      names = "--from-latest",
      description =
          "On partitions where the consumer group has no committed offset, start at the newest"
              + " packets, not the oldest.")
  boolean fromLatest;

  private StepRelease stepRelease() {
    try {
      return new StepRelease(stepQuorum, stepWait);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--step-quorum/--step-wait: " + e.getMessage());
    }
  }

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
    if (fromCheckpoint != null && fromSavepoint != null) {
      throw new ParameterException(
          spec.commandLine(), "--from-checkpoint and --from-savepoint exclude each other");
    }
    if (headParallelism < 1 || headParallelism > EewJob.HEAD_MAX_PARALLELISM) {
      throw new ParameterException(
          spec.commandLine(),
          "--head-parallelism must be 1 to "
              + EewJob.HEAD_MAX_PARALLELISM
              + ": "
              + headParallelism);
    }
    String explicit = fromCheckpoint != null ? fromCheckpoint : fromSavepoint;
    Path checkpoints = checkpointDir != null ? checkpointDir : StateHome.jobCheckpoints();
    // the checks, cheapest first; each failure is one line and exit status 2, before any job is
    // submitted. The inventory and regions come first, on their own: a network that cannot be
    // read starts nothing, not even the local cluster.
    Inventory inv = InventoryCheck.folder(inventory, "--inventory");
    NetworkRegions split =
        regions == null ? NetworkRegions.whole() : RegionsCheck.file(regions, inv, "--regions");
    JobConfig cfg =
        JobConfig.defaults(bootstrap, model, inventory).toBuilder()
            .stepSeconds(step)
            .minTriggeredStations(minStations)
            .checkpointInterval(checkpointInterval)
            .parallelism(parallelism)
            .headParallelism(headParallelism)
            .regionsFile(regions)
            .fromEarliest(!fromLatest)
            .delivery(alertDelivery())
            .stepRelease(stepRelease())
            .build();
    Path artifact = null;
    FlinkClusterCheck.Overview flink = null;
    if (cluster != null) {
      artifact = JobArtifactCheck.locate(jobJar, QuakeGraphHome.home());
      flink = FlinkClusterCheck.reachable(cluster);
    }
    // The broker comes next, with the folders: its probe has a wall-clock budget (5 s), so it runs
    // before the local cluster's start and the model's load, which would compete with it for the
    // CPU on a small machine.
    ParallelChecks reachable =
        new ParallelChecks()
            .add(
                () ->
                    KafkaCheck.topics(
                        bootstrap, List.of(Topics.PACKETS, Topics.ALERTS, Topics.DEADLETTER)));
    if (cluster == null) {
      reachable.add(() -> WritableCheck.folder(checkpoints, "--checkpoint-dir"));
    }
    if (explicit != null && cluster == null) {
      reachable.add(() -> RestoreCheck.path(Path.of(explicit)));
    }
    reachable.await();
    // The model's load (the longest check, about 1 s) runs while the local cluster starts (about
    // 2 s) and the job's graph is built; the job is submitted only once the model has loaded, and
    // a model that does not load shuts the cluster down unused.
    ParallelChecks loads = new ParallelChecks().add(() -> ModelCheck.folder(model, "--model"));
    LocalCluster local = cluster == null ? LocalCluster.start(cfg, checkpoints) : null;
    try {
      if (local != null) {
        local.build();
      }
      loads.await();
    } catch (RuntimeException | Error | InterruptedException e) {
      closeUnused(local, e);
      throw e;
    }
    if (regions != null) {
      out.println("job: " + RegionsCheck.describe(split, inv, headParallelism));
    }
    if (cluster != null) {
      out.printf(
          "job: Flink %s cluster at %s, %d task manager(s), %d of %d slots free; submitting %s%n",
          flink.flinkVersion(),
          cluster,
          flink.taskManagers(),
          flink.slotsFree(),
          flink.slotsTotal(),
          artifact.toAbsolutePath());
      out.flush();
      JobClient c = JobRunner.submit(cfg, cluster, artifact, JobRunner.recovery(explicit));
      out.printf(
          "job: submitted to %s as %s, %s%n",
          cluster, c.getJobID(), explicit != null ? "restoring " + explicit : startFresh(cfg));
      return 0;
    }
    out.printf(
        "job: state in %s (checkpoints %s)%n", StateHome.root(), checkpoints.toAbsolutePath());
    KafkaWatch watch;
    JobClient c;
    try {
      String restore = announceRestore(out, cfg, checkpoints, explicit);
      out.flush();
      watch = KafkaWatch.start(bootstrap);
      c = local.submit(JobRunner.recovery(restore));
    } catch (Exception | Error e) {
      closeUnused(local, e);
      throw e;
    }
    out.printf(
        "job: running in a local MiniCluster as %s (%s -> %s); Ctrl-C to stop%n",
        c.getJobID(), cfg.packetsTopic(), cfg.alertsTopic());
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
    try {
      c.getJobExecutionResult().get();
    } finally {
      watch.close();
    }
    return 0;
  }

  /**
   * Says where the local job starts: the given checkpoint or savepoint, the newest retained
   * checkpoint (and its packet offsets), or the consumer group's offsets; returns the path to
   * restore, or null.
   */
  private String announceRestore(PrintWriter out, JobConfig cfg, Path checkpoints, String explicit)
      throws Exception {
    String restore = explicit;
    if (restore != null) {
      out.printf("job: restoring %s (given)%n", restore);
    } else if (noRestore) {
      out.printf("job: not restoring (--no-restore); %s%n", startFresh(cfg));
    } else {
      Optional<RetainedCheckpoints.Completed> newest = RetainedCheckpoints.newest(checkpoints);
      if (newest.isPresent()) {
        RetainedCheckpoints.Completed c = newest.get();
        restore = c.dir().toUri().toString();
        out.printf(
            "job: restoring checkpoint %d, the newest completed one, taken %s (%s ago): %s%n",
            c.id(),
            Times.format(c.completedAt().toEpochMilli() * 1000),
            human(Duration.between(c.completedAt(), Instant.now())),
            c.dir());
        Map<String, Long> offsets = RetainedCheckpoints.sourceOffsets(c);
        if (!offsets.isEmpty()) {
          out.printf("job: packets resume at offsets %s%n", offsets);
        }
      } else {
        out.printf("job: no checkpoint in %s, %s%n", checkpoints.toAbsolutePath(), startFresh(cfg));
      }
    }
    return restore;
  }

  /** Shuts down a local cluster that will get no job, keeping {@code failure} the one reported. */
  private static void closeUnused(LocalCluster local, Throwable failure) {
    if (local == null) {
      return;
    }
    try {
      local.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  /** Where a job without a checkpoint starts reading. */
  private static String startFresh(JobConfig cfg) {
    Map<Integer, Long> committed =
        CommittedOffsets.of(cfg.bootstrap(), cfg.packetsTopic(), cfg.groupId());
    String elsewhere = cfg.fromEarliest() ? "the earliest packets" : "the latest packets";
    return committed.isEmpty()
        ? "starting fresh: group "
            + cfg.groupId()
            + " has no committed offsets on "
            + cfg.packetsTopic()
            + ", so from "
            + elsewhere
        : "starting fresh from the offsets group "
            + cfg.groupId()
            + " committed on "
            + cfg.packetsTopic()
            + " ("
            + CommittedOffsets.format(committed)
            + "), from "
            + elsewhere
            + " on other partitions";
  }

  private static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
  }
}
