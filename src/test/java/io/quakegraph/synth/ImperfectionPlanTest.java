package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImperfectionPlanTest {
  private static final long START = Times.parse("2019-07-06T03:00:00Z");
  private static final long END = START + 600_000_000L;

  @Test
  void everyKindIsDrawnReproduciblyInsideTheSpan() {
    List<Station> stations = stations(30);
    ImperfectionPlan a =
        ImperfectionPlan.generate(stations, START, END, ImperfectionLevel.HEAVY, 5);
    ImperfectionPlan b =
        ImperfectionPlan.generate(stations, START, END, ImperfectionLevel.HEAVY, 5);
    ImperfectionPlan c =
        ImperfectionPlan.generate(stations, START, END, ImperfectionLevel.HEAVY, 6);
    assertEquals(a, b);
    assertNotEquals(a, c);
    for (String kind :
        List.of("station-outage", "gap", "dead-channel", "clipped-channel", "timing-offset")) {
      assertTrue(a.imperfections().stream().anyMatch(i -> i.kind().equals(kind)), kind);
    }
    // heavy: 10 % of 30 stations have an outage, 20 % of the other 27 stations' channels a gap
    assertEquals(
        3, a.imperfections().stream().filter(i -> i.kind().equals("station-outage")).count());
    assertEquals(
        Math.round(0.2 * 27 * 6),
        a.imperfections().stream().filter(i -> i.kind().equals("gap")).count());
    for (Imperfection i : a.imperfections()) {
      if (i instanceof Imperfection.Gap g) {
        assertTrue(g.startMicros() > START && g.endMicros() < END, g.describe());
      } else if (i instanceof Imperfection.StationOutage o) {
        assertTrue(o.startMicros() >= START && o.endMicros() <= END, o.describe());
      } else if (i instanceof Imperfection.TimingOffset t) {
        long ms = Math.abs(t.offsetMicros()) / 1000;
        assertTrue(ms >= 10 && ms <= 90 && t.offsetMicros() % 1000 == 0, t.describe());
      }
    }
    assertEquals(
        List.of(),
        ImperfectionPlan.generate(stations, START, END, ImperfectionLevel.NONE, 5).imperfections());
  }

  @Test
  void applyShiftsFlattensClipsAndCuts() {
    SourceId hhz = SourceId.parse("CI.S01..HHZ");
    SourceId hnz = SourceId.parse("CI.S01..HNZ");
    long off = 37_000;
    List<Imperfection> flaws =
        List.of(
            new Imperfection.TimingOffset("CI.S01", off),
            new Imperfection.Gap(hhz, START + off + 10_000_000, START + off + 12_500_000),
            new Imperfection.ClippedChannel(hhz, 1000),
            new Imperfection.DeadChannel(hnz, START + off + 30_000_000, END + off, -17));
    ImperfectionPlan plan = new ImperfectionPlan(ImperfectionLevel.DEFAULT, 1, START, END, flaws);
    double[] wave = new double[6000];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < wave.length; i++) {
      wave[i] = rng.nextDouble(-5000, 5000);
    }
    List<Trace> in =
        List.of(new Trace(hhz, START, 100, wave), new Trace(hnz, START, 100, wave.clone()));
    List<Trace> out = plan.apply(in);
    assertEquals(3, out.size());
    Trace before = out.get(0);
    Trace after = out.get(1);
    assertEquals(START + off, before.startMicros());
    assertEquals(1000, before.size());
    assertEquals(START + off + 12_500_000, after.startMicros());
    assertEquals(6000 - 1250, after.size());
    for (Trace t : List.of(before, after)) {
      for (double v : t.samples()) {
        assertTrue(Math.abs(v) <= 1000);
      }
    }
    assertEquals(
        1000,
        before
            .samples()[
            java.util.stream.IntStream.range(0, 1000)
                .filter(k -> wave[k] > 1000)
                .findFirst()
                .orElseThrow()]);
    Trace dead = out.get(2);
    assertEquals(START + off, dead.startMicros());
    assertEquals(wave[2999], dead.samples()[2999]);
    for (int k = 3000; k < 6000; k++) {
      assertEquals(-17, dead.samples()[k]);
    }
    // other stations pass untouched
    Trace other = new Trace(SourceId.parse("CI.S02..HHZ"), START, 100, wave);
    assertEquals(List.of(other), plan.apply(List.of(other)));
  }

  @Test
  void outagesRemoveEveryChannelOfTheStation() {
    ImperfectionPlan plan =
        new ImperfectionPlan(
            ImperfectionLevel.HEAVY,
            1,
            START,
            END,
            List.of(new Imperfection.StationOutage("CI.S01", START - 1, START + 5_000_000)));
    List<Trace> out = new ArrayList<>();
    for (String c : List.of("HHZ", "HHN", "HNE")) {
      out.addAll(
          plan.apply(
              List.of(new Trace(SourceId.parse("CI.S01.." + c), START, 100, new double[1000]))));
    }
    assertEquals(3, out.size());
    for (Trace t : out) {
      assertEquals(START + 5_000_000, t.startMicros());
      assertEquals(500, t.size());
    }
  }

  @Test
  void jsonRoundTrips(@TempDir Path dir) throws IOException {
    ImperfectionPlan plan =
        ImperfectionPlan.generate(stations(12), START, END, ImperfectionLevel.HEAVY, 9);
    Path file = dir.resolve("imperfections.json");
    plan.write(file);
    assertEquals(plan, ImperfectionPlan.read(file));
    assertTrue(Files.readString(file).contains("\"kind\" : \"timing-offset\""));
    Files.writeString(file, "{\"imperfections\":[{\"kind\":\"meteor\"}]}");
    IOException e = assertThrows(IOException.class, () -> ImperfectionPlan.read(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("meteor"));
  }

  @Test
  void levelsParse() {
    assertEquals(ImperfectionLevel.HEAVY, ImperfectionLevel.parse("Heavy"));
    assertThrows(IllegalArgumentException.class, () -> ImperfectionLevel.parse("some"));
  }

  private static List<Station> stations(int n) {
    List<Station> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      String sta = "S%02d".formatted(s + 1);
      List<Channel> channels = new ArrayList<>();
      for (String c : List.of("HHZ", "HHN", "HHE", "HNZ", "HNN", "HNE")) {
        channels.add(
            new Channel(
                new SourceId("CI", sta, "", c),
                34,
                -117,
                0,
                0,
                0,
                c.endsWith("Z") ? -90 : 0,
                100,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                Optional.empty(),
                Optional.empty()));
      }
      out.add(new Station("CI", sta, 34 + s * 0.01, -117, 0, sta, channels));
    }
    return out;
  }
}
