package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.model.PickFeatures;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.NetworkRegions;
import io.quakegraph.seismic.Station;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
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

  /** How long before it is fed a node's newest packet was received (wall clock), ms. */
  static final long RECEIVED_AGO_MS = 3_000;

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
    List<Station> all = all();
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
            new KeyedProcessOperator<>(head), n -> NetworkRegions.WHOLE_NETWORK, Types.STRING);
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
      List<Station> all = all();
      for (int sec = 1; sec <= 45; sec++) {
        long t = T0 + sec * 1_000_000L;
        for (Station s : all) {
          Double on = onsets.get(s.id());
          boolean triggered = on != null && sec >= on && sec < on + 15;
          long onMicros = on != null && sec >= on ? T0 + Math.round(on * 1e6) : Long.MIN_VALUE;
          long received = System.currentTimeMillis() * 1000 - RECEIVED_AGO_MS * 1000;
          h.processElement(node(s, t, r, triggered, onMicros, received), t / 1000);
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
    EarthquakeAlert last = v.get(v.size() - 1);
    assertEquals(T0 + 27_000_000L, last.getDataTime().toEpochMilli() * 1000);
    assertEquals(4, last.getStationsTriggered(), "had triggered by then, though none is on now");
    // from the receive time of the newest packet in the graph to the issue time
    assertTrue(
        first.getLatencyMs() >= RECEIVED_AGO_MS && first.getLatencyMs() < RECEIVED_AGO_MS + 60_000,
        first.getLatencyMs() + " ms");
  }

  @Test
  void aStationThatTriggersAgainCountsOnce() throws Exception {
    // CI.A0 triggers at 10 s and again at 13 s, while the event is open
    Map<String, double[]> on =
        Map.of(
            "CI.A0", new double[] {10.0, 13.0},
            "CI.A1", new double[] {11.0},
            "CI.A2", new double[] {12.0},
            "CI.A3", new double[] {11.5},
            "CI.A4", new double[] {12.5});
    List<Station> all = all();
    List<EarthquakeAlert> out;
    try (var h = harness()) {
      Random r = new Random(7);
      for (int sec = 1; sec <= 30; sec++) {
        long t = T0 + sec * 1_000_000L;
        for (Station s : all) {
          double[] onsets = on.getOrDefault(s.id(), new double[0]);
          long onMicros = Long.MIN_VALUE;
          boolean triggered = false;
          for (double o : onsets) {
            if (sec >= o) {
              onMicros = T0 + Math.round(o * 1e6);
              triggered = sec < o + 15;
            }
          }
          h.processElement(node(s, t, r, triggered, onMicros, t), t / 1000);
        }
        h.processWatermark(t / 1000);
      }
      out = h.extractOutputValues();
    }
    Map<String, List<EarthquakeAlert>> ev = byEvent(out);
    assertEquals(1, ev.size(), ev.keySet().toString());
    List<EarthquakeAlert> v = ev.values().iterator().next();
    Map<Long, Integer> triggeredAt = new LinkedHashMap<>();
    for (EarthquakeAlert x : v) {
      triggeredAt.put(
          x.getDataTime().toEpochMilli() / 1000 - T0 / 1_000_000, x.getStationsTriggered());
    }
    assertEquals(4, triggeredAt.get(12L), triggeredAt.toString());
    assertEquals(5, triggeredAt.get(14L), "A4 joins; A0's second onset is not a sixth station");
  }

  /** A node of {@code s} at step {@code t} with a random embedding. */
  static StationNode node(
      Station s, long t, Random r, boolean triggered, long onMicros, long receivedMicros) {
    float[] e = new float[16];
    for (int k = 0; k < e.length; k++) {
      e[k] = (float) r.nextGaussian();
    }
    return new StationNode(
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
        receivedMicros,
        "stgnn-test-v0",
        new float[PickFeatures.COUNT]);
  }

  @Test
  void twoDistantSimultaneousClustersAreTwoEvents() throws Exception {
    Map<String, Double> on = twoClusters(10.0, 10.2);
    Map<String, List<EarthquakeAlert>> ev = byEvent(run(on));
    assertEquals(2, ev.size(), ev.keySet().toString());
    for (List<EarthquakeAlert> v : ev.values()) {
      assertVersioned(v);
      // Each event's graph is its own half of the network.
      assertEquals(6, v.get(0).getStationsUsed());
    }
  }

  /**
   * Feeds steps {@code from..to} (s after T0) of nodes for {@code stations}, each triggering
   * station's trigger on for 15 s from its onset, and the watermark after each step.
   */
  static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> h,
      int from,
      int to,
      List<Station> stations,
      Map<String, Double> onsets)
      throws Exception {
    Random r = new Random(from);
    feed(h, from, to, stations, onsets, (sec, s) -> r);
  }

  /**
   * As {@link #feed}, with each node's embedding drawn from its own station and step, so that
   * feeding a region alone gives its nodes exactly as feeding the whole network does.
   */
  static void feedEach(
      KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> h,
      int from,
      int to,
      List<Station> stations,
      Map<String, Double> onsets)
      throws Exception {
    feed(h, from, to, stations, onsets, (sec, s) -> new Random(sec * 1_000L + s.id().hashCode()));
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> h,
      int from,
      int to,
      List<Station> stations,
      Map<String, Double> onsets,
      BiFunction<Integer, Station, Random> random)
      throws Exception {
    for (int sec = from; sec <= to; sec++) {
      long t = T0 + sec * 1_000_000L;
      for (Station s : stations) {
        Double on = onsets.get(s.id());
        boolean triggered = on != null && sec >= on && sec < on + 15;
        long onMicros = on != null && sec >= on ? T0 + Math.round(on * 1e6) : Long.MIN_VALUE;
        h.processElement(node(s, t, random.apply(sec, s), triggered, onMicros, t), t / 1000);
      }
      h.processWatermark(t / 1000);
    }
  }

  /** Every station, A then B. */
  static List<Station> all() {
    List<Station> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Onsets of CI.A0-A3 from {@code aFrom} and CI.B0-B3 from {@code bFrom} s, 0.5 s apart. */
  static Map<String, Double> twoClusters(double aFrom, double bFrom) {
    Map<String, Double> on = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      on.put("CI.A" + i, aFrom + 0.5 * i);
      on.put("CI.B" + i, bFrom + 0.5 * i);
    }
    return on;
  }

  @Test
  void anEventWhoseStationsAllFallSilentEndsWithItsLastEstimate() throws Exception {
    Map<String, Double> on = twoClusters(10.0, 10.2);
    List<Station> all = all();
    try (var h = harness()) {
      h.setProcessingTime(1_000);
      feed(h, 1, 15, all, on);
      // the A half of the network goes silent; B goes on, so steps still come
      feed(h, 16, 45, b, on);
      Map<String, List<EarthquakeAlert>> ev = byEvent(h.extractOutputValues());
      assertEquals(2, ev.size(), ev.keySet().toString());
      List<EarthquakeAlert> va =
          ev.get(ev.keySet().stream().filter(k -> k.endsWith("CI.A0")).findFirst().orElseThrow());
      List<EarthquakeAlert> vb =
          ev.get(ev.keySet().stream().filter(k -> k.endsWith("CI.B0")).findFirst().orElseThrow());
      assertVersioned(va);
      assertVersioned(vb);
      EarthquakeAlert fin = va.get(va.size() - 1);
      EarthquakeAlert before = va.get(va.size() - 2);
      assertEquals(T0 + 16_000_000L, fin.getDataTime().toEpochMilli() * 1000, "ends at once");
      assertEquals(0, fin.getStationsUsed());
      assertEquals(before.getLatitude(), fin.getLatitude(), "the last estimate, repeated");
      assertEquals(before.getMagnitude(), fin.getMagnitude());
      assertEquals(6, vb.get(0).getStationsUsed());
      assertEquals(T0 + 27_000_000L, vb.get(vb.size() - 1).getDataTime().toEpochMilli() * 1000);
    }
  }

  @Test
  void anOpenEventEndsAfterSilenceAlsoAcrossARestore() throws Exception {
    Map<String, Double> on = Map.of("CI.A0", 10.0, "CI.A1", 11.0, "CI.A2", 12.0, "CI.A3", 11.5);
    List<Station> all = all();
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snap;
    List<EarthquakeAlert> first;
    try (var h = harness()) {
      h.setProcessingTime(1_000);
      feed(h, 1, 15, all, on); // the event is open, triggers still on; then nothing comes
      first = new ArrayList<>(h.extractOutputValues());
      snap = h.snapshot(1, 2_000);
    }
    assertEquals(first.size(), first.get(first.size() - 1).getVersion(), "versions 1..n");
    assertTrue(first.stream().noneMatch(EarthquakeAlert::getFinalEstimate), "still open");
    EventHead head = new EventHead(model, inventory, new Associator(4, 5.0, 2.0, 150.0, 30.0));
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(head), n -> NetworkRegions.WHOLE_NETWORK, Types.STRING)) {
      h.setup();
      h.initializeState(snap);
      h.open();
      // the restored silence timer fires at once; the silence counts from the restore
      h.setProcessingTime(100_000);
      assertEquals(List.of(), h.extractOutputValues(), "no final right after a restore");
      h.setProcessingTime(100_000 + EventHead.SILENCE_CLOSE_MS - 1);
      assertEquals(List.of(), h.extractOutputValues());
      h.setProcessingTime(100_000 + EventHead.SILENCE_CLOSE_MS);
      List<EarthquakeAlert> out = h.extractOutputValues();
      assertEquals(1, out.size(), out.toString());
      EarthquakeAlert fin = out.get(0);
      EarthquakeAlert last = first.get(first.size() - 1);
      assertTrue(fin.getFinalEstimate());
      assertEquals(last.getVersion() + 1, fin.getVersion());
      assertEquals(last.getEventId(), fin.getEventId());
      assertEquals(last.getDataTime(), fin.getDataTime(), "at the last step seen");
      assertEquals(last.getLatitude(), fin.getLatitude());
      // and it stays closed: more silence sends nothing
      h.setProcessingTime(100_000 + 5 * EventHead.SILENCE_CLOSE_MS);
      assertEquals(1, h.extractOutputValues().size());
    }
  }

  @Test
  void aHeadRestoredMidEventSendsWhatAnUninterruptedOneSends() throws Exception {
    Map<String, Double> on = Map.of("CI.A0", 10.0, "CI.A1", 11.0, "CI.A2", 12.0, "CI.A3", 11.5);
    List<Station> all = all();
    List<EarthquakeAlert> straight;
    try (var h = harness()) {
      h.setProcessingTime(1_000);
      feed(h, 1, 15, all, on);
      feed(h, 16, 40, all, on);
      straight = h.extractOutputValues();
    }
    List<EarthquakeAlert> restored;
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snap;
    try (var h = harness()) {
      h.setProcessingTime(1_000);
      feed(h, 1, 15, all, on);
      restored = new ArrayList<>(h.extractOutputValues());
      snap = h.snapshot(1, 2_000);
    }
    EventHead head = new EventHead(model, inventory, new Associator(4, 5.0, 2.0, 150.0, 30.0));
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(head), n -> NetworkRegions.WHOLE_NETWORK, Types.STRING)) {
      h.setup();
      h.initializeState(snap);
      h.open();
      h.setProcessingTime(1_000);
      feed(h, 16, 40, all, on);
      restored.addAll(h.extractOutputValues());
    }
    assertTrue(straight.size() > 5, straight.toString());
    assertTrue(straight.get(straight.size() - 1).getFinalEstimate(), "the event ended");
    // every field but the two wall-clock ones (issue time, latency)
    assertEquals(withoutWallClock(straight), withoutWallClock(restored));
  }

  static List<EarthquakeAlert> withoutWallClock(List<EarthquakeAlert> alerts) {
    return alerts.stream()
        .map(
            x ->
                EarthquakeAlert.newBuilder(x)
                    .setIssueTime(java.time.Instant.EPOCH)
                    .setLatencyMs(0L)
                    .build())
        .toList();
  }

  /** A station's window at step {@code sec} with its trigger as in {@link #feed}. */
  static StationWindow window(Station s, int sec, Map<String, Double> onsets) {
    Double on = onsets.get(s.id());
    boolean triggered = on != null && sec >= on && sec < on + 15;
    long onMicros = on != null && sec >= on ? T0 + Math.round(on * 1e6) : Long.MIN_VALUE;
    Random r = new Random(sec * 100L + s.id().hashCode());
    float[] w = new float[3 * 1024];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian() * (triggered ? 0.9f : 0.1f);
    }
    return new StationWindow(
        s.id(),
        T0 + sec * 1_000_000L,
        w,
        triggered ? -4f : -6.5f,
        true,
        triggered,
        onMicros,
        1f,
        s.latitude(),
        s.longitude(),
        s.elevationM(),
        T0 + sec * 1_000_000L,
        s.id(),
        new float[PickFeatures.COUNT]);
  }

  /** Hands the encoder's output so far (nodes and watermarks) to the head. */
  static void forward(
      org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness<StationWindow, StationNode>
          enc,
      KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> head)
      throws Exception {
    for (Object o : enc.getOutput()) {
      if (o instanceof org.apache.flink.streaming.runtime.streamrecord.StreamRecord<?> r) {
        head.processElement((StationNode) r.getValue(), r.getTimestamp());
      } else if (o instanceof org.apache.flink.streaming.api.watermark.Watermark w) {
        head.processWatermark(w);
      }
    }
    enc.getOutput().clear();
  }

  @Test
  void theFirstVersionLeavesWhenTheOpeningStepIsCompleteNotWhenTheWatermarkPassesIt()
      throws Exception {
    Map<String, Double> on = Map.of("CI.A0", 10.0, "CI.A1", 11.0, "CI.A2", 12.0, "CI.A3", 11.5);
    List<Station> all = all();
    try (var enc =
            new org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness<>(
                new EncoderOperator(model));
        var h = harness()) {
      enc.open();
      for (int sec = 1; sec <= 12; sec++) {
        for (Station s : all) {
          enc.processElement(window(s, sec, on), T0 / 1000 + sec * 1000L);
        }
        if (sec == 1) {
          // the source watermark passes the first step only, and then stays (a slow station)
          enc.processWatermark((T0 + 1_000_000L) / 1000);
        }
        forward(enc, h);
        if (sec < 12) {
          assertEquals(List.of(), h.extractOutputValues(), "no event before the 4th trigger");
        }
      }
      List<EarthquakeAlert> out = h.extractOutputValues();
      assertEquals(1, out.size(), out.toString());
      assertEquals(1, out.get(0).getVersion());
      assertEquals(T0 + 12_000_000L, out.get(0).getDataTime().toEpochMilli() * 1000);
      assertEquals(12, out.get(0).getStationsUsed(), "the whole step's graph");
    }
  }

  /** Two regions of the test network: the A stations and the B stations. */
  static final NetworkRegions TWO =
      NetworkRegions.parse(
          "coast: CI.A0 CI.A1 CI.A2 CI.A3 CI.A4 CI.A5\nvalley: CI.B0 CI.B1 CI.B2 CI.B3 CI.B4 CI.B5",
          "two regions");

  /** A head for {@link #TWO}, as subtask {@code subtask} of {@code parallelism}, opened or not. */
  static KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> regional(
      int parallelism, int subtask) throws Exception {
    EventHead head = new EventHead(model, inventory, new Associator(4, 5.0, 2.0, 150.0, 30.0), TWO);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(head),
        n -> TWO.regionOf(n.stationId()),
        Types.STRING,
        EewJob.HEAD_MAX_PARALLELISM,
        parallelism,
        subtask);
  }

  static int subtaskOf(String region, int parallelism) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
        region, EewJob.HEAD_MAX_PARALLELISM, parallelism);
  }

  static String idEndingWith(Map<String, List<EarthquakeAlert>> ev, String station) {
    return ev.keySet().stream().filter(k -> k.endsWith(station)).findFirst().orElseThrow();
  }

  @Test
  void eachRegionIsEstimatedUnderItsOwnKeyFromItsOwnStationsWithTheSameEventIds() throws Exception {
    Map<String, Double> on = twoClusters(10.0, 10.2);
    List<Station> all = all();
    Map<String, List<EarthquakeAlert>> ev;
    try (var h = regional(1, 0)) {
      h.open();
      feed(h, 1, 45, all, on);
      ev = byEvent(h.extractOutputValues());
      // per key: the association of each region holds its own event, nothing of the other's
      assertTrue(stateHolds(h, "coast", "CI.A0") && !stateHolds(h, "coast", "CI.B0"));
      assertTrue(stateHolds(h, "valley", "CI.B0") && !stateHolds(h, "valley", "CI.A0"));
    }
    assertEquals(
        byEvent(run(on)).keySet(), ev.keySet(), "the ids the whole network gives, one per region");
    for (String station : List.of("CI.A0", "CI.B0")) {
      List<EarthquakeAlert> v = ev.get(idEndingWith(ev, station));
      assertVersioned(v);
      assertEquals(6, v.get(0).getStationsUsed(), "the region's stations only");
      assertEquals(6, v.get(0).getStationsLive());
      assertEquals(4, v.get(0).getStationsTriggered());
    }
  }

  /** Whether a region's association state holds an event first triggered at a station. */
  static boolean stateHolds(
      KeyedOneInputStreamOperatorTestHarness<String, StationNode, EarthquakeAlert> h,
      String region,
      String station)
      throws Exception {
    KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(region);
    AssociationState s =
        backend
            .getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(
                    "association", TypeInformation.of(AssociationState.class)))
            .value();
    return s != null && Arrays.stream(s.events()).anyMatch(e -> e.eventId().endsWith(station));
  }

  @Test
  void aRegionThatFallsSilentClosesOnItsOwnTimerWhileAnotherGoesOn() throws Exception {
    // the coast's event opens at 11.5 s; the valley's at 15.5 s and lasts to ~31 s
    Map<String, Double> on = twoClusters(10.0, 14.0);
    List<Station> all = all();
    int coastFinalAt = -1;
    Map<String, List<EarthquakeAlert>> ev = new LinkedHashMap<>();
    try (var h = regional(1, 0)) {
      h.open();
      for (int sec = 1; sec <= 45; sec++) {
        // one second of wall time per step; the coast's stations stop after step 15
        h.setProcessingTime(1_000 + sec * 1_000L);
        feed(h, sec, sec, sec <= 15 ? all : b, on);
        for (EarthquakeAlert x : h.extractOutputValues()) {
          if (x.getFinalEstimate() && x.getEventId().toString().endsWith("CI.A0")) {
            coastFinalAt = coastFinalAt < 0 ? sec : coastFinalAt;
          }
        }
      }
      ev = byEvent(h.extractOutputValues());
    }
    // its last step (15) had wall time 16 s: the silence ends it at 36 s, though the valley's
    // steps go on to 45 s and its event stays open to ~31 s
    assertEquals(15 + EventHead.SILENCE_CLOSE_MS / 1000, coastFinalAt);
    List<EarthquakeAlert> coast = ev.get(idEndingWith(ev, "CI.A0"));
    assertVersioned(coast);
    EarthquakeAlert fin = coast.get(coast.size() - 1);
    assertEquals(T0 + 15_000_000L, fin.getDataTime().toEpochMilli() * 1000, "its last step");
    assertEquals(0, fin.getStationsUsed());
    List<EarthquakeAlert> valley = ev.get(idEndingWith(ev, "CI.B0"));
    assertVersioned(valley);
    assertTrue(
        valley.get(valley.size() - 1).getDataTime().toEpochMilli() * 1000 >= T0 + 29_000_000L,
        "the valley's event ends when its triggers do: " + valley.get(valley.size() - 1));
  }

  @Test
  void regionsOpenOnOneSubtaskGoOnUnchangedOnTwoAfterARescale() throws Exception {
    Map<String, Double> on = twoClusters(10.0, 10.2);
    List<Station> all = all();
    assertEquals(0, subtaskOf("coast", 2), "the test needs the regions on different subtasks");
    assertEquals(1, subtaskOf("valley", 2));
    List<EarthquakeAlert> straight;
    try (var h = regional(1, 0)) {
      h.open();
      h.setProcessingTime(1_000);
      feedEach(h, 1, 40, all, on);
      straight = h.extractOutputValues();
    }
    List<EarthquakeAlert> rescaled;
    OperatorSubtaskState snap;
    try (var h = regional(1, 0)) {
      h.open();
      h.setProcessingTime(1_000);
      feedEach(h, 1, 15, all, on);
      rescaled = new ArrayList<>(h.extractOutputValues());
      snap = h.snapshot(1, 2_000);
    }
    assertEquals(2, byEvent(rescaled).size(), "both events open at the snapshot");
    for (int subtask = 0; subtask < 2; subtask++) {
      try (var h = regional(2, subtask)) {
        h.setup();
        h.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snap, EewJob.HEAD_MAX_PARALLELISM, 1, 2, subtask));
        h.open();
        h.setProcessingTime(1_000);
        feedEach(h, 16, 40, subtask == 0 ? a : b, on);
        rescaled.addAll(h.extractOutputValues());
      }
    }
    Map<String, List<EarthquakeAlert>> want = byEvent(withoutWallClock(straight));
    Map<String, List<EarthquakeAlert>> got = byEvent(withoutWallClock(rescaled));
    assertEquals(2, want.size());
    assertEquals(want, got, "every version of both events, each from its region's new subtask");
  }

  @Test
  void incoherentTriggersOpenNoEvent() throws Exception {
    Map<String, Double> on = Map.of("CI.A0", 5.0, "CI.A1", 18.0, "CI.A2", 31.0, "CI.B3", 10.0);
    assertEquals(List.of(), run(on));
  }
}
