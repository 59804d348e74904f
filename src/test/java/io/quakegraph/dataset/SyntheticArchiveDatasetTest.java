package io.quakegraph.dataset;

import static org.junit.jupiter.api.Assertions.*;

import io.jhdf.HdfFile;
import io.quakegraph.SharedData;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.QuakeMl;
import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The builder on a small synthetic SCEDC-layout archive written by the scenario writer. */
class SyntheticArchiveDatasetTest {
  static final ModelInputSpec SPEC = new ModelInputSpec(50, 10, 40, 20, 0.5);

  @TempDir static Path tmp;
  static Path scenario;
  static List<Earthquake> catalog;
  static List<EventSample> samples = new ArrayList<>();
  static DatasetBuilder.Summary summary;
  static Path out;

  @BeforeAll
  static void buildArchiveAndDataset() throws Exception {
    scenario = tmp.resolve("scenario");
    ScenarioRequest request =
        new ScenarioRequest(
            SharedData.path("stations/scedc_channel_epochs.txt"),
            "CI",
            Times.parse("2018-03-01T00:00:00Z"),
            15 * 60_000_000L,
            3,
            21,
            "scedc",
            ScenarioOptions.defaults().toBuilder().minMagnitude(3.0).maxMagnitude(4.0).build(),
            ImperfectionLevel.NONE,
            5,
            List.of("test"),
            "quakegraph test");
    new ScenarioWriter(new PrintStream(new ByteArrayOutputStream()), 2, 60)
        .write(request, scenario);
    catalog = QuakeMl.read(scenario.resolve("catalog.xml"));
    out = tmp.resolve("synthetic.h5");
    summary =
        new DatasetBuilder(64L << 20, 1, "test")
            .build(
                scenario.resolve("continuous_waveforms"),
                scenario.resolve("catalog.xml"),
                scenario.resolve("stations"),
                out,
                SPEC,
                null);
    try (Hdf5SampleSource src = Hdf5SampleSource.open(out)) {
      while (true) {
        var s = src.next();
        if (s.isEmpty()) {
          break;
        }
        samples.add(s.get());
      }
    }
  }

  @Test
  void everyCatalogueEventIsInTheFile() {
    assertEquals(3, catalog.size());
    assertEquals(
        catalog.stream().map(Earthquake::eventId).sorted().toList(),
        samples.stream().map(EventSample::eventId).sorted().toList());
    assertEquals(3, summary.eventsWritten());
    assertEquals(0, summary.skipped().size(), summary.skippedDescription());
    for (EventSample s : samples) {
      assertEquals(5, s.stations().size(), s.toString());
      for (StationWaveform w : s.stations()) {
        // The synthetic stations have HH? and HN?: the broadband wins.
        assertTrue(w.channelsUsed().endsWith("HHE,HHN,HHZ"), w.channelsUsed());
      }
    }
  }

  @Test
  void firstArrivalsEqualTheCataloguePicks() {
    Map<String, Earthquake> byId =
        catalog.stream().collect(Collectors.toMap(Earthquake::eventId, e -> e));
    for (EventSample s : samples) {
      Earthquake eq = byId.get(s.eventId());
      assertEquals(eq.origin(), s.truth().origin());
      assertEquals(eq.magnitude(), s.truth().magnitude());
      Map<String, Long> p = new HashMap<>();
      Map<String, Long> sp = new HashMap<>();
      for (Pick pick : eq.picks()) {
        (pick.phase().equals("P") ? p : sp)
            .merge(pick.channel().stationId(), pick.timeMicros(), Math::min);
      }
      for (int i = 0; i < s.stations().size(); i++) {
        String id = s.stations().get(i).stationId();
        assertEquals((p.get(id) - s.windowStartMicros()) / 1e6, s.firstP()[i], 1e-9, id);
        assertEquals((sp.get(id) - s.windowStartMicros()) / 1e6, s.firstS()[i], 1e-9, id);
      }
    }
  }

