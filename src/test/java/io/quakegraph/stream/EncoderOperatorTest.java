package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.model.PickFeatures;
import io.quakegraph.seismic.Station;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encoder batches one step's windows across stations and sends them when the step's stations
 * are in, a quorum of them after a wait, or on the watermark; a straggler goes out with the next
 * step.
 */
class EncoderOperatorTest {
  @TempDir Path tmp;

  static StationWindow window(String id, long t, long seed) {
    return window(id, t, seed, false);
  }

  static StationWindow window(String id, long t, long seed, boolean triggered) {
    return window(id, t, seed, triggered, t);
  }

  /** A window received at {@code receiveMicros} (a live feed receives it at its data time). */
  static StationWindow window(String id, long t, long seed, boolean triggered, long receiveMicros) {
    Random r = new Random(seed);
    float[] w = new float[3 * 1024];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian() * 0.3f;
    }
    return new StationWindow(
        id,
        t,
        w,
        -6f,
        true,
        triggered,
        triggered ? t - 3_000_000L : Long.MIN_VALUE,
        1f,
        34,
        -118,
        100,
        receiveMicros,
        "CI." + id + "..HHE,HHN,HHZ",
        triggered ? new float[] {1f, 0.3f, 1f, 1f, 1f, 0f} : new float[PickFeatures.COUNT]);
  }

  @Test
  void encodesAStepAsOneBatchOnItsWatermark() throws Exception {
    Station s = StreamFixtures.station("CI", "AAA", 34, -118);
    Path model = StreamFixtures.model(tmp, List.of(s));
    long t1 = StreamFixtures.T0;
    long t2 = t1 + 1_000_000L;
    try (var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model));
        ModelRunner direct = ModelRunner.load(model)) {
      h.open();
      for (int i = 0; i < 3; i++) {
        h.processElement(window("S" + i, t1, i), t1 / 1000);
      }
      h.processElement(window("S0", t2, 10), t2 / 1000);
      assertEquals(0, h.extractOutputValues().size(), "nothing before the step's watermark");
      h.processWatermark(t1 / 1000);
      List<StationNode> out = h.extractOutputValues();
      assertEquals(3, out.size(), "the three windows of step 1, not the one of step 2");
      for (int i = 0; i < 3; i++) {
        assertEquals("S" + i, out.get(i).stationId());
        assertEquals(t1, out.get(i).timeMicros());
        // Batched and padded to a fixed shape, the embedding is the one of the window alone.
        float[] alone = direct.encode(new float[][] {window("S" + i, t1, i).waveform()})[0];
        assertArrayEquals(alone, out.get(i).embedding(), 1e-4f);
        assertEquals("stgnn-test-v0", out.get(i).modelVersion());
      }
      h.processWatermark(t2 / 1000);
      assertEquals(4, h.extractOutputValues().size());
    }
  }

  @Test
  void aStepGoesOutOnceEveryStationOfThePreviousOneDeliveredIt() throws Exception {
    Station s = StreamFixtures.station("CI", "AAA", 34, -118);
    Path model = StreamFixtures.model(tmp, List.of(s));
    long t1 = StreamFixtures.T0;
    long t2 = t1 + 1_000_000L;
    long t3 = t2 + 1_000_000L;
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snap;
    try (var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model));
        ModelRunner direct = ModelRunner.load(model)) {
      h.open();
      for (int i = 0; i < 3; i++) {
        h.processElement(window("S" + i, t1, i), t1 / 1000);
      }
      h.processWatermark(t1 / 1000); // the first step: by the watermark
      assertEquals(3, h.extractOutputValues().size());
      // step 2 arrives in another order, with a station not seen at step 1
      h.processElement(window("S2", t2, 22), t1 / 1000);
      h.processElement(window("S9", t2, 29), t1 / 1000);
      h.processElement(window("S0", t2, 20), t1 / 1000);
      assertEquals(3, h.extractOutputValues().size(), "S1 is awaited");
      h.processElement(window("S1", t2, 21), t1 / 1000);
      List<StationNode> out = h.extractOutputValues();
      assertEquals(6, out.size(), "step 2 at once, no watermark: " + out);
      assertTrue(
          h.getOutput().stream()
              .anyMatch(
                  o ->
                      o instanceof org.apache.flink.streaming.api.watermark.Watermark w
                          && w.getTimestamp() == t2 / 1000),
          "a watermark that fires the head's step 2");
      // the batch is the awaited stations in id order, whatever the arrival order: the same
      // embeddings bit for bit as that batch encoded directly
      float[][] batch = {
        window("S0", t2, 20).waveform(),
        window("S1", t2, 21).waveform(),
        window("S2", t2, 22).waveform()
      };
      float[][] expected = direct.encode(batch);
      for (int i = 0; i < 3; i++) {
        assertEquals("S" + i, out.get(3 + i).stationId());
        assertArrayEquals(expected[i], out.get(3 + i).embedding(), 0f);
      }
      // S9 (not awaited) goes out with step 3, and is awaited from step 3 on
      h.processWatermark(t2 / 1000);
      assertEquals(6, h.extractOutputValues().size(), "S9's window waits for step 3");
      snap = h.snapshot(1, 1);
    }
    try (var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model))) {
      h.setup();
      h.initializeState(snap);
      h.open();
      for (String id : List.of("S0", "S1", "S2")) {
        h.processElement(window(id, t3, 30), t2 / 1000);
      }
      assertEquals(0, h.extractOutputValues().size(), "S9 is awaited after the restore too");
      h.processElement(window("S9", t3, 39), t2 / 1000);
      List<StationNode> out = h.extractOutputValues();
      assertEquals(4, out.size(), "S9's own window for step 3 supersedes its step-2 one: " + out);
      assertTrue(out.stream().allMatch(n -> n.timeMicros() == t3));
    }
  }

  private static final long T1 = StreamFixtures.T0;
  private static final long T2 = T1 + 1_000_000L;
  private static final long T3 = T2 + 1_000_000L;

  /** When a feed at {@code pace} x real time from T1 receives the data of time t, µs. */
  private static long received(long t, double pace) {
    return T1 + Math.round((t - T1) / pace);
  }

  /**
   * A harness that sent step 1 of S0..S3 (S3 triggered if asked) by the watermark, and then had
   * S0..S2's windows of step 2, the windows received from a feed at {@code pace} x real time.
   */
  private OneInputStreamOperatorTestHarness<StationWindow, StationNode> atStepTwo(
      Path model, StepRelease rule, boolean s3Triggered, double pace) throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model, rule));
    h.setProcessingTime(0);
    h.open();
    for (int i = 0; i < 4; i++) {
      h.processElement(
          window("S" + i, T1, i, s3Triggered && i == 3, received(T1, pace)), T1 / 1000);
    }
    h.processWatermark(T1 / 1000);
    assertEquals(4, h.extractOutputValues().size());
    firstThree(h, T2, pace);
    return h;
  }

  /** S0..S2's windows of a step, received from a feed at {@code pace} x real time. */
  private static void firstThree(
      OneInputStreamOperatorTestHarness<StationWindow, StationNode> h, long t, double pace)
      throws Exception {
    for (int i = 0; i < 3; i++) {
      h.processElement(window("S" + i, t, t / 100_000 + i, false, received(t, pace)), T1 / 1000);
    }
  }

  @Test
  void aStragglerDoesNotHoldAStepOnceTheQuorumIsInAndGoesOutWithTheNextOne() throws Exception {
    Path model = StreamFixtures.model(tmp, List.of(StreamFixtures.station("CI", "AAA", 34, -118)));
    StepRelease rule = new StepRelease(0.75, Duration.ofMillis(100));
    long now = 0;
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snap;
    try (var h = atStepTwo(model, rule, false, 1.0)) {
      h.setProcessingTime(now + 99);
      assertEquals(4, h.extractOutputValues().size(), "S3 gets the rule's 100 ms");
      h.setProcessingTime(now + 100);
      List<StationNode> out = h.extractOutputValues();
      assertEquals(7, out.size(), "three of four is the quorum: step 2 without S3: " + out);
      assertTrue(
          h.getOutput().stream()
              .anyMatch(o -> o instanceof Watermark w && w.getTimestamp() == T2 / 1000),
          "a watermark that fires the head's step 2");
      h.processElement(window("S3", T2, 23), T1 / 1000);
      assertEquals(7, h.extractOutputValues().size(), "S3's window for step 2 waits for step 3");
      snap = h.snapshot(1, 1);
    }
    try (var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model, rule));
        ModelRunner direct = ModelRunner.load(model)) {
      h.setup();
      h.initializeState(snap);
      h.open();
      firstThree(h, T3, 1.0);
      List<StationNode> out = h.extractOutputValues();
      assertEquals(4, out.size(), "step 3 at once (S3 is no longer awaited), with S3: " + out);
      StationNode late = out.get(3);
      assertEquals("S3", late.stationId());
      assertEquals(T3, late.timeMicros(), "S3's step-2 window is its node of step 3");
      float[] alone = direct.encode(new float[][] {window("S3", T2, 23).waveform()})[0];
      assertArrayEquals(alone, late.embedding(), 1e-4f);
    }
  }

  @Test
  void aReplayFasterThanRealTimeWaitsForEveryStation() throws Exception {
    Path model = StreamFixtures.model(tmp, List.of(StreamFixtures.station("CI", "AAA", 34, -118)));
    StepRelease rule = new StepRelease(0.75, Duration.ofMillis(100));
    try (var h = atStepTwo(model, rule, false, 10.0)) {
      h.setProcessingTime(1000);
      assertEquals(4, h.extractOutputValues().size(), "ten times real time is not live");
      h.processElement(window("S3", T2, 23, false, received(T2, 10.0)), T1 / 1000);
      assertEquals(8, h.extractOutputValues().size(), "step 2 with S3");
    }
  }

  @Test
  void aTriggeredStationIsAwaitedWhateverTheQuorum() throws Exception {
    Path model = StreamFixtures.model(tmp, List.of(StreamFixtures.station("CI", "AAA", 34, -118)));
    StepRelease rule = new StepRelease(0.5, Duration.ofMillis(100));
    try (var h = atStepTwo(model, rule, true, 1.0)) {
      h.setProcessingTime(1000);
      assertEquals(4, h.extractOutputValues().size(), "S3 triggered at step 1: step 2 waits");
      h.processElement(window("S3", T2, 23, true), T1 / 1000);
      List<StationNode> out = h.extractOutputValues();
      assertEquals(8, out.size());
      StationNode s3 = out.get(7);
      assertEquals(T2, s3.timeMicros());
      assertArrayEquals(window("S3", T2, 23, true).picks(), s3.picks(), 0f, "its own step");
      // S3 still triggered at step 2: step 3 waits for it beyond the quorum's wait
      firstThree(h, T3, 1.0);
      h.setProcessingTime(2100);
      assertEquals(8, h.extractOutputValues().size(), "S3's node of step 2 was triggered");
    }
  }

  @Test
  void aLateWindowsOnsetIsAgedToTheStepItGoesOutWith() {
    float[] f = window("S3", StreamFixtures.T0, 1, true).picks();
    float[] aged = PickFeatures.aged(f, 1.0);
    assertEquals(f[1] + 0.1f, aged[1], 1e-6f, "one second more is 0.1 of the age's scale");
    for (int i : new int[] {0, 2, 3, 4, 5}) {
      assertEquals(f[i], aged[i], 0f, "only the age moves");
    }
    assertArrayEquals(new float[PickFeatures.COUNT], PickFeatures.aged(f, 60.0), 0f, "too old");
    float[] none = new float[PickFeatures.COUNT];
    assertArrayEquals(none, PickFeatures.aged(none, 5.0), 0f, "no onset, nothing to age");
  }

  @Test
  void windowsPendingAtASnapshotGoOutAfterTheRestoreAsWithoutIt() throws Exception {
    Station s = StreamFixtures.station("CI", "AAA", 34, -118);
    Path model = StreamFixtures.model(tmp, List.of(s));
    long t1 = StreamFixtures.T0;
    List<StationNode> straight;
    try (var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model))) {
      h.open();
      for (int i = 0; i < 3; i++) {
        h.processElement(window("S" + i, t1, i), t1 / 1000);
      }
      h.processWatermark(t1 / 1000);
      straight = h.extractOutputValues();
    }
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snap;
    try (var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model))) {
      h.open();
      for (int i = 0; i < 3; i++) {
        h.processElement(window("S" + i, t1, i), t1 / 1000);
      }
      assertEquals(0, h.extractOutputValues().size(), "the step waits for its watermark");
      snap = h.snapshot(1, 1);
    }
    try (var h = new OneInputStreamOperatorTestHarness<>(new EncoderOperator(model))) {
      h.setup();
      h.initializeState(snap);
      h.open();
      h.processWatermark(t1 / 1000);
      List<StationNode> out = h.extractOutputValues();
      assertEquals(3, straight.size());
      assertEquals(straight.size(), out.size(), "the restored windows go out: " + out);
      for (int i = 0; i < out.size(); i++) {
        assertEquals(straight.get(i).stationId(), out.get(i).stationId());
        assertEquals(straight.get(i).timeMicros(), out.get(i).timeMicros());
        assertArrayEquals(straight.get(i).embedding(), out.get(i).embedding(), 0f, "same batch");
      }
    }
  }
}
