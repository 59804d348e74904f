package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.SharedData;
import io.quakegraph.seismic.ArchiveLayout;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedFile;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.QuakeMl;
import io.quakegraph.seismic.ScedcDayFile;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small whole scenarios: 20 stations, 10 minutes, 2 events. */
class ScenarioWriterTest {
  private static final long START = Times.parse("2019-07-06T03:00:00Z");
  private static final long DURATION = 600_000_000L;

  @TempDir static Path tmp;
  private static Path first;
  private static ScenarioSummary summary;

  @BeforeAll
  static void writeOnce() throws IOException {
    first = tmp.resolve("a");
    summary = writer().write(request(7, START, DURATION, 2, 20, ImperfectionLevel.HEAVY), first);
  }

  @Test
  void sameSeedGivesByteIdenticalFilesAndAnotherSeedDiffers() throws IOException {
    Path second = tmp.resolve("b");
    writer().write(request(7, START, DURATION, 2, 20, ImperfectionLevel.HEAVY), second);
    Map<Path, byte[]> a = contents(first);
    Map<Path, byte[]> b = contents(second);
    assertEquals(a.keySet(), b.keySet());
    assertTrue(a.size() > 20 * 6, "files: " + a.size());
    for (Path p : a.keySet()) {
      assertArrayEquals(a.get(p), b.get(p), "differs: " + p);
    }
    Path other = tmp.resolve("c");
    writer().write(request(8, START, DURATION, 2, 20, ImperfectionLevel.HEAVY), other);
    Map<Path, byte[]> c = contents(other);
    for (String name : List.of("catalog.xml", "imperfections.json", "scenario.json")) {
      assertFalse(
          java.util.Arrays.equals(a.get(Path.of(name)), c.get(Path.of(name))), name + " same");
    }
    Path hhz =
        Path.of("continuous_waveforms/2019/2019_187")
            .resolve(
                new ScedcDayFile(
                        SourceId.parse(summary.stations().get(0) + "..HHZ"),
                        java.time.LocalDate.of(2019, 7, 6))
                    .fileName());
    if (a.containsKey(hhz) && c.containsKey(hhz)) {
      assertFalse(java.util.Arrays.equals(a.get(hhz), c.get(hhz)), "noise did not change");
    }
  }

  @Test
  void filesAreWhereTheScedcLayoutSaysAndReadBackClean() throws IOException {
    assertEquals(20, summary.stations().size());
    List<Path> files = ScenarioWriter.waveformFiles(first.resolve("continuous_waveforms"));
    assertEquals(summary.waveformFiles(), files.size());
    long bytes = 0;
    for (Path f : files) {
      ScedcDayFile day = ScedcDayFile.parse(f.getFileName().toString());
      assertEquals(first.resolve(day.relativePath()), f);
      assertEquals(java.time.LocalDate.of(2019, 7, 6), day.day());
      MiniSeedFile ms = MiniSeed.read(f);
      assertTrue(ms.isClean(), f + ": " + ms.problems());
      assertFalse(ms.records().isEmpty());
      for (MiniSeedRecord r : ms.records()) {
        assertEquals(day.id(), r.id());
        assertEquals(4096, r.recordLength());
        assertEquals(io.quakegraph.seismic.Encoding.STEIM2, r.encoding());
        assertEquals(2, r.formatVersion());
      }
      bytes += Files.size(f);
      assertEquals(0, Files.size(f) % 4096);
    }
    assertEquals(summary.waveformBytes(), bytes);
    JsonNode json = new ObjectMapper().readTree(first.resolve("scenario.json").toFile());
    assertEquals(7, json.get("seed").asLong());
    assertEquals(files.size(), json.get("counts").get("waveformFiles").asInt());
    assertEquals(2, json.get("events").size());
  }

