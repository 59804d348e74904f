package io.quakegraph.stream;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Starts the job: in a local MiniCluster (in this JVM, no network besides Kafka) or on a remote
 * Flink cluster.
 */
public final class JobRunner {
  private JobRunner() {}

  /**
   * The local environment: a MiniCluster with enough slots for the station stage (parallelism p)
   * and the head's own slot-sharing group (its parallelism h), plus one spare, and checkpoints on
   * disk.
   *
   * <p>Why on disk: checkpoints kept in the job manager's memory are refused above 5 MB, and the
   * station stage of a hundred stations holds ~80 s of raw 1-s records per channel (about 12 MB per
   * subtask); every checkpoint would fail, and with the exactly-once sink no alert transaction
   * would ever commit.
   *
   * @param checkpointDir folder for the checkpoints (created by Flink if absent)
   */
  public static StreamExecutionEnvironment localEnvironment(JobConfig cfg, Path checkpointDir) {
    return localEnvironment(cfg, checkpointDir, new Configuration());
  }

  /**
   * As {@link #localEnvironment(JobConfig, Path)} with more Flink settings, e.g. those of {@link
   * #recovery}.
   */
  public static StreamExecutionEnvironment localEnvironment(
      JobConfig cfg, Path checkpointDir, Configuration extra) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            cfg.parallelism(), localConfiguration(cfg, checkpointDir, extra));
    EewJob.build(env, cfg);
    return env;
  }

  /** The Flink settings of a local run: the job's, {@code extra}, slots and checkpoint storage. */
  static Configuration localConfiguration(JobConfig cfg, Path checkpointDir, Configuration extra) {
    Configuration conf = EewJob.configuration(cfg);
    conf.addAll(extra);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, cfg.parallelism() + cfg.headParallelism() + 1);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        checkpointDir.toAbsolutePath().toUri().toString());
    return conf;
  }

  /**
   * Starts the job in a local MiniCluster and returns at once; the MiniCluster stops when the job
   * ends ({@link JobClient#cancel()}).
   */
  public static JobClient startLocal(JobConfig cfg, Path checkpointDir) throws Exception {
    return localEnvironment(cfg, checkpointDir).executeAsync(EewJob.NAME);
  }

  /** As {@link #startLocal(JobConfig, Path)} with more Flink settings ({@link #recovery}). */
  public static JobClient startLocal(JobConfig cfg, Path checkpointDir, Configuration extra)
      throws Exception {
    return localEnvironment(cfg, checkpointDir, extra).executeAsync(EewJob.NAME);
  }

  /**
   * The settings of a job that an operator restarts: its checkpoints are kept when it is cancelled
   * or fails (Flink deletes them by default, and with them the only record of how far the job got),
   * and it starts from {@code restorePath}, a checkpoint or savepoint folder, when given. State of
   * an operator that is no longer in the job is ignored, so a new version of the job still resumes
   * the operators it kept (their uids are stable).
   */
  public static Configuration recovery(String restorePath) {
    Configuration conf = new Configuration();
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (restorePath != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    }
    return conf;
  }

  /**
   * Submits the job to a running Flink cluster's REST endpoint and returns at once. The job
   * artifact ({@code target/quakegraph-job.jar}: the job without Flink's own modules and without
   * DJL) is shipped with the job; the cluster must have DJL (api, PyTorch engine and native
   * library) in its {@code lib/}, because a native library can load in one classloader only.
   *
   * @param hostPort the job manager's REST address, HOST:PORT
   * @param jobJar the job artifact
   * @param extra more Flink settings ({@link #recovery})
   */
  public static JobClient submit(JobConfig cfg, String hostPort, Path jobJar, Configuration extra)
      throws Exception {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("cluster address must be HOST:PORT: " + hostPort);
    }
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    Configuration conf = EewJob.configuration(cfg);
    conf.addAll(extra);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            host, port, conf, jobJar.toAbsolutePath().toString());
    EewJob.build(env, cfg);
    return env.executeAsync(EewJob.NAME);
  }
}
