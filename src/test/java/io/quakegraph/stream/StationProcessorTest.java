package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.StationWindowCutter;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.StepGrid;
import io.quakegraph.model.classical.StaLtaTrigger;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Trace;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station stage with Flink's keyed operator test harness, real miniSEED and real StationXML.
 */
class StationProcessorTest {
  static final double PAD_S = 5.0;
  static final long ONSET = StreamFixtures.T0 + 40_000_000L;

  @TempDir static Path tmp;
  static Station station;
  static Path inventory;
  static Path model;
  static List<Trace> traces;

  /** The job's first step at or after the fixtures' start. */
  private static final long FIRST_STEP = StepGrid.DEFAULT.atOrAfter(StreamFixtures.T0);

  @BeforeAll
  static void setUp() throws Exception {
    station = StreamFixtures.station("CI", "AAA", 34.0, -118.0);
    inventory = StreamFixtures.inventory(tmp, List.of(station));
    model = StreamFixtures.model(tmp, List.of(station));
    traces = StreamFixtures.station3(station, StreamFixtures.T0, 50.0, ONSET, 20_000);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, WaveformPacket, StationWindow> harness()
      throws Exception {
    return harness(inventory, model, PAD_S, Duration.ofSeconds(2));
  }

  /** An opened harness around a station stage with a 1 s step and the default trigger. */
  static KeyedOneInputStreamOperatorTestHarness<String, WaveformPacket, StationWindow> harness(
      Path inventory, Path model, double padS, Duration lateness) throws Exception {
    var h = unopened(inventory, model, padS, lateness, 600);
    h.open();
    return h;
  }

  /** A harness not yet opened (to restore a snapshot into), with the state TTL {@code idleS}. */
  static KeyedOneInputStreamOperatorTestHarness<String, WaveformPacket, StationWindow> unopened(
      Path inventory, Path model, double padS, Duration lateness, double idleS) throws Exception {
    return unopened(inventory, model, padS, lateness, idleS, StationProcessor.DECODED_CAP_BYTES);
  }

  /** As above, keeping at most {@code decodedCapBytes} of decoded records (0: none). */
  static KeyedOneInputStreamOperatorTestHarness<String, WaveformPacket, StationWindow> unopened(
      Path inventory,
      Path model,
      double padS,
      Duration lateness,
      double idleS,
      long decodedCapBytes)
      throws Exception {
    StationProcessor fn =
        new StationProcessor(
            inventory,
            model,
            1_000_000L,
            lateness,
            padS,
            idleS,
            StaLtaTrigger.defaults(),
            decodedCapBytes);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(fn), EewJob::stationKey, Types.STRING);
  }

  /** The decoded records of the harness's station stage. */
  static DecodedRecords decoded(
      KeyedOneInputStreamOperatorTestHarness<String, WaveformPacket, StationWindow> h) {
    var op = (KeyedProcessOperator<?, ?, ?>) h.getOneInputOperator();
    return ((StationProcessor) op.getUserFunction()).decoded();
  }

