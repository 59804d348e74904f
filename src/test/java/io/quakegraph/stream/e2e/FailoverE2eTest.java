package io.quakegraph.stream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.stream.EewJob;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.alerts.AlertBook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * A task manager lost in the middle of an event: the job restarts from its last checkpoint, and a
 * read_committed consumer of the alerts still sees, per event, versions 1..n each exactly once,
 * ending with exactly one final version.
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
 * over several seconds of wall time; the task manager is shut down as soon as the first committed
 * version is readable (within a checkpoint interval, 1 s), well before the final one.
 */
class FailoverE2eTest {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverE2eTest.class);

  /** Data seconds per wall-clock second of the replay. */
  static final double REPLAY_SPEED = 4;

  @TempDir static Path dir;

  @Test
  void aLostTaskManagerNeitherRepeatsNorLosesAnAlertVersion() throws Exception {
    Path scenario = dir.resolve("scenario");
    E2eFixtures.scenario(scenario, 12, 130);
    Inventory inv = E2eFixtures.inventory(scenario);
    Path model = E2eFixtures.model(dir, inv);

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<String> t = E2eFixtures.topics(kafka, "failover");
      JobConfig cfg =
          JobConfig.defaults(kafka.bootstrapServers(), model, scenario.resolve("stations"))
              .withTopics(t.get(0), t.get(2), t.get(1))
              .withIds("tx-failover", "group-failover")
              .withEvents(4, 30)
              .withCheckpointInterval(Duration.ofSeconds(1));

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
                    return E2eFixtures.replayWith(
                        kafka,
                        inv,
                        t.get(0),
                        t.get(1),
                        ReplayOptions.of(scenario.toString())
                            .withPacketSeconds(1)
                            .withSpeed(REPLAY_SPEED));
                  } catch (Exception e) {
                    throw new IllegalStateException("replay failed", e);
                  }
                });

        // 1. the first versions are committed: lose a task manager now
        List<EarthquakeAlert> before =
            E2eFixtures.alerts(
                E2eFixtures.readUntil(
                    kafka, t.get(2), rs -> !rs.isEmpty(), Duration.ofSeconds(90)));
        assertFalse(before.isEmpty(), "no committed alert before the failure");
        cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();
        LOG.info("task manager 0 shut down after {} committed version(s)", before.size());
        assertFalse(
            before.stream().anyMatch(EarthquakeAlert::getFinalEstimate),
            "the failure was to come before the final version, but it was committed already: "
                + before);

        // 2. the job recovers and works through the whole replay; then two more checkpoint
        // intervals, in which a repeated version would show
        assertTrue(replay.get(90, TimeUnit.SECONDS).packets() > 1000, "replay incomplete");
        List<EarthquakeAlert> got =
            E2eFixtures.alertsOfWholeReplay(kafka, t.get(0), t.get(2), cfg, Duration.ofSeconds(60));

        AccessExecutionGraph graph = cluster.getExecutionGraph(job.getJobID()).get();
        RestoredCheckpointStats restored =
            graph.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
        assertNotNull(restored, "the job did not restore a checkpoint");
        assertTrue(graph.getStatusTimestamp(JobStatus.RESTARTING) > 0, "the job never restarted");
        assertEquals(JobStatus.RUNNING, graph.getState(), "the job runs again");
        int written =
            E2eFixtures.readUntil(
                    kafka, t.get(2), "read_uncommitted", rs -> false, Duration.ofSeconds(2))
                .size();
        LOG.info(
            "restored checkpoint {}; {} versions committed before the loss, {} in all; {} written"
                + " in all, aborted ones included",
            restored.getCheckpointId(),
            before.size(),
            got.size(),
            written);

        AlertBook book = new AlertBook();
        got.forEach(book::add);
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
