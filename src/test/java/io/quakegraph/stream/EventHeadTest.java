package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Station;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The triggered global window and head with the keyed operator harness and the real (random weight)
 * STGNN head in DJL.
 */
class EventHeadTest {
  static final long T0 = StreamFixtures.T0;

  @TempDir static Path tmp;
  static List<Station> a = new ArrayList<>();
  static List<Station> b = new ArrayList<>();
  static KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> shared;
  static Path model;
  static Path inventory;

  @BeforeAll
  static void setUp() throws Exception {
    for (int i = 0; i < 6; i++) {
      a.add(StreamFixtures.station("CI", "A" + i, 34.0 + 0.1 * (i % 3), -118.0 + 0.1 * (i / 3)));
      b.add(StreamFixtures.station("CI", "B" + i, 36.0 + 0.1 * (i % 3), -117.0 + 0.1 * (i / 3)));
    }
    List<Station> all = new ArrayList<>(a);
    all.addAll(b);
    inventory = StreamFixtures.inventory(tmp, all);
    model = StreamFixtures.model(tmp, all);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (shared != null) {
      shared.close();
    }
  }

  static KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> harness()
      throws Exception {
    EventHead head = new EventHead(model, inventory, new Associator(4, 5.0, 2.0, 150.0, 30.0));
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(head), n -> EventHead.REGION, Types.STRING);
    h.open();
    return h;
  }

  /**
   * Feeds 45 steps of nodes for all stations; {@code onsets} gives each triggering station its
   * onset (s after T0); a trigger stays on 15 s.
   */
  static List<EarthquakeAlert> run(Map<String, Double> onsets) throws Exception {
    try (var h = harness()) {
      Random r = new Random(5);
      List<Station> all = new ArrayList<>(a);
      all.addAll(b);
      for (int sec = 1; sec <= 45; sec++) {
        long t = T0 + sec * 1_000_000L;
        for (Station s : all) {
          Double on = onsets.get(s.id());
          boolean triggered = on != null && sec >= on && sec < on + 15;
          long onMicros = on != null && sec >= on ? T0 + Math.round(on * 1e6) : Long.MIN_VALUE;
          float[] e = new float[16];
          for (int k = 0; k < e.length; k++) {
            e[k] = (float) r.nextGaussian();
          }
          h.processElement(
              new StationNode(
                  s.id(),
                  t,
                  e,
                  triggered ? -4f : -6.5f,
                  true,
                  triggered,
                  onMicros,
                  1f,
                  s.latitude(),
                  s.longitude(),
                  s.elevationM(),
                  System.currentTimeMillis() * 1000,
                  "stgnn-test-v0"),
              t / 1000);
        }
        h.processWatermark(t / 1000);
      }
      return h.extractOutputValues();
    }
  }

  static Map<String, List<EarthquakeAlert>> byEvent(List<EarthquakeAlert> alerts) {
    Map<String, List<EarthquakeAlert>> m = new LinkedHashMap<>();
    for (EarthquakeAlert x : alerts) {
      m.computeIfAbsent(x.getEventId().toString(), k -> new ArrayList<>()).add(x);
    }
    return m;
  }

  static void assertVersioned(List<EarthquakeAlert> v) {
    for (int i = 0; i < v.size(); i++) {
      assertEquals(i + 1, v.get(i).getVersion(), "versions 1, 2, ... without gaps");
      assertEquals(i == v.size() - 1, v.get(i).getFinalEstimate(), "only the last is final");
      assertTrue(
          Double.isFinite(v.get(i).getLatitude()) && Double.isFinite(v.get(i).getMagnitude()));
      assertTrue(v.get(i).getLatitudeUncertaintyKm() > 0);
    }
  }

  @Test
  void fourCoherentTriggersOpenOneVersionedEvent() throws Exception {
    Map<String, Double> on = Map.of("CI.A0", 10.0, "CI.A1", 11.0, "CI.A2", 12.0, "CI.A3", 11.5);
    Map<String, List<EarthquakeAlert>> ev = byEvent(run(on));
    assertEquals(1, ev.size(), ev.keySet().toString());
    List<EarthquakeAlert> v = ev.values().iterator().next();
    assertVersioned(v);
    EarthquakeAlert first = v.get(0);
    assertEquals(
        T0 + 12_000_000L, first.getDataTime().toEpochMilli() * 1000, "opens at 4th trigger");
    assertEquals(12, first.getStationsUsed(), "graph of all live stations");
    assertEquals(12, first.getStationsLive());
    assertEquals(4, first.getStationsTriggered());
    assertEquals("stgnn-test-v0", first.getModelVersion().toString());
    // Triggers end at 25-27 s: the last version is at the step where none is on any more.
    assertEquals(T0 + 27_000_000L, v.get(v.size() - 1).getDataTime().toEpochMilli() * 1000);
    assertTrue(first.getLatencyMs() >= 0 && first.getLatencyMs() < 60_000);
  }

  @Test
  void twoDistantSimultaneousClustersAreTwoEvents() throws Exception {
    Map<String, Double> on = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      on.put("CI.A" + i, 10.0 + 0.5 * i);
      on.put("CI.B" + i, 10.2 + 0.5 * i);
    }
    Map<String, List<EarthquakeAlert>> ev = byEvent(run(on));
    assertEquals(2, ev.size(), ev.keySet().toString());
    for (List<EarthquakeAlert> v : ev.values()) {
      assertVersioned(v);
      // Each event's graph is its own half of the network.
      assertEquals(6, v.get(0).getStationsUsed());
    }
  }

  @Test
  void incoherentTriggersOpenNoEvent() throws Exception {
    Map<String, Double> on = Map.of("CI.A0", 5.0, "CI.A1", 18.0, "CI.A2", 31.0, "CI.B3", 10.0);
    assertEquals(List.of(), run(on));
  }
}
