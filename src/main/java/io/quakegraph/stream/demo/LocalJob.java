package io.quakegraph.stream.demo;

import io.quakegraph.stream.EewJob;
import io.quakegraph.stream.JobConfig;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job in a local MiniCluster with file-system checkpoint storage in a given folder.
 *
 * <p>Why not {@link io.quakegraph.stream.JobRunner#startLocal} as is: its environment keeps
 * checkpoints in the job manager's memory, which refuses state above 5 MB, and the station stage of
 * a hundred stations holds ~80 s of raw 1-s records per channel (about 12 MB per subtask); every
 * checkpoint then fails, and with an exactly-once sink no alert transaction ever commits.
 */
public final class LocalJob {
  private LocalJob() {}

  /** The environment: slots for the station stage and the head's group, checkpoints on disk. */
  public static StreamExecutionEnvironment environment(JobConfig cfg, Path checkpointDir) {
    Configuration conf = EewJob.configuration(cfg);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, cfg.parallelism() + 2);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(cfg.parallelism(), conf);
    EewJob.build(env, cfg);
    return env;
  }

  /** Starts the job and returns at once; cancel it through the client. */
  public static JobClient start(JobConfig cfg, Path checkpointDir) throws Exception {
    return environment(cfg, checkpointDir).executeAsync(EewJob.NAME);
  }
}
