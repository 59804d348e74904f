package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GapsTest {
  private static final SourceId ID = SourceId.of("CI", "GR2", "", "BHZ");
  private static final long T0 = Times.parse("2018-08-29T02:33:18Z");
  private static final double FS = 10; // 100 ms samples keep the arithmetic readable

  private static Trace seg(long startMicros, double... v) {
    return new Trace(ID, startMicros, FS, v);
  }

  private static long ms(long millis) {
    return T0 + millis * 1000;
  }

  @Test
  void findsGapsAndOverlapsInAnyOrder() {
    Trace a = seg(ms(0), 1, 2, 3, 4); // ends at 400 ms
    Trace b = seg(ms(400), 5, 6); // contiguous, ends at 600
    Trace c = seg(ms(1000), 7, 8, 9); // 400 ms gap, ends 1300
    Trace d = seg(ms(1100), 1, 1); // overlaps c by 200 ms
    List<Gap> gaps = Gaps.find(List.of(d, c, a, b));
    assertEquals(2, gaps.size());
    assertEquals(new Gap(ID, ms(600), ms(1000)), gaps.get(0));
    assertEquals(0.4, gaps.get(0).durationSeconds(), 1e-12);
    assertFalse(gaps.get(0).isOverlap());
    assertTrue(gaps.get(1).isOverlap());
    assertEquals(-200_000, gaps.get(1).durationMicros());
  }

  @Test
  void timingJitterBelowHalfASampleIsNotAGap() {
    Trace a = seg(ms(0), 1, 2);
    Trace b = seg(ms(200) + 40_000, 3, 4); // 40 ms late, interval 100 ms
    assertTrue(Gaps.find(List.of(a, b)).isEmpty());
    assertTrue(Gaps.find(List.of()).isEmpty());
  }

  @Test
  void mixedChannelsOrRatesAreRejected() {
    Trace a = seg(ms(0), 1);
    Trace other = new Trace(SourceId.of("CI", "GR2", "", "BHN"), ms(100), FS, new double[] {1});
    Trace fast = new Trace(ID, ms(100), 20, new double[] {1});
    assertThrows(IllegalArgumentException.class, () -> Gaps.find(List.of(a, other)));
    assertThrows(IllegalArgumentException.class, () -> Gaps.find(List.of(a, fast)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Gaps.fill(List.of(a, fast), ms(0), ms(500), FS, GapFill.ZERO, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> Gaps.fill(List.of(), ms(0), ms(500), FS, GapFill.ZERO, 10));
  }

  private static final List<Trace> TWO =
      List.of(seg(ms(100), 10, 20), seg(ms(600), 60, 70)); // gap 300..600 ms, window 0..900

  @Test
  void fillPolicies() {
    FilledTrace zero = Gaps.fill(TWO, ms(0), ms(900), FS, GapFill.ZERO, 10);
    assertArrayEquals(new double[] {0, 10, 20, 0, 0, 0, 60, 70, 0}, zero.trace().samples());
    assertArrayEquals(
        new boolean[] {false, true, true, false, false, false, true, true, false}, zero.observed());
    assertEquals(5, zero.filledCount());
    assertEquals(ms(0), zero.trace().startMicros());

    FilledTrace hold = Gaps.fill(TWO, ms(0), ms(900), FS, GapFill.HOLD, 10);
    assertArrayEquals(new double[] {10, 10, 20, 20, 20, 20, 60, 70, 70}, hold.trace().samples());

    FilledTrace lin = Gaps.fill(TWO, ms(0), ms(900), FS, GapFill.LINEAR, 10);
    assertArrayEquals(
        new double[] {10, 10, 20, 30, 40, 50, 60, 70, 70}, lin.trace().samples(), 1e-12);

    FilledTrace none = Gaps.fill(TWO, ms(0), ms(900), FS, GapFill.NONE, 10);
    assertTrue(Double.isNaN(none.trace().samples()[4]));
    assertEquals(20, none.trace().samples()[2]);
  }

  @Test
  void longGapsAreFilledButNotBridged() {
    // The 0.3 s gap exceeds maxFill 0.25 s: LINEAR must not draw a line across it.
    FilledTrace lin = Gaps.fill(TWO, ms(100), ms(800), FS, GapFill.LINEAR, 0.25);
    double mean = (10 + 20 + 60 + 70) / 4.0;
    assertArrayEquals(
        new double[] {10, 20, mean, mean, mean, 60, 70}, lin.trace().samples(), 1e-12);
    assertArrayEquals(new boolean[] {true, true, false, false, false, true, true}, lin.observed());
    FilledTrace zero = Gaps.fill(TWO, ms(100), ms(800), FS, GapFill.ZERO, 0.25);
    assertEquals(0, zero.trace().samples()[3]);
  }

  @Test
  void overlapsKeepTheFirstSegment() {
    Trace first = seg(ms(0), 1, 2, 3, 4);
    Trace later = seg(ms(200), 9, 9, 5); // overlaps samples 2 and 3
    FilledTrace f = Gaps.fill(List.of(later, first), ms(0), ms(500), FS, GapFill.ZERO, 10);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, f.trace().samples());
    assertEquals(1.0, f.observedFraction(), 0);
  }

  @Test
  void offGridSegmentsSnapAndWindowClips() {
    Trace a = seg(ms(0) + 30_000, 1, 2, 3, 4, 5, 6); // 30 ms late: snaps to 0
    FilledTrace f = Gaps.fill(List.of(a), ms(200), ms(400), FS, GapFill.ZERO, 10);
    assertArrayEquals(new double[] {3, 4}, f.trace().samples());
    FilledTrace empty = Gaps.fill(List.of(a), ms(2000), ms(2300), FS, GapFill.HOLD, 10);
    assertArrayEquals(new double[] {0, 0, 0}, empty.trace().samples());
    assertEquals(0, empty.observedFraction(), 0);
  }
}
