package io.quakegraph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.stream.PipelineStage;
import io.quakegraph.stream.StageWork;
import java.nio.file.Path;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageProfileTest {
  private static final long T0 = 1_562_382_000_000_000L;

  /** Burns about {@code millis} of this thread's CPU. */
  private static double spin(long millis) {
    long end = System.nanoTime() + millis * 1_000_000L;
    double x = 0;
    while (System.nanoTime() < end) {
      x += Math.sqrt(x + 1);
    }
    return x;
  }

  @Test
  void aRecordingSumsEachStagesCpuOverTheIntervalsDataTimes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.jfr");
    double sink = 0;
    try (Recording r = StageProfile.recording()) {
      r.start();
      for (int s = 0; s < 4; s++) {
        StageWork w = StageWork.begin(PipelineStage.ENCODER);
        sink += spin(20);
        w.end(T0 + s * 1_000_000L, 10);
      }
      // outside the interval: not counted
      StageWork late = StageWork.begin(PipelineStage.ENCODER);
      sink += spin(20);
      late.end(T0 + 10_000_000L, 10);
      StageWork head = StageWork.begin(PipelineStage.HEAD);
      head.end(T0, 10);
      r.stop();
      r.dump(file);
    }
    assertTrue(sink > 0);
    StageProfile p = StageProfile.read(file, T0, T0 + 4_000_000L, 10);
    assertEquals(4, p.stages().get(PipelineStage.ENCODER).works());
    assertEquals(1, p.stages().get(PipelineStage.HEAD).works());
    assertFalse(p.stages().containsKey(PipelineStage.DECODE), "no decode work was recorded");
    // 80 ms of spinning (thread CPU; a busy machine may give the thread less than its wall time)
    double cpu = p.stages().get(PipelineStage.ENCODER).cpuSeconds();
    assertTrue(cpu > 0.02 && cpu < 0.2, "encoder CPU " + cpu);
    assertEquals(cpu / (10 * 4.0), p.perStationSecond(PipelineStage.ENCODER), 1e-12);
    assertEquals(Double.NaN, p.perStationSecond(PipelineStage.DECODE));
  }
}
