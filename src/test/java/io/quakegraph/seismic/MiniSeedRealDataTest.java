package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real waveform file in the shared data reads cleanly, with the channel its name says. */
class MiniSeedRealDataTest {
  /** Event files: {@code NET.STA.LOC.CHA[__...].mseed}. */
  private static final Pattern EVENT_NAME =
      Pattern.compile("([A-Z0-9]+)\\.([A-Z0-9]+)\\.([A-Z0-9]*)\\.([A-Z0-9]{3}).*\\.mseed");

  /** SCEDC day files: {@code NETSTA_CHA_LOC_YYYYDDD.ms}, station padded to 5 with '_'. */
  private static final Pattern DAY_NAME =
      Pattern.compile("([A-Z]{2})([A-Z0-9_]{5})([A-Z0-9]{3})([A-Z0-9_]{3})(\\d{4})(\\d{3})\\.ms");

  static Stream<Path> waveformFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(SharedData.path("events"))) {
      files = s.filter(p -> p.toString().endsWith(".mseed")).sorted().toList();
    }
    List<Path> days;
    try (Stream<Path> s = Files.list(SharedData.path("continuous"))) {
      days = s.filter(p -> p.toString().endsWith(".ms")).sorted().toList();
    }
    assertTrue(files.size() >= 35, "event waveform files found: " + files.size());
    assertEquals(4, days.size());
    return Stream.concat(files.stream(), days.stream());
  }

  @ParameterizedTest
  @MethodSource("waveformFiles")
  void readsWithoutProblems(Path file) throws IOException {
    MiniSeedFile f = MiniSeed.read(file);
    assertEquals(List.of(), f.problems(), file.toString());
    assertFalse(f.records().isEmpty());
    Traces.AssembleResult res = Traces.assembleWithCounts(f.records());
    assertFalse(res.traces().isEmpty());
    assertEquals(0, res.duplicates(), file.toString());
    SourceId expected = expectedId(file.getFileName().toString());
    for (Trace t : res.traces()) {
      assertEquals(expected, t.id(), file.toString());
      assertSaneRate(t);
      for (double v : t.samples()) {
        assertEquals(Math.rint(v), v, 0.0, "raw counts are integers");
      }
    }
    int total = f.records().stream().mapToInt(MiniSeedRecord::sampleCount).sum();
    assertEquals(total, res.traces().stream().mapToInt(Trace::size).sum());
    for (MiniSeedRecord r : f.records()) {
      assertEquals(2, r.formatVersion());
      assertTrue(r.bigEndian());
      assertTrue(r.encoding() == Encoding.STEIM1 || r.encoding() == Encoding.STEIM2);
      assertTrue(r.recordLength() == 512 || r.recordLength() == 4096, "" + r.recordLength());
    }
  }

  @Test
  void dayFilesCoverTheWholeDay() throws IOException {
    for (String name : List.of("CICCA__BHN___2022002.ms", "CIHEC__BHN___2022002.ms")) {
      List<Trace> traces = MiniSeed.readTraces(SharedData.path("continuous/" + name));
      assertEquals(1, traces.size(), name);
      Trace t = traces.get(0);
      assertEquals(40.0, t.sampleRate(), 0.0);
      long dayStart = Times.parse("2022-01-02T00:00:00Z");
      assertTrue(Math.abs(t.startMicros() - dayStart) < 25_000, Times.format(t.startMicros()));
      assertEquals(86_400 * 40, t.size(), name);
    }
  }

  private static SourceId expectedId(String name) {
    Matcher m = EVENT_NAME.matcher(name);
    if (m.matches()) {
      return SourceId.of(m.group(1), m.group(2), m.group(3), m.group(4));
    }
    m = DAY_NAME.matcher(name);
    if (m.matches()) {
      return SourceId.of(
          m.group(1), m.group(2).replace("_", ""), m.group(4).replace("_", ""), m.group(3));
    }
    throw new AssertionError("unexpected waveform file name " + name);
  }

  /** The SEED band code bounds the sample rate (H up to 250 Hz, as real HN data uses). */
  private static void assertSaneRate(Trace t) {
    double r = t.sampleRate();
    char band = t.id().channel().charAt(0);
    boolean ok =
        switch (band) {
          case 'H', 'E' -> r >= 80 && r <= 250;
          case 'B' -> r >= 10 && r < 80;
          case 'L' -> r > 0.5 && r < 2;
          default -> false;
        };
    assertTrue(ok, t.id() + " at " + r + " Hz");
  }
}
