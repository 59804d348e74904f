package io.quakegraph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import io.quakegraph.demo.DemoTruth;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationList;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.StationSelection;
import io.quakegraph.synth.SyntheticEvent;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of {@code bench stream}: station sets, packet timeline, statistics, verdict. */
class StreamBenchmarkPartsTest {
  private static final long T0 = Times.parse("2019-07-06T03:00:00Z");
  private static List<Station> real;

  @BeforeAll
  static void readStations() throws Exception {
    real = SyntheticStationSet.realCi(SharedData.path("stations/scedc_channel_epochs.txt"), T0);
  }

  @Test
  void upToTheRealCountTheStationsAreTheRealOnesNearestTheCentre() {
    assertTrue(real.size() > 185, "real CI stations: " + real.size());
    List<Station> set = SyntheticStationSet.build(real, 185, 7, 3.0);
    assertEquals(StationSelection.nearestToCentre(real, 185), set);
    assertTrue(set.stream().allMatch(s -> s.network().equals("CI")));
  }

  @Test
  void beyondTheRealCountSyntheticStationsFillTheNetworkDeterministically() {
    int count = real.size() + 400;
    List<Station> set = SyntheticStationSet.build(real, count, 7, 3.0);
    assertEquals(count, set.size());
    assertEquals(
        real.stream().map(Station::id).collect(Collectors.toSet()),
        set.subList(0, real.size()).stream().map(Station::id).collect(Collectors.toSet()));
    List<Station> synth = set.subList(real.size(), count);
    DemoTruth hull = new DemoTruth(List.of(), real);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < synth.size(); i++) {
      Station s = synth.get(i);
      assertEquals(SyntheticStationSet.NETWORK, s.network());
      assertTrue(ids.add(s.id()), "unique id " + s.id());
      assertTrue(hull.insideNetwork(s.latitude(), s.longitude()), s + " inside the hull");
      List<Station> others = new java.util.ArrayList<>(set.subList(0, real.size() + i));
      assertTrue(
          SyntheticStationSet.nearestKm(others, s.latitude(), s.longitude()) >= 3.0,
          s.id() + " at least 3 km from the stations placed before it");
    }
    assertEquals(set, SyntheticStationSet.build(real, count, 7, 3.0), "same seed, same set");
    List<Station> other = SyntheticStationSet.build(real, count, 8, 3.0);
    assertNotEquals(
        synth.get(0).latitude(), other.get(real.size()).latitude(), "another seed moves them");
  }

  @Test
  void theSweepsEarthquakesAreInsideTheNetworkAndInEveryThirdOfTheMeasuredInterval(
      @TempDir Path dir) throws Exception {
    List<Station> set = SyntheticStationSet.build(real, 185, 7, 3.0);
    Path csv = dir.resolve("stations.csv");
    SyntheticStationSet.writeCsv(set, csv);
    StreamBenchmark.Options o =
        new StreamBenchmark.Options(
            dir,
            null,
            dir,
            dir,
            List.of(185),
            85,
            120,
            7,
            7,
            2,
            185,
            false,
            99,
            1,
            RealTimeVerdict.DEFAULT);
    ScenarioOptions d = ScenarioOptions.defaults();
    ScenarioOptions events =
        d.toBuilder().minMagnitude(4.0).maxMagnitude(5.0).marginDeg(0.0).allowOverlap(true).build();
    long span = 355_000_000L;
    long seed = StreamBenchmark.eventSeed(o, csv, events, T0, span);
    List<SyntheticEvent> drawn =
        new ScenarioCatalog(set, TravelTimes.hadleyKanamori(), events).generate(T0, span, 7, seed);
    DemoTruth hull = new DemoTruth(List.of(), set);
    for (SyntheticEvent e : drawn) {
      assertTrue(hull.insideNetwork(e.origin().latitude(), e.origin().longitude()), e + " inside");
    }
    for (int k = 0; k < 3; k++) {
      long a = T0 + 85_000_000L + k * 40_000_000L;
      assertTrue(
          drawn.stream()
              .anyMatch(e -> e.origin().timeMicros() >= a && e.origin().timeMicros() < a + 40e6),
          "an origin in third " + k);
    }
  }

  @Test
  void aSetThatCannotBePlacedIsRefusedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SyntheticStationSet.build(real, real.size() + 50, 1, 400.0));
    assertTrue(e.getMessage().contains("400.0 km"), e.getMessage());
  }

  @Test
  void theCsvReadsBackAsTheSameStations(@TempDir Path dir) throws Exception {
    List<Station> set = SyntheticStationSet.build(real, real.size() + 20, 3, 3.0);
    Path csv = dir.resolve("stations.csv");
    SyntheticStationSet.writeCsv(set, csv);
    List<Station> back = StationList.read(csv);
    assertEquals(set.size(), back.size());
    for (int i = 0; i < set.size(); i++) {
      Station a = set.get(i);
      Station b = back.get(i);
      assertEquals(a.id(), b.id());
      assertEquals(a.latitude(), b.latitude(), 1e-6);
      assertEquals(a.longitude(), b.longitude(), 1e-6);
      assertEquals(a.elevationM(), b.elevationM(), 0.05);
      assertTrue(
          b.channelsAt(T0).stream().anyMatch(c -> c.id().channel().equals("HHZ")),
          b.id() + " has an active broadband channel");
    }
  }

  /**
   * Four stations, 1-s packets from T0 appended 1 s after their start plus a few ms per station;
   * one packet of station 3 comes late.
   */
  private static PacketTimeline timeline(long wall0, long lateMs) {
    PacketTimeline tl = new PacketTimeline();
    for (int s = 0; s < 10; s++) {
      for (int st = 0; st < 4; st++) {
        long start = T0 + s * 1_000_000L;
        long append = wall0 + (s + 1) * 1000L + st;
        if (st == 3 && s == 5) {
          append += lateMs;
        }
        tl.add(start, start + 1_000_000L, append);
      }
    }
    return tl;
  }

  @Test
  void lastDataAndScheduleComeFromTheAppendTimes() {
    long wall0 = 1_700_000_000_000L;
    PacketTimeline tl = timeline(wall0, 700);
    // the sample at T0+5 s is in the second-5 packets; the last of them is the late one
    assertEquals(wall0 + 6000 + 3 + 700, tl.lastDataMillis(T0 + 5_000_000L));
    assertEquals(wall0 + 3003, tl.lastDataMillis(T0 + 2_500_000L));
    assertEquals(Long.MIN_VALUE, tl.lastDataMillis(T0 + 10_000_000L));
    // append - end is wall0 - T0/1000 + station ms; the median station adds 2 ms
    long offset = tl.scheduleOffsetMicros();
    assertEquals(wall0 * 1000 - T0 + 2000, offset);
    double[] late = tl.feedDelaysMillis(T0, T0 + 20_000_000L);
    assertEquals(40, late.length);
    assertEquals(700 + 1, LatencySummary.of(late).max(), 1e-9);
    assertEquals(8, tl.countEnding(T0 + 1_000_000L, T0 + 3_000_000L));
  }

  @Test
  void percentilesAreNearestRank() {
    double[] v = new double[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = 100 - i;
    }
    LatencySummary s = LatencySummary.of(v);
    assertEquals(100, s.count());
    assertEquals(50, s.p50());
    assertEquals(99, s.p99());
    assertEquals(100, s.max());
    assertEquals(7, LatencySummary.of(new double[] {3, 7, 1}).p99());
    assertTrue(LatencySummary.of(new double[0]).isEmpty());
    assertTrue(Double.isNaN(LatencySummary.of(new double[0]).p50()));
  }

  @Test
  void aSteadyLagIsKeptAndAGrowingOneIsNot() {
    long from = T0;
    long to = T0 + 120_000_000L;
    int n = 120;
    long[] steps = new long[n];
    double[] steady = new double[n];
    double[] growing = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = from + i * 1_000_000L;
      steady[i] = 4.0 + 0.2 * Math.sin(i);
      growing[i] = 4.0 + 0.05 * i; // a job at ~95 % of real time
    }
    RealTimeVerdict v = RealTimeVerdict.DEFAULT;
    RealTimeVerdict.Outcome ok = v.judge(steps, steady, from, to, 6.0);
    assertTrue(ok.kept(), ok.reason());
    assertTrue(Math.abs(ok.growthS()) < 0.5, "growth " + ok.growthS());

    RealTimeVerdict.Outcome slow = v.judge(steps, growing, from, to, 6.0);
    assertFalse(slow.kept());
    assertEquals(4.0, slow.growthS(), 0.1);
    assertTrue(slow.reason().contains("grew"), slow.reason());

    RealTimeVerdict.Outcome stuck = v.judge(steps, steady, from, to, Double.POSITIVE_INFINITY);
    assertFalse(stuck.kept());
    assertTrue(stuck.reason().contains("not worked through"), stuck.reason());

    RealTimeVerdict.Outcome none = v.judge(new long[0], new double[0], from, to, 6.0);
    assertFalse(none.kept());

    // samples in one third only: growth is not judged, the p99 still is
    long[] early = {from, from + 1_000_000L};
    RealTimeVerdict.Outcome oneThird = v.judge(early, new double[] {4, 12}, from, to, 6.0);
    assertTrue(Double.isNaN(oneThird.growthS()));
    assertFalse(oneThird.kept());
    assertTrue(oneThird.reason().contains("p99"), oneThird.reason());
  }

  @Test
  void theFirstAlertOfEachTrueEventIsTimedFromItsOrigin() {
    Station a = new Station("CI", "AAA", 34.0, -118.0, 0, "", List.of());
    Station b = new Station("CI", "BBB", 34.5, -118.0, 0, "", List.of());
    Station c = new Station("CI", "CCC", 34.0, -117.5, 0, "", List.of());
    Station d = new Station("CI", "DDD", 34.5, -117.5, 0, "", List.of());
    long origin1 = T0 + 60_000_000L;
    long origin2 = T0 + 200_000_000L;
    Earthquake e1 =
        new Earthquake("ev1", new Origin(origin1, 34.2, -117.8, 8), 4.5, "Mw", List.of());
    Earthquake e2 =
        new Earthquake("ev2", new Origin(origin2, 34.3, -117.7, 8), 4.2, "Mw", List.of());
    DemoTruth truth = new DemoTruth(List.of(e1, e2), List.of(a, b, c, d));
    long offset = 1_700_000_000_000_000L - T0; // replay wall clock = data time + offset
    List<AlertWatch.Sighting> sightings =
        List.of(
            sighting("qg-1", 2, origin1 + 9_000_000L, origin1, offset, 4300, 9000),
            sighting("qg-1", 1, origin1 + 8_000_000L, origin1, offset, 4200, 6000),
            sighting(
                "qg-x", 1, origin2 - 100_000_000L, origin2 - 100_000_000L, offset, 4000, 5000));
    JobConfig cfg = JobConfig.defaults("localhost:1", Path.of("m"), Path.of("i"));
    List<StreamBenchmark.FirstAlert> f =
        StreamBenchmark.firstAlerts(sightings, truth, cfg, offset, null, Long.MAX_VALUE);
    assertEquals(2, f.size());
    StreamBenchmark.FirstAlert first = f.get(0);
    assertEquals("ev1", first.eventId());
    assertEquals("qg-1", first.alertEventId());
    assertEquals(2, first.versions());
    assertEquals(8.0, first.dataS(), 1e-9);
    assertEquals(8.0 + 4.2, first.writtenS(), 1e-9);
    assertEquals(8.0 + 6.0, first.receivedS(), 1e-9);
    assertEquals(truth.floorSeconds(e1, 4, 1.0), first.floorS(), 1e-12);
    assertTrue(first.floorS() > 1.0);
    assertNull(f.get(1).alertEventId(), "ev2 had no alert (qg-x came before its origin)");
  }

  private static AlertWatch.Sighting sighting(
      String id, int version, long step, long estOrigin, long offset, long writtenMs, long seenMs) {
    long due = (step + offset) / 1000;
    EarthquakeAlert alert =
        EarthquakeAlert.newBuilder()
            .setEventId(id)
            .setVersion(version)
            .setFinalEstimate(false)
            .setIssueTime(Times.instant(step + offset))
            .setDataTime(Times.instant(step))
            .setOriginTime(Times.instant(estOrigin))
            .setLatitude(34.2)
            .setLongitude(-117.8)
            .setDepthKm(8)
            .setMagnitude(4.4)
            .setLatitudeUncertaintyKm(5)
            .setLongitudeUncertaintyKm(5)
            .setDepthUncertaintyKm(5)
            .setMagnitudeUncertainty(0.3)
            .setOriginTimeUncertaintySeconds(1)
            .setStationsUsed(4)
            .setStationsTriggered(4)
            .setStationsLive(4)
            .setModelVersion("test")
            .setLatencyMs(0)
            .build();
    return new AlertWatch.Sighting(alert, due + writtenMs, due + seenMs);
  }
}