  @Test
  void provenanceNamesTheInputsAndCounts() throws Exception {
    try (HdfFile h5 = new HdfFile(out)) {
      assertEquals(
          scenario.resolve("catalog.xml").toString(), h5.getAttribute("catalog").getData());
      assertEquals("QUAKEML", h5.getAttribute("catalog_format").getData());
      assertEquals(3L, ((Number) h5.getAttribute("events_written").getData()).longValue());
      assertEquals(15L, ((Number) h5.getAttribute("station_windows").getData()).longValue());
      assertEquals("{}", h5.getAttribute("skipped").getData());
      assertEquals(DatasetBuilder.BUILDER_VERSION, h5.getAttribute("builder_version").getData());
    }
    assertTrue(summary.miniSeedBytesRead() > 0);
  }

  @Test
  void recordSearchReadsTheSameRecordsAsWholeFileReads() throws Exception {
    Path root = scenario.resolve("continuous_waveforms");
    SkipTally skips = new SkipTally();
    WaveformArchive searched = WaveformArchive.index(root, skips, 0).withSeekThreshold(0);
    WaveformArchive whole = WaveformArchive.index(root, skips, 0).withSeekThreshold(Long.MAX_VALUE);
    Earthquake eq = catalog.get(1);
    long from = eq.origin().timeMicros() - 20_000_000L;
    long to = eq.origin().timeMicros() + 30_000_000L;
    int compared = 0;
    for (String station : whole.stationIds()) {
      var a = searched.segments(station, from, to);
      var b = whole.segments(station, from, to);
      assertFalse(b.isEmpty(), station);
      assertEquals(b.keySet(), a.keySet(), station);
      for (var id : b.keySet()) {
        // Whole-file reads return every record of the file; trimmed to the window they agree.
        assertEquals(trimmed(b.get(id), from, to), trimmed(a.get(id), from, to), id.toString());
        compared++;
      }
    }
    assertTrue(compared >= 15);
    // The search reads only the records around the window, far less than the files.
    assertTrue(
        searched.bytesRead() < whole.bytesRead(),
        searched.bytesRead() + " vs " + whole.bytesRead());
    assertEquals(0, skips.total(), skips.describe());
  }

  private static List<io.quakegraph.seismic.Trace> trimmed(
      List<io.quakegraph.seismic.Trace> traces, long from, long to) {
    return traces.stream()
        .map(t -> StationWindowCutter.trim(t, from, to))
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  @Test
  void commandBuildsTheSameDataset() throws Exception {
    Path again = tmp.resolve("cli.h5");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    CommandLine cl = new CommandLine(new io.quakegraph.cli.DatasetCommand());
    cl.setOut(new java.io.PrintWriter(text, true));
    int code =
        cl.execute(
            "--archive",
            scenario.resolve("continuous_waveforms").toString(),
            "--catalog",
            scenario.resolve("catalog.xml").toString(),
            "--inventory",
            scenario.resolve("stations").toString(),
            "--out",
            again.toString(),
            "--rate",
            "50",
            "--before",
            "10",
            "--after",
            "40",
            "--pad",
            "20");
    assertEquals(0, code, text.toString());
    String printed = text.toString();
    assertTrue(printed.contains("events: 3 written of 3"), printed);
    assertTrue(printed.contains("station windows: 15"), printed);
    List<EventSample> viaCli = new ArrayList<>();
    try (Hdf5SampleSource src = Hdf5SampleSource.open(again)) {
      while (true) {
        var s = src.next();
        if (s.isEmpty()) {
          break;
        }
        viaCli.add(s.get());
      }
    }
    assertEquals(samples, viaCli);
  }

  @Test
  void missingCatalogueIsAnError() {
    CommandLine cl = new CommandLine(new io.quakegraph.cli.DatasetCommand());
    cl.setErr(new java.io.PrintWriter(new ByteArrayOutputStream(), true));
    int code =
        cl.execute(
            "--archive", scenario.toString(),
            "--catalog", tmp.resolve("nope.xml").toString(),
            "--inventory", scenario.resolve("stations").toString(),
            "--out", tmp.resolve("x.h5").toString());
    assertNotEquals(0, code);
  }
}
