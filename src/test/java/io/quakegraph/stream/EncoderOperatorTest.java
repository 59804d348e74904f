package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quakegraph.seismic.Station;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder batches one step's windows across stations and releases them on the watermark. */
class EncoderOperatorTest {
  @TempDir Path tmp;

  static StationWindow window(String id, long t, long seed) {
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
        false,
        Long.MIN_VALUE,
        1f,
        34,
        -118,
        100,
        7L,
        "CI." + id + "..HHE,HHN,HHZ");
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
}
