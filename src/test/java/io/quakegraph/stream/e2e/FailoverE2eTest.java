package io.quakegraph.stream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.demo.LocalPipeline;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.stream.EewJob;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.alerts.AlertBook;
import io.quakegraph.stream.alerts.VersionFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task manager lost in the middle of an event: the job restarts from its last checkpoint and,
 * with the default at-least-once delivery, may send the versions computed since that checkpoint
 * again. A consumer that drops versions it has seen (the shipped {@link VersionFilter}) still sees,
 * per event, versions 1..n each exactly once, ending with exactly one final version; and every
 * version sent again equals the first copy in every field but the wall-clock ones (issue time,
 * latency), because event ids, versions and estimates are a function of the input.
 *
 * <p>The cluster: a MiniCluster of two task managers with one slot each. The job needs two slots
 * (the station stage and the head's slot-sharing group), so it occupies both, and losing either
 * task manager fails running tasks (a real loss: the task manager is shut down, its tasks and their
 * open Kafka transaction die with it, not an exception thrown by our operators). A replacement task
 * manager is started at once, so the restart finds its two slots.
 *
 * <p>The timing: the scenario (12 stations, one M4.5+ event 60-80 s in) is replayed at {@value
 * #REPLAY_SPEED} x real time from the moment all the job's tasks run, so the job never has a
 * backlog to race through and an event's versions (one per data second, 10-30 of them) are spread
 * over several seconds of wall time; the task manager is shut down as soon as the first version is
 * readable (at once: no transaction holds it back), well before the final one.
 */
class FailoverE2eTest {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverE2eTest.class);

  /**
   * Data seconds per wall-clock second of the replay: slow enough that packets still flow when the
   * restarted job runs again, the case of a live feed. (At 4x on a loaded machine the replay was
   * over before the restart; a job that then depended on the source watermark read the backlog,
   * every partition went idle at the same moment, the empty ones included (12 stations hash to 8 of
   * the 12), Flink emitted no watermark past the backlog, and no version followed. Steps now go out
   * when the stations complete them, so that no longer stalls the job, but this test is about the
   * restart, not about a feed that ended.)
   */
  static final double REPLAY_SPEED = 2;

  @TempDir static Path dir;

  @Test
  void aLostTaskManagerNeitherRepeatsNorLosesAnAlertVersion() throws Exception {
    // the pipeline's broker, topics and replay; the job on a cluster of two task managers
    try (LocalPipeline pipeline =
        E2eFixtures.pipeline(
            dir, 12, 130, "failover", b -> b.minTriggeredStations(4).maxEventSeconds(30))) {
      Path scenario = dir.resolve("scenario");
      EmbeddedKafka kafka = pipeline.kafka();
      JobConfig cfg = pipeline.config();

      Configuration conf = EewJob.configuration(cfg);
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          dir.resolve("checkpoints").toAbsolutePath().toUri().toString());
      // a bounded, quick restart: one loss is expected, more means the recovery itself fails
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
      MiniCluster cluster =
          new MiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(conf)
                  .setNumTaskManagers(2)
                  .setNumSlotsPerTaskManager(1)
                  .build());
      cluster.start();
      try {
        TestStreamEnvironment env =
            new TestStreamEnvironment(cluster, conf, cfg.parallelism(), List.of(), List.of());
        EewJob.build(env, cfg);
        JobClient job = env.executeAsync(EewJob.NAME);
        awaitAllTasksRunning(cluster, job, Duration.ofSeconds(60));

        CompletableFuture<ReplayResult> replay =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return pipeline.replay(
                        ReplayOptions.of(scenario.toString()).toBuilder()
                            .packetSeconds(1)
                            .speed(REPLAY_SPEED)
                            .build());
                  } catch (Exception e) {
                    throw new IllegalStateException("replay failed", e);
                  }
                });

        // 1. the first versions are out: lose a task manager now
        List<EarthquakeAlert> before =
            E2eFixtures.alerts(
                E2eFixtures.readUntil(
                    kafka, cfg.alertsTopic(), rs -> !rs.isEmpty(), Duration.ofSeconds(90)));
        assertFalse(before.isEmpty(), "no alert before the failure");
        cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();
        LOG.info("task manager 0 shut down after {} committed version(s)", before.size());
        assertFalse(
            before.stream().anyMatch(EarthquakeAlert::getFinalEstimate),
            "the failure was to come before the final version, but it was out already: " + before);

        // 2. the job recovers and works through the whole replay; then two more checkpoint
        // intervals, in which a repeated version would show
        assertTrue(replay.get(90, TimeUnit.SECONDS).packets() > 1000, "replay incomplete");
        List<EarthquakeAlert> got =
            E2eFixtures.alertsOfWholeReplay(pipeline, Duration.ofSeconds(60));

        AccessExecutionGraph graph = cluster.getExecutionGraph(job.getJobID()).get();
        RestoredCheckpointStats restored =
            graph.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
        assertNotNull(restored, "the job did not restore a checkpoint");
        assertTrue(graph.getStatusTimestamp(JobStatus.RESTARTING) > 0, "the job never restarted");
        assertEquals(JobStatus.RUNNING, graph.getState(), "the job runs again");

        // 3. the consumer's view: drop versions seen, and check each repeat against the first
        VersionFilter filter = new VersionFilter();
        Map<String, EarthquakeAlert> first = new HashMap<>();
        List<EarthquakeAlert> once = new ArrayList<>();
        int repeats = 0;
        for (EarthquakeAlert a : got) {
          String key = a.getEventId() + "#" + a.getVersion();
          VersionFilter.Verdict v = filter.offer(a);
          if (v == VersionFilter.Verdict.NEW) {
            first.put(key, a);
            once.add(a);
            continue;
          }
          repeats++;
          assertEquals(
              VersionFilter.withoutWallClock(first.get(key)),
              VersionFilter.withoutWallClock(a),
              "a version sent again after the restart differs from the first copy: " + key);
          assertEquals(VersionFilter.Verdict.REPEAT, v, key);
        }
        assertEquals(0, filter.changedRepeats());
        LOG.info(
            "restored checkpoint {}; {} versions before the loss, {} records in all, {} of them"
                + " repeats dropped by the consumer",
            restored.getCheckpointId(),
            before.size(),
            got.size(),
            repeats);

        AlertBook book = new AlertBook();
        once.forEach(book::add);
        assertEquals(List.of(), book.problems(), "versions 1..n, each once, nothing after final");
        String lost = before.get(0).getEventId().toString();
        assertTrue(book.events().contains(lost));
        for (String id : book.events()) {
          List<EarthquakeAlert> v = book.versions(id);
          long finals = v.stream().filter(EarthquakeAlert::getFinalEstimate).count();
          assertEquals(1, finals, "event " + id + ": exactly one final version");
          assertTrue(v.get(v.size() - 1).getFinalEstimate(), "event " + id + " ends final");
          assertEquals(v.size(), v.get(v.size() - 1).getVersion(), "event " + id + ": 1..n");
        }
        assertTrue(
            book.versions(lost).size() > before.size(),
            "the event went on after the failure: " + book.versions(lost).size() + " versions");
        job.cancel().get(30, TimeUnit.SECONDS);
      } finally {
        cluster.close();
      }
    }
  }

  /** Waits until every task of the job is running (operators opened, models loaded). */
  private static void awaitAllTasksRunning(MiniCluster cluster, JobClient job, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      AccessExecutionGraph g = cluster.getExecutionGraph(job.getJobID()).get();
      boolean all = true;
      for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
        all &= v.getExecutionState() == ExecutionState.RUNNING;
      }
      if (all) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the job's tasks did not all start within " + timeout);
  }
}
