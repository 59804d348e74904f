package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Space-time association of trigger onsets into events. */
class AssociatorTest {
  static final Associator A = new Associator(4, 5.0, 2.0, 150.0, 60.0);
  static final long T = 1_000_000_000_000_000L;

  /** P onsets at stations on a ring of radius r km around (lat, lon), 6 km/s from origin t0. */
  static List<Pick> ring(String prefix, double lat, double lon, int n, double rKm, long t0) {
    List<Pick> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double r = rKm * (1 + 0.3 * i);
      double dLat = r * Math.cos(a) / 111.2;
      double dLon = r * Math.sin(a) / (111.2 * Math.cos(Math.toRadians(lat)));
      double dist = Math.hypot(r, 10); // 10 km depth
      out.add(new Pick(prefix + i, lat + dLat, lon + dLon, t0 + Math.round(dist / 6.0 * 1e6)));
    }
    return out;
  }

  @Test
  void fourCoherentTriggersOpenOneEvent() {
    AssociationState s =
        A.step(AssociationState.empty(), ring("CI.A", 34, -118, 3, 10, T), T + 5_000_000);
    assertEquals(0, s.events().length, "three triggers are not enough");
    s = A.step(s, ring("CI.A", 34, -118, 4, 10, T).subList(3, 4), T + 6_000_000);
    assertEquals(1, s.events().length);
    assertEquals(4, s.events()[0].picks().length);
    assertEquals(0, s.pending().length);
    // A fifth, later and farther, joins the same event.
    s = A.step(s, List.of(new Pick("CI.A9", 34.5, -118, T + 10_000_000)), T + 11_000_000);
    assertEquals(1, s.events().length);
    assertEquals(5, s.events()[0].picks().length);
  }

  @Test
  void twoDistantSimultaneousClustersAreTwoEvents() {
    List<Pick> picks = new ArrayList<>(ring("CI.A", 34, -118, 5, 10, T));
    picks.addAll(ring("CI.B", 36, -117, 5, 10, T + 300_000)); // ~240 km away, same time
    AssociationState s = A.step(AssociationState.empty(), picks, T + 8_000_000);
    assertEquals(2, s.events().length);
    assertNotEquals(s.events()[0].eventId(), s.events()[1].eventId());
    for (EventState e : s.events()) {
      String prefix = e.picks()[0].stationId().substring(0, 4);
      for (Pick p : e.picks()) {
        assertTrue(p.stationId().startsWith(prefix), "mixed clusters in " + e.eventId());
      }
      assertEquals(5, e.picks().length);
    }
  }

  @Test
  void incoherentTriggersOpenNothing() {
    // Four stations within 30 km, triggering 20 s apart: no P wavefront does that.
    List<Pick> picks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      picks.add(new Pick("CI.X" + i, 34 + 0.1 * i, -118, T + i * 20_000_000L));
    }
    AssociationState s = AssociationState.empty();
    for (int i = 0; i < 4; i++) {
      s = A.step(s, List.of(picks.get(i)), picks.get(i).onsetMicros() + 1_000_000);
    }
    assertEquals(0, s.events().length);
    // Four simultaneous triggers spread over 600 km are not one event either.
    List<Pick> far = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      far.add(new Pick("CI.F" + i, 32 + 2.0 * i, -118, T));
    }
    assertEquals(0, A.step(AssociationState.empty(), far, T + 1_000_000).events().length);
  }

  @Test
  void closesAfterMaxDurationOrWhenTriggersDie() {
    AssociationState s =
        A.step(AssociationState.empty(), ring("CI.A", 34, -118, 4, 10, T), T + 6_000_000);
    EventState e = s.events()[0];
    Set<String> on = Set.of("CI.A0");
    assertTrue(!A.closeDue(e, T + 10_000_000, on));
    assertTrue(A.closeDue(e, T + 10_000_000, Set.of()), "triggers died");
    assertTrue(A.closeDue(e, e.firstOnsetMicros() + 60_000_000, on), "max duration");
  }

  @Test
  void laterPhasesOfAnEventDoNotOpenAnother() {
    List<Pick> p = ring("CI.A", 34, -118, 6, 10, T);
    AssociationState s = A.step(AssociationState.empty(), p, T + 10_000_000);
    assertEquals(1, s.events().length);
    String id = s.events()[0].eventId();
    // 50-58 s later the same stations re-trigger in the coda, four of them coherently: that is
    // the event's coda, not a new earthquake, even after the event closed.
    EventState e = s.events()[0];
    s =
        new AssociationState(
            s.pending(),
            new EventState[] {
              new EventState(e.eventId(), e.firstOnsetMicros(), 50, e.picks(), true, T + 50_000_000)
            });
    List<Pick> coda = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Pick q = p.get(i);
      coda.add(new Pick(q.stationId(), q.latitude(), q.longitude(), T + (50 + 2 * i) * 1_000_000L));
    }
    s = A.step(s, coda, T + 58_000_000);
    assertEquals(1, s.events().length, "a second event opened from coda triggers");
    assertEquals(id, s.events()[0].eventId());
    assertEquals(0, s.pending().length, "coda triggers left pending");
    // An earthquake 240 km away in the meantime is still a new event.
    s = A.step(s, ring("CI.B", 36, -117, 5, 10, T + 40_000_000), T + 60_000_000);
    assertEquals(2, s.events().length);
  }
}
