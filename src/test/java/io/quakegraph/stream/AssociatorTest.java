package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Geodesy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Space-time association of trigger onsets into events. */
class AssociatorTest {
  static final Associator A = new Associator(4, 5.0, 2.0, 150.0, 60.0);
  static final long T = 1_000_000_000_000_000L;

  /** P onsets at stations on a ring of radius r km around (lat, lon), 6 km/s from origin t0. */
  static List<TriggerOnset> ring(
      String prefix, double lat, double lon, int n, double rKm, long t0) {
    List<TriggerOnset> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double r = rKm * (1 + 0.3 * i);
      double dLat = r * Math.cos(a) / Geodesy.KM_PER_DEGREE;
      double dLon = r * Math.sin(a) / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(lat)));
      double dist = Math.hypot(r, 10); // 10 km depth
      out.add(
          new TriggerOnset(prefix + i, lat + dLat, lon + dLon, t0 + Math.round(dist / 6.0 * 1e6)));
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
    s = A.step(s, List.of(new TriggerOnset("CI.A9", 34.5, -118, T + 10_000_000)), T + 11_000_000);
    assertEquals(1, s.events().length);
    assertEquals(5, s.events()[0].picks().length);
  }

  @Test
  void aStationThatRetriggersOnItsSBeforeTheEventOpensKeepsItsP() {
    // A sparse network: the nearest station's P, then its S 2.7 s later, both before the other
    // stations' P waves; the event opens with the P, as the station's first onset.
    List<TriggerOnset> ring = ring("CI.A", 34, -118, 4, 10, T);
    TriggerOnset p = ring.get(0);
    AssociationState s = A.step(AssociationState.empty(), List.of(p), T + 2_000_000);
    TriggerOnset again =
        new TriggerOnset(p.stationId(), p.latitude(), p.longitude(), p.onsetMicros() + 2_700_000);
    s = A.step(s, List.of(again), T + 5_000_000);
    s = A.step(s, ring.subList(1, 4), T + 8_000_000);
    assertEquals(1, s.events().length);
    assertEquals(
        p.onsetMicros(),
        s.events()[0].firstOnsets(T + 8_000_000).get(p.stationId()).onsetMicros(),
        "the station's P, not its S");
    assertEquals(4, s.events()[0].stations(T + 8_000_000).size());
  }

  @Test
  void aLargeRuptureClosedLateIsRememberedForItsCodaAfterIt() {
    AssociationState s =
        A.step(AssociationState.empty(), ring("CI.A", 34, -118, 4, 10, T), T + 6_000_000);
    EventState e = s.events()[0];
    // closed 200 s after its first trigger (a large rupture), later than the usual memory (180 s)
    long closed = T + 200_000_000L;
    EventState done =
        new EventState(e.eventId(), e.firstOnsetMicros(), 150, e.picks(), true, closed);
    s = new AssociationState(s.pending(), new EventState[] {done});
    s = A.step(s, List.of(), closed + 1_000_000L);
    assertEquals(1, s.events().length, "still remembered right after its close");
    s = A.step(s, List.of(), closed + 61_000_000L);
    assertEquals(0, s.events().length, "forgotten maxEventS after its close");
  }

  @Test
  void twoDistantSimultaneousClustersAreTwoEvents() {
    List<TriggerOnset> picks = new ArrayList<>(ring("CI.A", 34, -118, 5, 10, T));
    picks.addAll(ring("CI.B", 36, -117, 5, 10, T + 300_000)); // ~240 km away, same time
    AssociationState s = A.step(AssociationState.empty(), picks, T + 8_000_000);
    assertEquals(2, s.events().length);
    assertNotEquals(s.events()[0].eventId(), s.events()[1].eventId());
    for (EventState e : s.events()) {
      String prefix = e.picks()[0].stationId().substring(0, 4);
      for (TriggerOnset p : e.picks()) {
        assertTrue(p.stationId().startsWith(prefix), "mixed clusters in " + e.eventId());
      }
      assertEquals(5, e.picks().length);
    }
  }

  @Test
  void incoherentTriggersOpenNothing() {
    // Four stations within 30 km, triggering 20 s apart: no P wavefront does that.
    List<TriggerOnset> picks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      picks.add(new TriggerOnset("CI.X" + i, 34 + 0.1 * i, -118, T + i * 20_000_000L));
    }
    AssociationState s = AssociationState.empty();
    for (int i = 0; i < 4; i++) {
      s = A.step(s, List.of(picks.get(i)), picks.get(i).onsetMicros() + 1_000_000);
    }
    assertEquals(0, s.events().length);
    // Four simultaneous triggers spread over 600 km are not one event either.
    List<TriggerOnset> far = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      far.add(new TriggerOnset("CI.F" + i, 32 + 2.0 * i, -118, T));
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
    assertFalse(
        A.closeDue(e, e.firstOnsetMicros() + 5_000_000, Set.of()),
        "not within 10 s of the first onset, whatever the nodes of a step say");
    assertTrue(A.closeDue(e, e.firstOnsetMicros() + 10_000_000, Set.of()), "triggers died");
    assertTrue(A.closeDue(e, e.firstOnsetMicros() + 60_000_000, on), "max duration");
  }

  @Test
  void sWavesOfAnEventDoNotOpenAnotherButALaterEarthquakeDoes() {
    List<Associator.Site> live = grid();
    // An earthquake at the grid's south-west corner, seen by its six nearest stations.
    long t0 = T;
    List<TriggerOnset> p = new ArrayList<>();
    for (String id : List.of("CI.G00", "CI.G01", "CI.G10", "CI.G11", "CI.G02", "CI.G20")) {
      Associator.Site site =
          live.stream().filter(x -> x.stationId().equals(id)).findFirst().orElseThrow();
      p.add(onset(site, 0, 0, t0));
    }
    AssociationState s = A.step(AssociationState.empty(), p, t0 + 8_000_000, live);
    assertEquals(1, s.events().length);
    String id = s.events()[0].eventId();
    // Four stations 150-210 km away, whose P was too weak, trigger on the S: a coherent
    // wavefront, but the first event's S, not a second earthquake.
    List<TriggerOnset> sWaves = new ArrayList<>();
    for (String far : List.of("CI.G55", "CI.G56", "CI.G65", "CI.G66")) {
      Associator.Site site =
          live.stream().filter(x -> x.stationId().equals(far)).findFirst().orElseThrow();
      TriggerOnset pP = onset(site, 0, 0, t0);
      long tS = t0 + Math.round((pP.onsetMicros() - t0) * Associator.VP_VS);
      sWaves.add(new TriggerOnset(far, site.latitude(), site.longitude(), tS + 1_000_000));
    }
    s = A.step(s, sWaves, t0 + 75_000_000, live);
    assertEquals(1, s.events().length, "a second event opened from S triggers");
    assertEquals(id, s.events()[0].eventId());
    assertEquals(0, s.pending().length, "S triggers left pending");
    // An aftershock at the same place 100 s later, after the S waves, is a new event.
    List<TriggerOnset> after = new ArrayList<>();
    for (TriggerOnset q : p) {
      after.add(
          new TriggerOnset(
              q.stationId(), q.latitude(), q.longitude(), q.onsetMicros() + 100_000_000));
    }
    s = A.step(s, after, t0 + 108_000_000, live);
    assertEquals(2, s.events().length, "the aftershock was taken for a later phase");
  }

  @Test
  void anEarthquakeInTheWavesOfAnotherIsItsOwnEvent() {
    List<Associator.Site> live = grid();
    // A crosses the whole network from its south-west corner: every station triggers on its P.
    long t0 = T;
    List<TriggerOnset> first = live.stream().map(site -> onset(site, 0, 0, t0)).toList();
    // B, 40 s later at (150, 150) km: its P reaches the stations near it between A's P (35 s)
    // and A's S (61 s) there, each already in A. Pairwise, its triggers are consistent with A's
    // nearby ones; as A's P they are 8 s late.
    long t1 = t0 + 40_000_000;
    List<TriggerOnset> second =
        live.stream()
            .map(site -> onset(site, 150, 150, t1))
            .filter(p -> p.onsetMicros() - t1 < 9_000_000)
            .toList();
    assertTrue(second.size() >= 6, "B's P in 9 s at " + second.size() + " stations");
    AssociationState s = AssociationState.empty();
    for (long step = 1; step <= 55; step++) {
      long t = t0 + step * 1_000_000;
      List<TriggerOnset> now = new ArrayList<>(arrivedBy(first, t - 1_000_000, t));
      now.addAll(arrivedBy(second, t - 1_000_000, t));
      s = A.step(s, now, t, live);
      if (step == 40) {
        assertEquals(1, s.events().length);
      }
    }
    assertEquals(2, s.events().length, "B swallowed: " + List.of(s.events()));
    EventState b = s.events()[1];
    assertEquals(64, s.events()[0].picks().length, "B's triggers taken for A's P waves");
    // B's onsets at the stations its P reaches near A's S there (from 45 s on) are lost to A's
    // S window, the price of dropping S triggers; the others are B's.
    assertTrue(b.picks().length >= 4, "B's P onsets: " + Arrays.toString(b.picks()));
    assertTrue(
        Arrays.stream(b.picks()).allMatch(second::contains),
        "B opened with others than its P onsets: " + Arrays.toString(b.picks()));
    assertTrue(b.firstOnsetMicros() > t1, "B opened from A's triggers");
  }

  @Test
  void coincidentTriggersWhereAnotherEventReachedEveryStationOpenNothing() {
    List<Associator.Site> live = grid();
    List<TriggerOnset> first = live.stream().map(site -> onset(site, 0, 0, T)).toList();
    AssociationState s = AssociationState.empty();
    for (long step = 1; step <= 55; step++) {
      long t = T + step * 1_000_000;
      s = A.step(s, arrivedBy(first, t - 1_000_000, t), t, live);
    }
    assertEquals(1, s.events().length);
    assertEquals(64, s.events()[0].picks().length);
    // 100 s later, four triggers on a P wavefront from (105, 105) km, at four stations 77 km from
    // it around it, while the stations nearer to it stay quiet: no earthquake does that. That every
    // station triggered on the first event, long before, says nothing for this
    // source.
    long t1 = T + 100_000_000;
    List<TriggerOnset> ring =
        live.stream()
            .filter(
                site -> Set.of("CI.G14", "CI.G41", "CI.G64", "CI.G46").contains(site.stationId()))
            .map(site -> onset(site, 105, 105, t1))
            .toList();
    assertEquals(4, ring.size());
    s = A.step(s, ring, t1 + 18_000_000, live);
    assertEquals(1, s.events().length, "an event opened on coincident triggers: " + ring);
  }

  private static List<TriggerOnset> arrivedBy(List<TriggerOnset> picks, long after, long t) {
    return picks.stream().filter(p -> p.onsetMicros() > after && p.onsetMicros() <= t).toList();
  }

  /** Stations every 30 km on an 8 x 8 grid from (34 N, 118 W) north and east. */
  static List<Associator.Site> grid() {
    List<Associator.Site> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) {
        out.add(new Associator.Site("CI.G" + i + j, lat(i * 30), lon(j * 30)));
      }
    }
    return out;
  }

  static double lat(double northKm) {
    return 34 + northKm / Geodesy.KM_PER_DEGREE;
  }

  static double lon(double eastKm) {
    return -118 + eastKm / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(34)));
  }

  /** The P onset at a grid site from a source at (northKm, eastKm), 10 km deep, origin t0. */
  static TriggerOnset onset(Associator.Site s, double northKm, double eastKm, long t0) {
    double tt = PointSourceFit.travelTimeS(lat(northKm), lon(eastKm), s.latitude(), s.longitude());
    return new TriggerOnset(s.stationId(), s.latitude(), s.longitude(), t0 + Math.round(tt * 1e6));
  }

  @Test
  void scatteredNoiseTriggersThatPassThePairwiseTestOpenNothing() {
    List<Associator.Site> live = grid();
    // Four triggers across 150 km and 28 s: every pair passes |dt| <= d/5 + 2, but no source
    // fits them without having reached the quiet stations in between first.
    List<TriggerOnset> noise =
        List.of(
            new TriggerOnset("CI.G00", lat(0), lon(0), T),
            new TriggerOnset("CI.G01", lat(0), lon(30), T + 4_400_000),
            new TriggerOnset("CI.G04", lat(0), lon(120), T + 20_600_000),
            new TriggerOnset("CI.G15", lat(30), lon(150), T + 27_600_000));
    AssociationState s = A.step(AssociationState.empty(), noise, T + 28_000_000, live);
    assertEquals(0, s.events().length, "noise opened " + List.of(s.events()));
    // The pairwise test alone would have opened it.
    assertEquals(1, A.step(AssociationState.empty(), noise, T + 28_000_000).events().length);
  }

  @Test
  void aWavefrontOpensAnEventWithoutTheStaleTriggerBeforeIt() {
    List<Associator.Site> live = grid();
    long t0 = T + 60_000_000;
    List<TriggerOnset> picks = new ArrayList<>();
    // a noise trigger 15 s before the earthquake, ~110 km away: it passes the pairwise test
    picks.add(new TriggerOnset("CI.G16", lat(30), lon(180), t0 - 15_000_000));
    // the P onsets at the seven nearest other stations of a source at (100, 100) km, jittered
    double[] jitter = {0.2, -0.3, 0.1, 0.3, -0.1, 0.0};
    List<Associator.Site> nearest =
        live.stream()
            .filter(site -> !site.stationId().equals("CI.G16"))
            .sorted(
                java.util.Comparator.comparingDouble(
                    site ->
                        Geodesy.epicentralKm(
                            lat(100), lon(100), site.latitude(), site.longitude())))
            .limit(7)
            .toList();
    for (int k = 0; k < 6; k++) {
      TriggerOnset p = onset(nearest.get(k), 100, 100, t0);
      picks.add(
          new TriggerOnset(
              p.stationId(),
              p.latitude(),
              p.longitude(),
              p.onsetMicros() + Math.round(jitter[k] * 1e6)));
    }
    // the seventh triggers 4 s late (an emergent onset, or another event's P): beyond the P
    // allowance at 35 km (2 s + 5 % of the travel time), so not this event's P onset, and alone it
    // opens nothing
    TriggerOnset late = onset(nearest.get(6), 100, 100, t0);
    String lateId = late.stationId();
    picks.add(
        new TriggerOnset(
            lateId, late.latitude(), late.longitude(), late.onsetMicros() + 4_000_000));
    AssociationState s = A.step(AssociationState.empty(), picks, t0 + 10_000_000, live);
    assertEquals(1, s.events().length, "split: " + List.of(s.events()));
    EventState e = s.events()[0];
    assertTrue(
        Arrays.stream(e.picks()).noneMatch(p -> p.stationId().equals(lateId)),
        "the late trigger taken for a P onset: " + Arrays.toString(e.picks()));
    assertEquals(6, e.picks().length, "the six P onsets: " + Arrays.toString(e.picks()));
    // the late trigger falls on the event's S window there (S 4.4 s after P at 35 km): dropped
    assertEquals(1, s.pending().length, "pending: " + Arrays.toString(s.pending()));
    assertEquals("CI.G16", s.pending()[0].stationId());
    assertTrue(
        Arrays.stream(e.picks()).noneMatch(p -> p.stationId().equals("CI.G16")),
        "the stale trigger seeded the event: " + Arrays.toString(e.picks()));
    assertTrue(e.firstOnsetMicros() >= t0, "event time counted from the stale trigger");
  }

  /** A trigger at a real CI station, its onset seconds after {@code T}. */
  private static TriggerOnset at(String station, double lat, double lon, double onsetS) {
    return new TriggerOnset(station, lat, lon, T + Math.round(onsetS * 1e6));
  }

  @Test
  void aFarNoiseTriggerAmongTheFirstFourDoesNotCostTheNearestStation() {
    // The demo's first earthquake (M4.4 at 35.017 -117.368, 14 km deep, origin at 0 s): the P
    // onsets of the four nearest stations from the stream's own trigger, and a noise trigger at
    // CI.RSS, 115 km south, between them. A least-squares fit of all five is dragged south, and
    // dropping its worst residual dropped CI.HAR, 6 km from the epicentre: the event then opened
    // two steps later, on the next stations' P.
    TriggerOnset har = at("CI.HAR", 35.0114, -117.29909, 2.56);
    TriggerOnset rss = at("CI.RSS", 33.97327, -117.32674, 4.0);
    TriggerOnset hys = at("CI.HYS", 34.86532, -117.56975, 4.78);
    TriggerOnset lmr2 = at("CI.LMR2", 34.93439, -117.69629, 5.66);
    TriggerOnset rrx = at("CI.RRX", 34.87533, -116.99684, 6.58);
    List<Associator.Site> live =
        List.of(har, rss, hys, lmr2, rrx).stream()
            .map(p -> new Associator.Site(p.stationId(), p.latitude(), p.longitude()))
            .toList();
    AssociationState s =
        A.step(AssociationState.empty(), List.of(har, rss, hys, lmr2, rrx), T + 7_000_000, live);
    assertEquals(1, s.events().length);
    EventState e = s.events()[0];
    assertEquals(
        Set.of("CI.HAR", "CI.HYS", "CI.LMR2", "CI.RRX"),
        Arrays.stream(e.picks()).map(TriggerOnset::stationId).collect(Collectors.toSet()));
    assertEquals(har.onsetMicros(), e.firstOnsetMicros());
    // the noise trigger, 15 s before the P could reach its station, does not join the event
    assertEquals(
        List.of("CI.RSS"), Arrays.stream(s.pending()).map(TriggerOnset::stationId).toList());
  }

  @Test
  void twoOpenEventsShareTheNetworkByNearestTrigger() {
    AssociationState s =
        A.step(
            AssociationState.empty(),
            concat(ring("CI.A", 34, -118, 4, 10, T), ring("CI.B", 36, -116, 4, 10, T)),
            T + 6_000_000);
    assertEquals(2, s.events().length, "two earthquakes far apart at once");
    List<EventState> open = List.of(s.events());
    // stations near each cluster, and one a little nearer to B's triggers than to A's
    List<StationNode> nodes =
        List.of(
            node("CI.NA", 34.1, -118.1), node("CI.NB", 35.9, -116.1), node("CI.MID", 35.2, -117));
    EventState a =
        s.events()[0].picks()[0].stationId().startsWith("CI.A") ? open.get(0) : open.get(1);
    EventState b = a == open.get(0) ? open.get(1) : open.get(0);
    assertEquals(
        List.of("CI.NA"), A.graphOf(a, open, nodes).stream().map(StationNode::stationId).toList());
    assertEquals(
        List.of("CI.NB", "CI.MID"),
        A.graphOf(b, open, nodes).stream().map(StationNode::stationId).toList());
    assertEquals(nodes, A.graphOf(a, List.of(a), nodes), "one open event: every station");
  }

  private static List<TriggerOnset> concat(List<TriggerOnset> x, List<TriggerOnset> y) {
    List<TriggerOnset> all = new ArrayList<>(x);
    all.addAll(y);
    return all;
  }

  private static StationNode node(String id, double lat, double lon) {
    return StreamFixtures.quietNode(id, T, lat, lon, true, T);
  }
}
