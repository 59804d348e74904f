package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationList;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScenarioCatalogTest {
  private static final long START = Times.parse("2019-07-06T03:00:00Z");
  private static final long HOUR = 3_600_000_000L;
  private static List<Station> stations;

  @BeforeAll
  static void readStations() throws IOException {
    stations =
        StationList.activeBroadband(
            StationList.read(SharedData.path("stations/scedc_channel_epochs.txt")), "CI", START);
  }

  @Test
  void eventsAreReproducibleSeparateAndInsideTheirBounds() {
    ScenarioCatalog catalog =
        new ScenarioCatalog(stations, TravelTimes.hadleyKanamori(), ScenarioOptions.defaults());
    List<SyntheticEvent> a = catalog.generate(START, 2 * HOUR, 12, 42);
    assertEquals(a, catalog.generate(START, 2 * HOUR, 12, 42));
    assertNotEquals(a, catalog.generate(START, 2 * HOUR, 12, 43));
    assertEquals(12, a.size());
    double[] box = catalog.bounds();
    double minLat = stations.stream().mapToDouble(Station::latitude).min().orElseThrow();
    assertEquals(minLat - 0.5, box[0], 1e-9);
    for (int i = 0; i < a.size(); i++) {
      SyntheticEvent e = a.get(i);
      assertEquals("qgsyn42-" + (i + 1), e.eventId());
      assertTrue(e.magnitude() >= 2.5 && e.magnitude() <= 6.5, e.toString());
      assertTrue(e.origin().depthKm() >= 0 && e.origin().depthKm() <= 25, e.toString());
      assertTrue(e.origin().latitude() >= box[0] && e.origin().latitude() <= box[1]);
      assertTrue(e.origin().longitude() >= box[2] && e.origin().longitude() <= box[3]);
      assertTrue(e.stressDropMPa() >= 0.1 && e.stressDropMPa() <= 100);
      long end = e.origin().timeMicros() + catalog.occupancyMicros(e);
      assertTrue(e.origin().timeMicros() >= START && end <= START + 2 * HOUR, e.toString());
      // the farthest S arrival across this network takes over a minute
      assertTrue(catalog.occupancyMicros(e) > 60_000_000L);
      if (i > 0) {
        SyntheticEvent p = a.get(i - 1);
        assertTrue(
            p.origin().timeMicros() + catalog.occupancyMicros(p) <= e.origin().timeMicros(),
            "overlap: " + p + " and " + e);
      }
    }
  }

  @Test
  void largeMagnitudesAreOverSampledAsDesigned() {
    ScenarioOptions options = ScenarioOptions.defaults().toBuilder().allowOverlap(true).build();
    ScenarioCatalog catalog = new ScenarioCatalog(stations, TravelTimes.hadleyKanamori(), options);
    int n = 4000;
    List<SyntheticEvent> events = catalog.generate(START, 24 * HOUR, n, 1);
    // the mixture's survival at M5, worked out here independently of the code:
    // b = 1 truncated G-R on [2.5, 6.5] plus a 25 % uniform component
    double gr = (Math.pow(10, -2.5) - Math.pow(10, -4)) / (1 - Math.pow(10, -4));
    double expected = 0.75 * gr + 0.25 * (1.5 / 4.0);
    assertEquals(expected, options.probabilityAtLeast(5.0), 1e-12);
    double observed = events.stream().filter(e -> e.magnitude() >= 5.0).count() / (double) n;
    double sigma = Math.sqrt(expected * (1 - expected) / n);
    assertEquals(expected, observed, 4 * sigma, "share of M >= 5");
    // and the small events still follow the b-value: M >= 3.5 is much rarer than M >= 2.5
    double above35 = events.stream().filter(e -> e.magnitude() >= 3.5).count() / (double) n;
    assertEquals(options.probabilityAtLeast(3.5), above35, 4 * Math.sqrt(0.3 * 0.7 / n));
    assertTrue(events.stream().allMatch(e -> e.magnitude() >= 2.5 && e.magnitude() <= 6.5));
    // overlap was allowed: at this rate some events must share time
    boolean overlap = false;
    for (int i = 1; i < n; i++) {
      SyntheticEvent p = events.get(i - 1);
      overlap |=
          p.origin().timeMicros() + catalog.occupancyMicros(p)
              > events.get(i).origin().timeMicros();
    }
    assertTrue(overlap);
  }

  @Test
  void magnitudeBoundsAreHonoured() {
    ScenarioCatalog catalog =
        new ScenarioCatalog(
            stations,
            TravelTimes.hadleyKanamori(),
            ScenarioOptions.defaults().toBuilder()
                .minMagnitude(4.0)
                .maxMagnitude(4.5)
                .allowOverlap(true)
                .build());
    for (SyntheticEvent e : catalog.generate(START, HOUR, 300, 3)) {
      assertTrue(e.magnitude() >= 4.0 && e.magnitude() <= 4.5, e.toString());
    }
  }

  @Test
  void anImpossibleRequestSaysWhy() {
    ScenarioCatalog catalog =
        new ScenarioCatalog(stations, TravelTimes.hadleyKanamori(), ScenarioOptions.defaults());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> catalog.generate(START, 600_000_000L, 20, 1));
    assertTrue(e.getMessage().contains("cannot fit 20 events without overlap"), e.getMessage());
    assertTrue(e.getMessage().contains("allow overlap"), e.getMessage());
    assertEquals(
        20,
        new ScenarioCatalog(
                stations,
                TravelTimes.hadleyKanamori(),
                ScenarioOptions.defaults().toBuilder().allowOverlap(true).build())
            .generate(START, 600_000_000L, 20, 1)
            .size());
  }

  @Test
  void stationSelectionKeepsACompactCentre() {
    List<Station> twenty = StationSelection.nearestToCentre(stations, 20);
    assertEquals(20, twenty.size());
    assertEquals(twenty, StationSelection.nearestToCentre(stations, 20));
    double spanAll =
        stations.stream().mapToDouble(Station::latitude).max().orElseThrow()
            - stations.stream().mapToDouble(Station::latitude).min().orElseThrow();
    double spanTwenty =
        twenty.stream().mapToDouble(Station::latitude).max().orElseThrow()
            - twenty.stream().mapToDouble(Station::latitude).min().orElseThrow();
    assertTrue(spanTwenty < spanAll / 2, spanTwenty + " vs " + spanAll);
  }
}