  @Test
  void stationXmlAndTheTrueCatalogueReadBack() throws IOException {
    Set<String> ids = Set.copyOf(summary.stations());
    for (String id : ids) {
      Inventory inv = StationXml.read(first.resolve("stations").resolve(id + ".xml"));
      Station s = inv.station(id).orElseThrow();
      assertEquals(6, s.channelsAt(START).size(), id);
      assertTrue(s.channels().stream().allMatch(c -> c.sensitivity().isPresent()), id);
    }
    List<Earthquake> events = QuakeMl.read(first.resolve("catalog.xml"));
    assertEquals(2, events.size());
    for (int i = 0; i < 2; i++) {
      Earthquake q = events.get(i);
      SyntheticEvent truth = summary.events().get(i);
      assertEquals(truth.eventId(), q.eventId());
      assertEquals(truth.magnitude(), q.magnitude(), 1e-6);
      assertEquals(truth.origin().timeMicros(), q.origin().timeMicros());
      Map<String, Map<String, Long>> byStation = new TreeMap<>();
      for (Pick p : q.picks()) {
        byStation
            .computeIfAbsent(p.channel().stationId(), k -> new TreeMap<>())
            .put(p.phase(), p.timeMicros());
      }
      assertEquals(ids, byStation.keySet());
      for (var e : byStation.entrySet()) {
        long p = e.getValue().get("P");
        long s = e.getValue().get("S");
        assertTrue(q.origin().timeMicros() < p && p < s, e.getKey());
      }
    }
  }

  @Test
  void theArchiveHoldsExactlyThePlannedImperfections() throws IOException {
    ImperfectionPlan plan = ImperfectionPlan.read(first.resolve("imperfections.json"));
    assertEquals(summary.imperfections(), plan);
    Map<SourceId, List<Trace>> data = readArchive(first.resolve("continuous_waveforms"));
    assertEquals(20 * 6, data.size());
    Set<SourceId> flawed = new java.util.HashSet<>();
    for (Imperfection i : plan.imperfections()) {
      data.keySet().stream().filter(i::affects).forEach(flawed::add);
      if (i instanceof Imperfection.Gap g) {
        List<Trace> t = data.get(g.channel());
        assertEquals(0, samplesIn(t, g.startMicros(), g.endMicros()), g.describe());
        assertTrue(samplesIn(t, g.startMicros() - 1_000_000, g.startMicros()) > 0, g.describe());
        assertTrue(samplesIn(t, g.endMicros(), g.endMicros() + 1_000_000) > 0, g.describe());
      } else if (i instanceof Imperfection.StationOutage o) {
        data.entrySet().stream()
            .filter(e -> i.affects(e.getKey()))
            .forEach(e -> assertEquals(0, samplesIn(e.getValue(), o.startMicros(), o.endMicros())));
      } else if (i instanceof Imperfection.DeadChannel d) {
        int n = 0;
        for (Trace t : data.get(d.channel())) {
          for (int k = 0; k < t.size(); k++) {
            if (t.timeOf(k) >= d.startMicros() && t.timeOf(k) < d.endMicros()) {
              assertEquals(d.constantCounts(), t.samples()[k], d.describe());
              n++;
            }
          }
        }
        assertTrue(n > 0, d.describe());
      } else if (i instanceof Imperfection.ClippedChannel c) {
        for (Trace t : data.get(c.channel())) {
          for (double v : t.samples()) {
            assertTrue(Math.abs(v) <= c.clipCounts(), c.describe());
          }
        }
      }
    }
    for (var e : data.entrySet()) {
      String station = e.getKey().stationId();
      long offset = plan.timingOffsetMicros(station);
      boolean outage =
          plan.forStation(station).stream().anyMatch(i -> i instanceof Imperfection.StationOutage);
      if (!outage) {
        assertEquals(START + offset, e.getValue().get(0).startMicros(), e.getKey().toString());
      }
      if (!flawed.contains(e.getKey())) {
        // an untouched channel is one contiguous trace over the whole span
        assertEquals(1, e.getValue().size(), e.getKey().toString());
        assertEquals(60_000, e.getValue().get(0).size(), e.getKey().toString());
      }
    }
    assertTrue(plan.imperfections().stream().anyMatch(i -> i instanceof Imperfection.TimingOffset));
  }

