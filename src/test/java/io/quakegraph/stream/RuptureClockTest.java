package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Large ruptures: how long they update and how their magnitude may move. Pure logic. */
class RuptureClockTest {
  static final long T0 = 1_562_382_000_000_000L;
  final Associator assoc = new Associator(4, 5.0, 2.0, 150.0, 40.0);

  static EventState event(long firstOnsetMicros, String... stations) {
    TriggerOnset[] p = new TriggerOnset[stations.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = new TriggerOnset(stations[i], 34.0 + 0.1 * i, -118.0, firstOnsetMicros + i * 500_000L);
    }
    return new EventState("qg-x", firstOnsetMicros, 5, p, false, Long.MIN_VALUE);
  }

  static long s(double seconds) {
    return T0 + Math.round(seconds * 1e6);
  }

  @Test
  void ruptureScalesWithMagnitude() {
    assertEquals(25, RuptureClock.ruptureLengthKm(6.5), 1.0); // Wells & Coppersmith
    assertEquals(190, RuptureClock.ruptureLengthKm(8.0), 5.0);
    assertTrue(RuptureClock.ruptureSeconds(7.0) > 15 && RuptureClock.ruptureSeconds(7.0) < 25);
    assertTrue(RuptureClock.ruptureSeconds(8.0) > 60);
    assertFalse(RuptureClock.large(6.4));
    assertTrue(RuptureClock.large(6.5));
  }

  @Test
  void aLargeEventUpdatesUntilItsSWavesCrossedTheNetworkWhateverItsTriggers() {
    // origin at T0, first trigger 3 s later; M7.5, farthest station 400 km
    EventState e = event(s(3), "CI.A", "CI.B", "CI.C", "CI.D");
    long until = RuptureClock.updatesUntilMicros(T0, 7.5, 400);
    double seconds = (until - T0) / 1e6;
    // rupture ~40 s, then S from the fault's far end over 400 + ~100 km at 3.5 km/s
    assertTrue(seconds > 150 && seconds < 200, "updates for " + seconds + " s");
    Set<String> none = Set.of();
    assertFalse(assoc.closeDue(e, s(60), none, 7.5, T0, 400), "not at 40 s, triggers off");
    assertFalse(assoc.closeDue(e, until - 1_000_000L, none, 7.5, T0, 400));
    assertTrue(assoc.closeDue(e, until, none, 7.5, T0, 400));
    // a small event still ends when its triggers are off, or after maxEventS
    assertTrue(assoc.closeDue(e, s(13), none, 4.5, T0, 400), "no station triggered");
    assertTrue(assoc.closeDue(e, s(43), Set.of("CI.A"), 4.5, T0, 400), "40 s after first");
    assertFalse(assoc.closeDue(e, s(20), Set.of("CI.A"), 4.5, T0, 400));
  }

  @Test
  void aLargeEventUpdatesAtLeastMaxEventSeconds() {
    EventState e = event(s(3), "CI.A", "CI.B", "CI.C", "CI.D");
    // a network of one place: the S waves are across it at once
    assertFalse(assoc.closeDue(e, s(42), Set.of(), 6.5, T0, 0));
    assertTrue(assoc.closeDue(e, s(43), Set.of(), 6.5, T0, 0));
  }

  @Test
  void magnitudeOnlyGoesUpWhileTheRuptureGrows() {
    double tr = RuptureClock.ruptureSeconds(7.0);
    // growing: a lower estimate keeps the previous, a higher one goes through
    assertEquals(7.0, RuptureClock.magnitude(6.6, 7.0, T0, s(5)));
    assertEquals(7.3, RuptureClock.magnitude(7.3, 7.0, T0, s(5)));
    // after the rupture, estimates move freely
    assertEquals(6.6, RuptureClock.magnitude(6.6, 7.0, T0, s(tr + 1)));
    // a small event is never held, nor is a first version
    assertEquals(4.0, RuptureClock.magnitude(4.0, 4.4, T0, s(0.1)));
    assertEquals(6.0, RuptureClock.magnitude(6.0, Double.NaN, T0, s(1)));
  }
}
