package io.quakegraph.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.cli.QuakeGraph;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.TravelTimes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo's pieces that need no broker: the missing-model refusal, truth matching, floor, map. */
class DemoPartsTest {
  private static final List<Station> GRID = grid();

  @Test
  void refusesToRunWithoutTheBundledModel(@TempDir Path home) {
    String old = System.getProperty("quakegraph.home");
    System.setProperty("quakegraph.home", home.toString());
    try {
      CommandLine cl = QuakeGraph.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      assertEquals(2, cl.execute("demo"));
      assertTrue(err.toString().contains("the bundled model is missing"), err.toString());
      assertTrue(err.toString().contains("model-export/stgnn-socal-v2"), err.toString());
      assertFalse(Files.exists(home.resolve("scenarios")), "nothing simulated before the check");
    } finally {
      if (old == null) {
        System.clearProperty("quakegraph.home");
      } else {
        System.setProperty("quakegraph.home", old);
      }
    }
  }

  @Test
  void floorIsTheFourthPArrivalPlusOnePacket() {
    DemoTruth truth = new DemoTruth(List.of(), GRID);
    Earthquake e = quake("e", 34.0, -117.0, 10, 0);
    double[] d =
        GRID.stream()
            .mapToDouble(s -> Geodesy.epicentralKm(34.0, -117.0, s.latitude(), s.longitude()))
            .sorted()
            .toArray();
    double p4 = TravelTimes.hadleyKanamori().pSeconds(d[3], 10);
    assertEquals(p4 + 1.0, truth.floorSeconds(e, 4, 1.0), 1e-9);
    assertTrue(p4 > 10 / 6.5 && p4 < 40, "P to a station tens of km away: " + p4);
  }

  @Test
  void theStepAtHalfPastIsCompletedByThePacketEndingOnTheNextWholeSecond() {
    long s = 1_000_000L;
    // step 12.5 s needs data to 12.94 s: the 1-s packet [12, 13) completes it
    assertEquals(13 * s, DemoTruth.completingPacketEndMicros(12 * s + s / 2, 1.0, 0.444));
    // a step on the whole second needs the packet after it
    assertEquals(14 * s, DemoTruth.completingPacketEndMicros(13 * s, 1.0, 0.444));
    // 2-s packets on multiples of 2 s
    assertEquals(14 * s, DemoTruth.completingPacketEndMicros(12 * s + s / 2, 2.0, 0.444));
  }

  @Test
  void insideMeansInsideTheConvexHull() {
    DemoTruth truth = new DemoTruth(List.of(), GRID);
    assertTrue(truth.insideNetwork(34.0, -117.0));
    assertTrue(truth.insideNetwork(33.55, -117.45));
    assertFalse(truth.insideNetwork(33.4, -117.0));
    assertFalse(truth.insideNetwork(34.0, -116.4));
  }

  @Test
  void alertsMatchTheEventThatHasStartedWithTheNearestOriginTime() {
    Earthquake a = quake("a", 34, -117, 5, 0);
    Earthquake b = quake("b", 34.2, -117.2, 5, 100);
    DemoTruth truth = new DemoTruth(List.of(a, b), GRID);
    assertEquals("a", truth.match(alert(34, -117, 8, 2), 120).orElseThrow().eventId());
    // b has not started at data time 90 s, whatever the estimated origin says
    assertEquals("a", truth.match(alert(34, -117, 90, 95), 120).orElseThrow().eventId());
    assertEquals("b", truth.match(alert(34, -117, 110, 99), 120).orElseThrow().eventId());
    assertTrue(truth.match(alert(34, -117, 400, 390), 120).isEmpty(), "too old for both");
  }

  @Test
  void mapIsAPngWithEllipses(@TempDir Path dir) throws Exception {
    EarthquakeAlert v1 = alert(34.1, -117.1, 5, 0);
    Path png =
        AlertMap.write(
            dir.resolve("map.png"),
            "test",
            GRID,
            List.of(quake("a", 34, -117, 5, 0)),
            Map.of("qg-a", List.of(v1)),
            Map.of("qg-a", quake("a", 34, -117, 5, 0)));
    var img = ImageIO.read(png.toFile());
    assertTrue(
        img.getWidth() >= 500 && img.getHeight() == 800, img.getWidth() + "x" + img.getHeight());
    double[][] e = AlertMap.ellipse(v1, 2, 8);
    // 2 sigma of 4 km north-south: 8 km of latitude at the top of the ellipse
    assertEquals(34.1 + 8 / Geodesy.KM_PER_DEGREE, e[1][2], 1e-9);
    assertEquals(e[0][0], e[0][8], 1e-12, "closed");
  }

  private static List<Station> grid() {
    List<Station> s = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        s.add(new Station("XX", "S" + i + j, 33.5 + 0.25 * i, -117.5 + 0.25 * j, 0, "", List.of()));
      }
    }
    return s;
  }

  private static Earthquake quake(String id, double lat, double lon, double depth, double t) {
    return new Earthquake(id, new Origin((long) (t * 1e6), lat, lon, depth), 4.5, "Mw", List.of());
  }

  private static EarthquakeAlert alert(double lat, double lon, double dataS, double originS) {
    return EarthquakeAlert.newBuilder()
        .setEventId("qg-x")
        .setVersion(1)
        .setFinalEstimate(false)
        .setIssueTime(Instant.EPOCH)
        .setDataTime(Instant.ofEpochMilli((long) (dataS * 1000)))
        .setOriginTime(Instant.ofEpochMilli((long) (originS * 1000)))
        .setLatitude(lat)
        .setLongitude(lon)
        .setDepthKm(5)
        .setMagnitude(4)
        .setLatitudeUncertaintyKm(4)
        .setLongitudeUncertaintyKm(6)
        .setDepthUncertaintyKm(3)
        .setMagnitudeUncertainty(0.3)
        .setOriginTimeUncertaintySeconds(1)
        .setStationsUsed(10)
        .setStationsTriggered(5)
        .setStationsLive(10)
        .setModelVersion("m")
        .setLatencyMs(1)
        .build();
  }
}
