package io.quakegraph.stream.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.dataset.CatalogFiles;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.JobRunner;
import io.quakegraph.stream.demo.DemoTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real 2018 La Verne M4.4 event files replayed through the job with the trained model: an alert
 * whose final epicentre is near the catalogue's. Needs model-export/stgnn-socal-v1 (exported on the
 * model branch); skipped with that message while it is absent.
 */
class LaVerneE2eTest {
  static final Path MODEL = Path.of("model-export", "stgnn-socal-v1");
  static final Path EVENT = Path.of("..", "shared", "data", "events", "ci38038071_laverne_M4.4");

  /** Final epicentre error allowed, km: a few station spacings of the LA basin network. */
  static final double MAX_EPICENTRE_KM = 30;

  @Test
  @Disabled(
      "Open (issue 5): the La Verne folder has 3 stations within 150 km, below the associator's"
          + " 4-station minimum, so the job issues no alert; the association must accept a"
          + " sparse real network before this can pass")
  void finalAlertIsNearTheTrueEpicentre(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(MODEL.resolve("spec.json")),
        "trained model " + MODEL + " absent (exported on the model branch): accuracy not testable");
    Assumptions.assumeTrue(
        Files.isDirectory(EVENT), "shared La Verne event folder absent: " + EVENT);
    Earthquake truth = CatalogFiles.read(EVENT.resolve("event.json")).events().get(0);
    Inventory inv = StationXml.readDirectory(EVENT);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<String> t = E2eFixtures.topics(kafka, "laverne");
      E2eFixtures.replay(kafka, EVENT, inv, t.get(0), t.get(1), null);
      JobConfig cfg =
          JobConfig.defaults(kafka.bootstrapServers(), MODEL, EVENT)
              .withTopics(t.get(0), t.get(2), t.get(1))
              .withIds("tx-laverne", "group-laverne")
              .withCheckpointInterval(Duration.ofSeconds(1));
      JobClient job = JobRunner.startLocal(cfg, dir.resolve("checkpoints"));
      try {
        List<EarthquakeAlert> alerts =
            E2eFixtures.alerts(
                E2eFixtures.readUntil(
                    kafka, t.get(2), E2eFixtures::hasFinal, Duration.ofSeconds(50)));
        assertFalse(alerts.isEmpty(), "no alert for the La Verne M4.4");
        EarthquakeAlert last = alerts.get(alerts.size() - 1);
        double km =
            DemoTruth.distanceKm(
                last.getLatitude(),
                last.getLongitude(),
                truth.origin().latitude(),
                truth.origin().longitude());
        assertTrue(
            km <= MAX_EPICENTRE_KM, "final epicentre " + km + " km from the catalogue's: " + last);
      } finally {
        job.cancel();
      }
    }
  }
}
