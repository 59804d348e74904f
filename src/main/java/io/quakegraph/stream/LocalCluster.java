package io.quakegraph.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A local MiniCluster and its job, made before the job is known to be wanted: {@code quakegraph
 * job} starts the cluster and builds the job while its start-up checks run (the cluster's start,
 * about 2 s of actor system, blob server and task manager, and the job's graph need none of what
 * they check), and submits the job only once they pass. A run whose checks fail {@link #close()
 * closes} the cluster without ever giving it a job.
 *
 * <p>The job is submitted through Flink's own local executor, as {@link
 * JobRunner#startLocal(JobConfig, Path, Configuration)} does, except that the executor is handed
 * this cluster instead of starting one; as there, the cluster shuts down when the job ends.
 */
public final class LocalCluster implements AutoCloseable {
  private final JobConfig cfg;
  private final Path checkpointDir;
  private final EarlyMiniCluster cluster;
  private final ThisCluster executors;
  private StreamExecutionEnvironment env;
  private RuntimeException buildFailure;
  private boolean submitted;

  private LocalCluster(JobConfig cfg, Path checkpointDir, EarlyMiniCluster cluster) {
    this.cfg = cfg;
    this.checkpointDir = checkpointDir;
    this.cluster = cluster;
    this.executors = new ThisCluster(cluster, new Configuration());
  }

  /**
   * Starts, in the background, the MiniCluster that {@link JobRunner#localEnvironment} would start
   * for {@code cfg} (its slots and settings), and returns at once.
   */
  public static LocalCluster start(JobConfig cfg, Path checkpointDir) {
    EarlyMiniCluster cluster =
        new EarlyMiniCluster(miniClusterConfiguration(configuration(cfg, checkpointDir)));
    cluster.startInBackground();
    return new LocalCluster(cfg, checkpointDir, cluster);
  }

  /**
   * The settings of the job, but for where it restores from: that is decided after the checks and
   * travels with the submission ({@link #submit}).
   */
  private static Configuration configuration(JobConfig cfg, Path checkpointDir) {
    return JobRunner.localConfiguration(cfg, checkpointDir, JobRunner.recovery(null));
  }

  /**
   * What Flink's per-job MiniCluster factory makes of the job's settings (a free REST port, one
   * task manager unless configured, the configured slots), so the cluster started early is the one
   * a plain local run would have had.
   */
  static MiniClusterConfiguration miniClusterConfiguration(Configuration jobConf) {
    Configuration conf = new Configuration(jobConf);
    if (!conf.contains(RestOptions.BIND_PORT)) {
      conf.set(RestOptions.BIND_PORT, "0");
    }
    return new MiniClusterConfiguration.Builder()
        .setConfiguration(conf)
        .setNumTaskManagers(conf.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS))
        .setRpcServiceSharing(RpcServiceSharing.SHARED)
        .setNumSlotsPerTaskManager(conf.get(TaskManagerOptions.NUM_TASK_SLOTS))
        .build();
  }

  /**
   * Builds the job's graph in the calling thread. A failure is kept and thrown by {@link #submit},
   * so that the checks running meanwhile report theirs first, as they would have before.
   */
  public void build() {
    if (env != null || buildFailure != null) {
      return;
    }
    try {
      Configuration conf = configuration(cfg, checkpointDir);
      // what a local environment sets: run here, attached, at the station stage's parallelism
      conf.set(DeploymentOptions.TARGET, "local");
      conf.set(DeploymentOptions.ATTACHED, true);
      conf.set(CoreOptions.DEFAULT_PARALLELISM, cfg.parallelism());
      StreamExecutionEnvironment e =
          new StreamExecutionEnvironment(
              executors, conf, Thread.currentThread().getContextClassLoader());
      EewJob.build(e, cfg);
      env = e;
    } catch (RuntimeException e) {
      buildFailure = e;
    }
  }

  /**
   * Submits the job to this cluster (building it first if {@link #build} was not called, and
   * waiting for the cluster's start if it is still under way); returns once it is submitted.
   *
   * @param extra more Flink settings: {@link JobRunner#recovery}, the checkpoint to restore
   */
  public JobClient submit(Configuration extra) throws Exception {
    build();
    if (buildFailure != null) {
      throw buildFailure;
    }
    executors.extra().addAll(extra);
    submitted = true;
    return env.executeAsync(EewJob.NAME);
  }

  /**
   * Without a submitted job: waits for the cluster's start to end and shuts it down. With one,
   * nothing: the cluster lives as long as the job.
   */
  @Override
  public void close() throws Exception {
    if (submitted) {
      return;
    }
    try {
      cluster.awaitStart(Duration.ofSeconds(60));
    } finally {
      cluster.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A MiniCluster whose {@link #start()} runs in a thread of its own as soon as it is made; Flink's
   * executor, which calls {@code start()} before it submits the job, then waits for that start.
   */
  private static final class EarlyMiniCluster extends MiniCluster {
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    EarlyMiniCluster(MiniClusterConfiguration conf) {
      super(conf);
    }

    void startInBackground() {
      Thread t =
          new Thread(
              () -> {
                try {
                  super.start();
                  started.complete(null);
                } catch (Throwable e) {
                  started.completeExceptionally(e);
                }
              },
              "minicluster-start");
      t.setDaemon(true);
      t.start();
    }

    /** Waits for the start begun in the background; throws what it threw. */
    @Override
    public void start() throws Exception {
      awaitStart(Duration.ofDays(1));
    }

    void awaitStart(Duration timeout) throws Exception {
      try {
        started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception x) {
          throw x;
        }
        throw e;
      }
    }
  }

  /**
   * The executor lookup of a local environment, with the executor handed this cluster and {@code
   * extra} settings added to the job's at submission.
   */
  private record ThisCluster(MiniCluster cluster, Configuration extra)
      implements PipelineExecutorServiceLoader {
    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return new PipelineExecutorFactory() {
        @Override
        public String getName() {
          return "local";
        }

        @Override
        public boolean isCompatibleWith(Configuration c) {
          return true;
        }

        @Override
        public PipelineExecutor getExecutor(Configuration c) {
          PipelineExecutor local = LocalExecutor.createWithFactory(c, ignored -> cluster);
          return (pipeline, conf, classLoader) -> {
            Configuration withExtra = new Configuration(conf);
            withExtra.addAll(extra);
            return local.execute(pipeline, withExtra, classLoader);
          };
        }
      };
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of("local");
    }
  }
}
