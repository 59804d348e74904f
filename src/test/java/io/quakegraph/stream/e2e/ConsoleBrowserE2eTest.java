package io.quakegraph.stream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quakegraph.console.ConsoleServer;
import io.quakegraph.console.HeadlessChromium;
import io.quakegraph.demo.LocalPipeline;
import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.StationPick;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.Station;
import io.quakegraph.stream.EewJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console in a real browser (Debian's Chromium, headless, over the DevTools protocol)
 * while a synthetic scenario replays through the in-process broker and the real job: no page
 * errors, every inventory station drawn, the job's onsets marked, the alert drawn with the
 * magnitude of the alert record, a skipped record counted on the page, and in a replay of the event
 * from the topic the S-wave countdown at a site going down. Saves a screenshot to
 * target/console/console.png (or where {@code -Dqg.consoleScreenshot} says).
 *
 * <p>Skipped, with the reason, where no Chromium is installed ({@code scripts/install-chromium.sh},
 * run by Maven before the tests, installs it where it can).
 */
class ConsoleBrowserE2eTest {
  @TempDir Path dir;

  @Test
  void theConsoleShowsTheNetworkTheOnsetsAndTheAlertAsTheEventUnfolds() throws Exception {
    Optional<Path> chromium = HeadlessChromium.find();
    assumeTrue(
        chromium.isPresent(),
        "no Chromium at /usr/bin/chromium (scripts/install-chromium.sh could not install Debian's"
            + " chromium here): the console's browser test is skipped");

    try (LocalPipeline pipeline =
        E2eFixtures.pipeline(
            dir, 12, 150, "console", b -> b.minTriggeredStations(4).maxEventSeconds(20))) {
      Path scenario = dir.resolve("scenario");
      Inventory inv = pipeline.inventory();
      EmbeddedKafka kafka = pipeline.kafka();
      String packets = pipeline.config().packetsTopic();
      String alerts = pipeline.config().alertsTopic();
      String picks = EewJob.picksTopic(pipeline.config());
      ConsoleServer.Options o =
          new ConsoleServer.Options(
              kafka.bootstrapServers(),
              "127.0.0.1",
              0,
              inv.stations(),
              null,
              Duration.ofSeconds(10),
              alerts,
              picks,
              packets);
      try (ConsoleServer console = ConsoleServer.start(o);
          HeadlessChromium browser = HeadlessChromium.launch(chromium.get(), 1400, 900)) {
        browser.open(console.url());
        waitFor(browser, "Object.keys(qg.stations).length === " + inv.size(), 20);

        // every inventory station is on the map, once
        JsonNode drawn =
            browser.eval(
                "Array.from(document.querySelectorAll('path.sta')).map(e =>"
                    + " e.getAttribute('data-station'))");
        Set<String> onMap = new TreeSet<>();
        drawn.forEach(n -> onMap.add(n.asText()));
        assertEquals(inv.size(), drawn.size(), "one marker per station");
        assertEquals(
            inv.stations().stream().map(Station::id).collect(Collectors.toCollection(TreeSet::new)),
            onMap);

        // a record that is not an alert: skipped, and counted on the page
        try (KafkaProducer<byte[], byte[]> raw = E2eFixtures.rawProducer(kafka)) {
          raw.send(new ProducerRecord<>(alerts, "x".getBytes(), "garbage".getBytes()));
          raw.flush();
        }
        waitFor(browser, "document.getElementById('bad-alerts').textContent === '1'", 20);

        pipeline.startJob();
        // x10: the 150 s scenario in 15 s, slow enough for stations to be seen live
        CompletableFuture<?> replay =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    pipeline.replay(
                        ReplayOptions.of(scenario.toString()).toBuilder()
                            .packetSeconds(1)
                            .speed(10)
                            .build());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        waitFor(
            browser,
            "Object.keys(qg.stations).filter(id => qg.stationState(id) === 'live').length > 0",
            30);
        // the job's onsets reach the page while the event unfolds
        waitFor(browser, "document.querySelectorAll('path.sta-triggered').length > 0", 60);
        JsonNode marked =
            browser.eval(
                "Array.from(document.querySelectorAll('path.sta-triggered')).map(e =>"
                    + " e.getAttribute('data-station'))");
        replay.get();

        var pickRecords =
            E2eFixtures.readUntil(kafka, picks, rs -> !rs.isEmpty(), Duration.ofSeconds(10));
        AvroCodec<StationPick> pc = AvroCodec.of(StationPick.class);
        Set<String> picked = new HashSet<>();
        pickRecords.forEach(r -> picked.add(pc.decode(r.value()).getStationId()));
        for (JsonNode m : marked) {
          assertTrue(picked.contains(m.asText()), m + " marked without an onset on the topic");
        }

        var alertRecords =
            E2eFixtures.readUntil(
                kafka, alerts, rs -> finalAlert(rs) != null, Duration.ofSeconds(60));
        EarthquakeAlert fin = finalAlert(alertRecords);
        assertTrue(fin != null, "a final alert");
        String mag = String.format(Locale.ROOT, "M%.1f", fin.getMagnitude());
        String id = fin.getEventId();
        waitFor(
            browser,
            "qg.events['" + id + "'] && qg.events['" + id + "'].latest.final === true",
            20);
        String list = browser.eval("document.getElementById('events').textContent").asText();
        assertTrue(list.contains(mag) && list.contains("final"), mag + " in " + list);
        // the map labels the event's epicentre with the record's magnitude and version
        JsonNode labels =
            browser.eval(
                "Array.from(document.querySelectorAll('.leaflet-tooltip.mag-label')).map(e =>"
                    + " e.textContent)");
        List<String> texts = new java.util.ArrayList<>();
        labels.forEach(n -> texts.add(n.asText()));
        assertTrue(texts.contains(mag + " v" + fin.getVersion() + " final"), texts.toString());
        int events = browser.eval("Object.keys(qg.events).length").asInt();
        for (String cls : List.of("epicentre", "ellipse-1s", "ellipse-2s")) {
          assertEquals(
              events,
              browser.eval("document.querySelectorAll('path." + cls + "').length").asInt(),
              cls + ": one per event");
        }

        // a site ~170 km north of the epicentre, then the event replayed from the topic: the S
        // wave is ~45 s away at the start and the countdown goes down with the replay clock
        browser.eval(
            "qg.setSite("
                + (fin.getLatitude() + 1.5)
                + ", "
                + fin.getLongitude()
                + ").then(() => qg.startReplay('"
                + id
                + "'))");
        waitFor(
            browser,
            "qg.replay && qg.replay.shownVersion >= 1"
                + " && document.getElementById('countdown').dataset.seconds",
            40);
        // the countdown runs on the page's clock: it must fall by a second within a few seconds
        // (a loaded machine delays the page's frames, not its clock) and never faster than the
        // page's own clock runs. Counted only while one version is shown: the replay steps to the
        // next version every second of data time, and a new version moves the estimated origin
        // and epicentre, and the S arrival with them (that is news, not the clock).
        double first = seconds(browser);
        assertTrue(first > 5, "S still ahead at the start of the replay: " + first);
        double fell = 0;
        double pageRun = 0;
        int version = shownVersion(browser);
        double before = first;
        double beforePage = pageSeconds(browser);
        long deadline = System.nanoTime() + 8_000_000_000L;
        while (fell < 1.0 && System.nanoTime() < deadline) {
          Thread.sleep(250);
          double now = seconds(browser);
          double page = pageSeconds(browser);
          int shown = shownVersion(browser);
          if (shown == version) {
            fell += before - now;
            pageRun += page - beforePage;
          }
          version = shown;
          before = now;
          beforePage = page;
        }
        assertTrue(
            fell >= 1.0 && fell <= pageRun + 0.5,
            "countdown fell " + fell + " s in " + pageRun + " s of page time within versions");
        waitFor(browser, "document.querySelectorAll('path.front-p').length === 1", 10);
        Thread.sleep(300);
        // into the build folder: a test never rewrites the checkout (the README's picture is
        // refreshed on purpose with -Dqg.consoleScreenshot=docs/img/console.png)
        Path png =
            Path.of(System.getProperty("qg.consoleScreenshot", "target/console/console.png"));
        Files.createDirectories(png.getParent());
        Files.write(png, browser.screenshot());

        assertEquals(List.of(), browser.errors(), "errors in the page");
      }
    }
  }

  /** The last final alert among the records, skipping the garbage record written above. */
  private static EarthquakeAlert finalAlert(
      List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records) {
    AvroCodec<EarthquakeAlert> ac = AvroCodec.of(EarthquakeAlert.class);
    EarthquakeAlert fin = null;
    for (var r : records) {
      try {
        EarthquakeAlert a = ac.decode(r.value());
        if (a.getFinalEstimate()) {
          fin = a;
        }
      } catch (AvroCodec.AvroDecodeException garbage) {
        // the record written above
      }
    }
    return fin;
  }

  private static double seconds(HeadlessChromium b) throws Exception {
    return Double.parseDouble(
        b.eval("document.getElementById('countdown').dataset.seconds").asText());
  }

  private static int shownVersion(HeadlessChromium b) throws Exception {
    return b.eval("qg.replay ? qg.replay.shownVersion : -1").asInt();
  }

  private static double pageSeconds(HeadlessChromium b) throws Exception {
    return b.eval("performance.now() / 1000").asDouble();
  }

  private static void waitFor(HeadlessChromium b, String condition, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode v = b.eval("!!(" + condition + ")");
      if (v.asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the page never got to `"
            + condition
            + "` within "
            + seconds
            + " s; page errors: "
            + b.errors());
  }
}
