package io.quakegraph.stream.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.dataset.CatalogFiles;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real 2018 La Verne M4.4 event files replayed through the job with the trained model: one
 * event, alerted, whose final estimate is near the catalogue's, absolutely and in the alert's own
 * terms.
 *
 * <p>Absolutely: the final version within {@value #MAX_EPICENTRE_KM} km of the catalogue epicentre
 * and {@value #MAX_MAGNITUDE_ERROR} of its magnitude, the targets of the real folders (issue "Real
 * earthquakes"). With stgnn-socal-v1 the final alert was 31.8 km off and this test passed only on
 * that alert's 36 km 1-sigma; what brought it to ~2 km was the nearest station's P (CE.23178, 13
 * km): the file starts 13 s before it, the trigger's warm-up was 15 s, and the association then
 * replaced the station's pending P by its S re-trigger.
 *
 * <p>Why "in its own terms": the folder is a sparse real network (3 stations within 150 km, at 13,
 * 48 and 130 km), far from the 235-station graphs the model was trained and evaluated on, so the
 * model card's error figures do not apply; what an operator needs from such an alert is that its
 * stated uncertainty covers the truth. The catalogue epicentre must lie inside the alert's 95 %
 * ellipse (north and east 1-sigma, chi-square with 2 degrees of freedom) and the catalogue
 * magnitude inside its 95 % interval. Fails without model-export/stgnn-socal-v2.
 */
class LaVerneE2eTest {
  static final Path MODEL = Path.of("model-export", "stgnn-socal-v2");
  static final Path EVENT = Path.of("..", "shared", "data", "events", "ci38038071_laverne_M4.4");

  /** Final-version epicentre error allowed, km. */
  static final double MAX_EPICENTRE_KM = 10;

  /** Final-version magnitude error allowed. */
  static final double MAX_MAGNITUDE_ERROR = 0.3;

  /** sqrt of the 95 % quantile of chi-square with 2 degrees of freedom. */
  static final double ELLIPSE_95 = Math.sqrt(5.991);

  /** The 95 % two-sided normal quantile. */
  static final double INTERVAL_95 = 1.96;

  @Test
  void finalAlertCoversTheCatalogueSource(@TempDir Path dir) throws Exception {
    assertTrue(
        Files.isRegularFile(MODEL.resolve("spec.json")), "bundled model " + MODEL + " absent");
    Assumptions.assumeTrue(
        Files.isDirectory(EVENT), "shared La Verne event folder absent: " + EVENT);
    Earthquake truth = CatalogFiles.read(EVENT.resolve("event.json")).events().get(0);
    Inventory inv = StationXml.readDirectory(EVENT);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<String> t = E2eFixtures.topics(kafka, "laverne");
      E2eFixtures.replay(kafka, EVENT, inv, t.get(0), t.get(1), null);
      JobConfig cfg =
          JobConfig.defaults(kafka.bootstrapServers(), MODEL, EVENT).toBuilder()
              .packetsTopic(t.get(0))
              .alertsTopic(t.get(2))
              .deadLetterTopic(t.get(1))
              .transactionalIdPrefix("tx-laverne")
              .groupId("group-laverne")
              .checkpointInterval(Duration.ofSeconds(1))
              // The folder holds 5 stations, 3 within 150 km of the epicentre (CE.23178 13 km,
              // CI.GR2 48 km, AZ.HSSP 130 km): an operator runs such a sparse network with
              // --min-stations 3.
              .minTriggeredStations(3)
              .build();
      JobClient job = JobRunner.startLocal(cfg, dir.resolve("checkpoints"));
      try {
        List<EarthquakeAlert> alerts =
            E2eFixtures.alerts(
                E2eFixtures.readUntil(
                    kafka, t.get(2), E2eFixtures::hasFinal, Duration.ofSeconds(50)));
        assertFalse(alerts.isEmpty(), "no alert for the La Verne M4.4");
        assertTrue(
            alerts.stream().map(EarthquakeAlert::getEventId).distinct().count() == 1,
            "one earthquake, several events: " + alerts);
        EarthquakeAlert last = alerts.get(alerts.size() - 1);
        double northKm = (last.getLatitude() - truth.origin().latitude()) * 111.19;
        double eastKm =
            (last.getLongitude() - truth.origin().longitude())
                * 111.19
                * Math.cos(Math.toRadians(truth.origin().latitude()));
        double km =
            Geodesy.epicentralKm(
                last.getLatitude(),
                last.getLongitude(),
                truth.origin().latitude(),
                truth.origin().longitude());
        double normalised =
            Math.hypot(
                northKm / last.getLatitudeUncertaintyKm(),
                eastKm / last.getLongitudeUncertaintyKm());
        System.out.printf(
            "La Verne: final alert %.1f km from the catalogue epicentre (north %.1f, east %.1f;"
                + " 1-sigma %.1f, %.1f km; %.2f of the 95%% ellipse), M%.2f ± %.2f vs M%.2f%n",
            km,
            northKm,
            eastKm,
            last.getLatitudeUncertaintyKm(),
            last.getLongitudeUncertaintyKm(),
            normalised / ELLIPSE_95,
            last.getMagnitude(),
            last.getMagnitudeUncertainty(),
            truth.magnitude());
        assertTrue(
            km <= MAX_EPICENTRE_KM,
            "final alert "
                + km
                + " km from the catalogue epicentre (at most "
                + MAX_EPICENTRE_KM
                + " km): "
                + last);
        assertTrue(
            Math.abs(last.getMagnitude() - truth.magnitude()) <= MAX_MAGNITUDE_ERROR,
            "final magnitude off by more than " + MAX_MAGNITUDE_ERROR + ": " + last);
        assertTrue(
            normalised <= ELLIPSE_95,
            "catalogue epicentre outside the final alert's 95 % ellipse (" + km + " km): " + last);
        double dm = Math.abs(last.getMagnitude() - truth.magnitude());
        assertTrue(
            dm <= INTERVAL_95 * last.getMagnitudeUncertainty(),
            "catalogue magnitude outside the final alert's 95 % interval: " + last);
      } finally {
        job.cancel();
      }
    }
  }
}