  @Test
  void aScenarioAcrossMidnightWritesTwoDayFilesPerChannel(@TempDir Path dir) throws IOException {
    long start = Times.parse("2019-07-06T23:59:00Z");
    ScenarioSummary s =
        writer().write(request(3, start, 120_000_000L, 0, 2, ImperfectionLevel.NONE), dir);
    assertEquals(2 * 6 * 2, s.waveformFiles());
    Map<SourceId, List<Trace>> data = readArchive(dir.resolve("continuous_waveforms"));
    long midnight = Times.parse("2019-07-07");
    for (String sta : s.stations()) {
      SourceId id = SourceId.parse(sta + "..HHZ");
      Path day1 =
          dir.resolve(new ScedcDayFile(id, java.time.LocalDate.of(2019, 7, 6)).relativePath());
      Path day2 =
          dir.resolve(new ScedcDayFile(id, java.time.LocalDate.of(2019, 7, 7)).relativePath());
      List<Trace> before = MiniSeed.readTraces(day1);
      List<Trace> after = MiniSeed.readTraces(day2);
      assertEquals(start, before.get(0).startMicros());
      assertEquals(midnight, before.get(before.size() - 1).endMicros());
      assertEquals(midnight, after.get(0).startMicros());
      assertEquals(1, data.get(id).size(), "contiguous across midnight");
      assertEquals(12_000, data.get(id).get(0).size());
    }
    assertTrue(QuakeMl.read(dir.resolve("catalog.xml")).isEmpty());
  }

  @Test
  void aNonEmptyOutputFolderIsRefused(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("old.txt"), "x");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> writer().write(request(1, START, DURATION, 1, 2, ImperfectionLevel.NONE), dir));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
  }

  static ScenarioRequest request(
      long seed, long start, long duration, int events, int stations, ImperfectionLevel level) {
    return new ScenarioRequest(
        SharedData.path("stations/scedc_channel_epochs.txt"),
        "CI",
        start,
        duration,
        events,
        seed,
        "scedc",
        ScenarioOptions.defaults(),
        level,
        stations,
        List.of("test"),
        "quakegraph test");
  }

  private static ScenarioWriter writer() {
    return new ScenarioWriter(new PrintStream(new ByteArrayOutputStream()), 2, 10);
  }

  private static Map<SourceId, List<Trace>> readArchive(Path root) throws IOException {
    List<MiniSeedRecord> records = new ArrayList<>();
    for (Path f : ScenarioWriter.waveformFiles(root)) {
      MiniSeedFile ms = MiniSeed.read(f);
      assertTrue(ms.isClean(), f.toString());
      records.addAll(ms.records());
    }
    return Traces.assemble(records).stream()
        .collect(
            Collectors.groupingBy(
                Trace::id,
                () -> new TreeMap<>(java.util.Comparator.comparing(SourceId::toString)),
                Collectors.toList()));
  }

  private static int samplesIn(List<Trace> traces, long from, long to) {
    int n = 0;
    for (Trace t : traces) {
      n += TraceCuts.firstIndexAtOrAfter(t, to) - TraceCuts.firstIndexAtOrAfter(t, from);
    }
    return n;
  }

  private static Map<Path, byte[]> contents(Path root) throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void tracesAreSplitAtMidnightIntoTwoDayFiles() {
    long start = Times.parse("2019-07-06T23:59:58Z");
    Trace t = new Trace(SourceId.parse("CI.ABC..HHZ"), start, 100, new double[400]);
    List<Trace> parts = ScenarioWriter.splitAtFileEnds(t, ArchiveLayout.scedc());
    assertEquals(2, parts.size());
    assertEquals(200, parts.get(0).size());
    assertEquals(200, parts.get(1).size());
    assertEquals(Times.parse("2019-07-07"), parts.get(1).startMicros());
    assertEquals(
        "CIABC__HHZ___2019187.ms",
        ArchiveLayout.scedc().file(t.id(), parts.get(0).startMicros()).getFileName().toString());
    assertEquals(
        "CIABC__HHZ___2019188.ms",
        ArchiveLayout.scedc().file(t.id(), parts.get(1).startMicros()).getFileName().toString());
    // a flat archive keeps the whole span in one file
    ArchiveLayout flat = ArchiveLayout.flat(start, start + 4_000_000);
    assertEquals(1, ScenarioWriter.splitAtFileEnds(t, flat).size());
    assertEquals(
        Path.of("waveforms", "CI.ABC..HHZ__20190706T235958Z__20190707T000002Z.mseed"),
        flat.file(t.id(), start));
  }
}
