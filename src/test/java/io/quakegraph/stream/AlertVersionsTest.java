package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.model.Estimate;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Times;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An alert version carries the estimate and the counts consumers judge it by: stations used are the
 * graph's live ones, stations triggered the event's distinct stations with an onset by the step,
 * the latency runs from the newest packet the graph saw; a large rupture's magnitude does not fall
 * between versions; the final repeat keeps the estimate and uses no station.
 */
class AlertVersionsTest {
  private static final long T = StreamFixtures.T0 + 20_000_000L;
  private static final long ORIGIN = StreamFixtures.T0 + 10_000_000L;

  private static StationNode node(String id, boolean live, long receivedMicros) {
    return StreamFixtures.quietNode(id, T, 34, -118, live, receivedMicros);
  }

  private static TriggerOnset onset(String id, double sAfterOrigin) {
    return new TriggerOnset(id, 34, -118, ORIGIN + Math.round(sAfterOrigin * 1e6));
  }

  private static Estimate estimate(double m) {
    return new Estimate(34.1, -117.9, 9, m, ORIGIN, 2, 3, 4, 0.2, 0.5);
  }

  @Test
  void countsAndLatencyComeFromTheGraphAndTheEventsOnsets() {
    EventState e =
        new EventState(
            "ev",
            ORIGIN + 2_000_000L,
            3,
            new TriggerOnset[] {
              onset("CI.A", 2), onset("CI.B", 3), onset("CI.A", 6), onset("CI.C", 11)
            },
            false,
            Long.MIN_VALUE);
    List<StationNode> graph = new ArrayList<>();
    graph.add(node("CI.A", true, T + 300_000L));
    graph.add(node("CI.B", true, T + 800_000L));
    graph.add(node("CI.D", false, T));
    long issue = T + 1_000_000L;
    EarthquakeAlert a = AlertVersions.of(e, 4, estimate(4.2), graph, T, 7, null, "m-v2", issue);
    assertEquals(4, a.getVersion());
    assertFalse(a.getFinalEstimate());
    assertEquals(2, a.getStationsUsed(), "the graph's live stations");
    assertEquals(2, a.getStationsTriggered(), "A twice and B by t; C's onset is after t");
    assertEquals(7, a.getStationsLive());
    assertEquals(200, a.getLatencyMs(), "from the newest packet the graph saw");
    assertEquals(T, Times.micros(a.getDataTime()));
    assertEquals(issue, Times.micros(a.getIssueTime()));
    assertEquals(34.1, a.getLatitude(), 0.0);
    assertEquals(4, a.getDepthUncertaintyKm(), 0.0);
    assertEquals("m-v2", a.getModelVersion().toString());
  }

  @Test
  void aLargeRupturesMagnitudeDoesNotFallWhileItGrows() {
    EventState e =
        new EventState(
            "big", ORIGIN, 1, new TriggerOnset[] {onset("CI.A", 1)}, false, Long.MIN_VALUE);
    List<StationNode> graph = List.of(node("CI.A", true, T));
    EarthquakeAlert first = AlertVersions.of(e, 1, estimate(7.4), graph, T, 1, null, "v", T);
    EarthquakeAlert second =
        AlertVersions.of(e, 2, estimate(7.0), graph, T + 1_000_000L, 1, first, "v", T);
    assertTrue(second.getMagnitude() >= first.getMagnitude(), second + " after " + first);
  }

  @Test
  void theFinalRepeatKeepsTheEstimateAndUsesNoStation() {
    EventState e = new EventState("ev", ORIGIN, 1, new TriggerOnset[] {onset("CI.A", 1)}, false, 0);
    EarthquakeAlert last =
        AlertVersions.of(e, 5, estimate(4.0), List.of(node("CI.A", true, T)), T, 3, null, "v", T);
    EarthquakeAlert fin = AlertVersions.finalRepeat(last, 6, T + 2_000_000L, 0, T + 3_000_000L);
    assertTrue(fin.getFinalEstimate());
    assertEquals(6, fin.getVersion());
    assertEquals(0, fin.getStationsUsed());
    assertEquals(last.getLatitude(), fin.getLatitude(), 0.0);
    assertEquals(last.getMagnitude(), fin.getMagnitude(), 0.0);
    assertEquals(T + 2_000_000L, Times.micros(fin.getDataTime()));
  }
}