  /** Every field of every window equal, bit for bit. */
  static void assertSameWindows(List<StationWindow> expected, List<StationWindow> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "window " + i);
    }
  }

  /** The fixture's packets with a few lost (one channel each), so the traces have gaps. */
  static List<WaveformPacket> gapped() {
    List<WaveformPacket> all = new ArrayList<>(StreamFixtures.interleaved(traces));
    for (int i : new int[] {121, 80, 79, 40}) {
      all.remove(i);
    }
    return all;
  }

  @Test
  void windowsAreTheSameWhetherTheRecordsAreDecodedOnceOrAtEveryStep() throws Exception {
    List<WaveformPacket> packets = gapped();
    List<StationWindow> everyStep;
    try (var h = unopened(inventory, model, PAD_S, Duration.ofSeconds(2), 600, 0)) {
      h.open();
      feed(h, packets);
      everyStep = h.extractOutputValues();
      assertEquals(0, decoded(h).hits(), "nothing kept: the held records decoded at each step");
    }
    try (var h = harness()) {
      feed(h, packets);
      assertSameWindows(everyStep, h.extractOutputValues());
      DecodedRecords d = decoded(h);
      // every step found its records decoded on arrival: up to ~26 s of 3 channels, 50 steps
      assertEquals(0, d.misses());
      assertTrue(d.hits() > 2000, "hits " + d.hits());
      // and only what a window still reaches is held: pad + window + the end margin
      assertTrue(d.records("CI.AAA") <= 3 * 28, "records held " + d.records("CI.AAA"));
    }
    assertTrue(everyStep.stream().anyMatch(w -> w.observedFraction() < 1f), "the gaps are seen");
    assertTrue(everyStep.stream().anyMatch(StationWindow::triggered), "the burst triggers");
  }

  @Test
  void aStationRestoredMidStreamEmitsTheWindowsOfAnUninterruptedOne() throws Exception {
    // The stage keeps its records decoded outside Flink state; after a restore it must decode the
    // restored records again and give the same windows, trigger and onset as without the restore.
    List<WaveformPacket> packets = gapped();
    int half = packets.size() / 2;
    List<StationWindow> whole;
    try (var h = harness()) {
      feed(h, packets);
      whole = h.extractOutputValues();
    }
    List<StationWindow> resumed = new ArrayList<>();
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snap;
    try (var h = harness()) {
      feed(h, packets.subList(0, half));
      resumed.addAll(h.extractOutputValues());
      snap = h.snapshot(1, 1);
    }
    try (var h = unopened(inventory, model, PAD_S, Duration.ofSeconds(2), 600)) {
      h.setup();
      h.initializeState(snap);
      h.open();
      assertEquals(0, decoded(h).records("CI.AAA"), "a restored subtask starts with none decoded");
      feed(h, packets.subList(half, packets.size()));
      resumed.addAll(h.extractOutputValues());
      // the records restored from state are decoded once, at the first step that needs them
      DecodedRecords d = decoded(h);
      assertTrue(d.misses() > 0 && d.misses() <= 3 * 28, "misses " + d.misses());
      assertTrue(d.hits() > 10 * d.misses(), "hits " + d.hits() + ", misses " + d.misses());
    }
    assertSameWindows(whole, resumed);
    assertTrue(whole.stream().anyMatch(StationWindow::triggered), "the burst triggers");
  }

  @Test
  void aStationSilentForItsIdleTimeHasItsStateDropped() throws Exception {
    double idleS = 30;
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState before;
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState after;
    try (var h = unopened(inventory, model, PAD_S, Duration.ofSeconds(2), idleS)) {
      h.open();
      h.setStateTtlProcessingTime(0);
      feed(h, StreamFixtures.interleaved(traces).subList(0, 30));
      assertTrue(h.numKeyedStateEntries() > 0, "the station's records, trigger and step");
      // nothing arrives from the station for (almost) its idle time, and then for all of it
      h.setStateTtlProcessingTime(Math.round(idleS * 1000) - 1);
      before = h.snapshot(1, 1);
      h.setStateTtlProcessingTime(Math.round(idleS * 1000));
      after = h.snapshot(2, 2);
    }
    assertTrue(restoredEntries(before, idleS) > 0, "kept while the station is within its TTL");
    assertEquals(0, restoredEntries(after, idleS), "dropped once it is idle for the TTL");
  }

  private static int restoredEntries(
      org.apache.flink.runtime.checkpoint.OperatorSubtaskState snap, double idleS)
      throws Exception {
    try (var h = unopened(inventory, model, PAD_S, Duration.ofSeconds(2), idleS)) {
      h.setup();
      h.initializeState(snap);
      h.open();
      return h.numKeyedStateEntries();
    }
  }

  /** Feeds packets in arrival order with the watermark 2 s behind the newest start. */
  static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, WaveformPacket, StationWindow> h,
      List<WaveformPacket> packets)
      throws Exception {
    for (WaveformPacket p : packets) {
      long ms = p.getStartTime().toEpochMilli();
      h.processElement(p, ms);
      h.processWatermark(ms - 2000 - 1);
    }
  }

  @Test
  void emitsOneWindowPerStepMatchingTheOfflineConditioning() throws Exception {
    try (var h = harness()) {
      feed(h, StreamFixtures.interleaved(traces));
      List<StationWindow> out = h.extractOutputValues();
      int w = 1024;
      // The watermark fires the first step (T0+0.5 s, the grid's phase); every later step goes out
      // as soon as all three channels have data past it by the resampler's reach: the last
      // packets end at T0+50 s, so steps T0+0.5..T0+49.5.
      assertEquals(50, out.size(), "one window per step up to the data");
      for (int i = 0; i < out.size(); i++) {
        StationWindow s = out.get(i);
        assertEquals(FIRST_STEP + i * 1_000_000L, s.timeMicros());
        assertEquals(3 * w, s.waveform().length);
        assertEquals("CI.AAA", s.stationId());
      }
      assertTrue(
          h.getSideOutput(StationProcessor.DEAD_LETTERS) == null
              || h.getSideOutput(StationProcessor.DEAD_LETTERS).isEmpty());

      // Offline: the dataset path cuts one long window from all the data and the feature builder
      // takes the W samples up to t. The stream conditioned only pad + window before t.
      long t = FIRST_STEP + 44_000_000L;
      StationWindow s = out.get(44);
      ModelInputSpec spec = new ModelInputSpec(50.0, 0.0, 45.0, PAD_S, 0.5);
      long ws0 = StreamFixtures.T0 + 5_000_000L;
      Map<SourceId, List<Trace>> seg = new HashMap<>();
      for (Trace tr : traces) {
        seg.put(tr.id(), List.of(tr));
      }
      var cut = (StationWindowCutter.Cut) new StationWindowCutter(spec).cut(station, seg, ws0);
      EventSample sample =
          new EventSample(
              "x",
              null,
              ws0,
              50.0,
              List.of(cut.waveform()),
              new double[] {Double.NaN},
              new double[] {Double.NaN},
              "offline");
      GraphInput g = GraphFeatures.build(sample, t, ModelInfo.read(model).spec());
      double maxDiff = 0;
      for (int j = 0; j < 3 * w; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(g.waveforms()[j] - s.waveform()[j]));
      }
      System.out.printf(
          "stream vs offline at t=44 s: max |diff| %.2e (peak-normalised), "
              + "log peak %.4f vs %.4f%n",
          maxDiff, s.logPeak(), g.logPeak()[0]);
      assertTrue(maxDiff < 0.02, "stream and offline windows differ by " + maxDiff);
      assertEquals(g.logPeak()[0], s.logPeak(), 0.01);
      assertTrue(s.live());
      assertTrue(out.get(41).triggered(), "20000-count burst over 200-count noise triggers");
      assertEquals(ONSET, s.triggerMicros(), 300_000, "trigger onset near the burst onset");
      assertFalse(out.get(38).triggered(), "no trigger before the onset");
    }
  }

  @Test
  void deadLettersDuplicateLateAndCorruptPackets() throws Exception {
    try (var h = harness()) {
      List<WaveformPacket> all = StreamFixtures.interleaved(traces);
      List<WaveformPacket> first = all.subList(0, all.size() / 2);
      feed(h, first);
      int windows = h.extractOutputValues().size();
      assertTrue(windows > 10);
      long watermark = h.getCurrentWatermark();

      // A packet already held (same channel and start) again.
      WaveformPacket dup = first.get(first.size() - 4);
      h.processElement(dup, dup.getStartTime().toEpochMilli());
      // A packet from 20 s before the data, far behind the watermark and the lateness.
      Trace old =
          StreamFixtures.counts(
              traces.get(0).id(), StreamFixtures.T0 - 20_000_000L, 1.0, Long.MIN_VALUE, 0, 3);
      WaveformPacket late = StreamFixtures.packets(old).get(0);
      h.processElement(late, late.getStartTime().toEpochMilli());
      // Garbage where the record should be.
      WaveformPacket bad =
          WaveformPacket.newBuilder(dup).setRecord(ByteBuffer.wrap(new byte[100])).build();
      h.processElement(bad, bad.getStartTime().toEpochMilli());

      List<DeadLetter> dead = new ArrayList<>();
      for (StreamRecord<DeadLetter> r : h.getSideOutput(StationProcessor.DEAD_LETTERS)) {
        dead.add(r.getValue());
      }
      assertEquals(3, dead.size(), dead.toString());
      assertEquals(DeadLetterReason.DUPLICATE, dead.get(0).getReason());
      assertEquals(DeadLetterReason.OUT_OF_ORDER, dead.get(1).getReason());
      assertTrue(dead.get(1).getDetail().toString().startsWith("late"), dead.get(1).getDetail());
      assertTrue(
          dead.get(2).getReason() == DeadLetterReason.TRUNCATED_RECORD
              || dead.get(2).getReason() == DeadLetterReason.CORRUPT_RECORD,
          dead.get(2).toString());
      assertEquals(watermark, h.getCurrentWatermark());
      assertEquals(windows, h.extractOutputValues().size(), "rejects emit no window");

      // The rest of the feed still produces its windows: the rejects changed nothing.
      feed(h, all.subList(all.size() / 2, all.size()));
      assertEquals(50, h.extractOutputValues().size());
    }
  }

  /**
   * Feeds packets with the watermark 2 s behind the newest start but never past T0: the first step
   * fires from its timer as in {@link #feed}, every later one only from the data.
   */
  static void feedEarly(
      KeyedOneInputStreamOperatorTestHarness<String, WaveformPacket, StationWindow> h,
      List<WaveformPacket> packets)
      throws Exception {
    for (WaveformPacket p : packets) {
      long ms = p.getStartTime().toEpochMilli();
      h.processElement(p, ms);
      h.processWatermark(Math.min(FIRST_STEP / 1000, ms - 2000 - 1));
    }
  }

  @Test
  void aStepGoesOutWhenTheStationsChannelsHaveItNotWhenTheWatermarkDoes() throws Exception {
    List<WaveformPacket> all = StreamFixtures.interleaved(traces);
    try (var h = harness()) {
      feedEarly(h, all);
      List<StationWindow> early = h.extractOutputValues();
      assertEquals(50, early.size(), "steps T0+0.5..T0+49.5 without the watermark");
      // a step is emitted once: the watermark's timers later add nothing
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(50, h.extractOutputValues().size());
    }
    try (var h = harness()) {
      // the same data with the watermark 2 s behind: the same windows, sample for sample
      feed(h, all);
      List<StationWindow> late = h.extractOutputValues();
      try (var e = harness()) {
        feedEarly(e, all);
        List<StationWindow> early = e.extractOutputValues();
        for (int i = 0; i < late.size(); i++) {
          assertEquals(late.get(i).timeMicros(), early.get(i).timeMicros());
          assertArrayEquals(late.get(i).waveform(), early.get(i).waveform(), 0f, "step " + i);
          assertEquals(late.get(i).triggered(), early.get(i).triggered());
        }
      }
    }
    try (var h = harness()) {
      // one channel stops at T0+30 s: the others hold it for 2 s, then go on without it
      feedEarly(
          h,
          all.stream()
              .filter(
                  p ->
                      !p.getSourceId().toString().endsWith("N")
                          || p.getStartTime().toEpochMilli() * 1000
                              < StreamFixtures.T0 + 30_000_000L)
              .toList());
      List<StationWindow> out = h.extractOutputValues();
      assertEquals(50, out.size());
      assertTrue(out.get(45).observedFraction() < 1f, "the silent channel is unobserved");
    }
  }

  @Test
  void recordsOfOtherWritersAreAccepted() {
    // Guard for the fixture: the writer makes ~1 s records, 3 channels x 50 s.
    assertEquals(
        150,
        StreamFixtures.interleaved(traces).size(),
        "Steim-2 records of 1 s: " + MiniSeed2Writer.shortRecords(Encoding.STEIM2, 1.0));
  }
}
