package io.quakegraph.dataset;

import static org.junit.jupiter.api.Assertions.*;

import io.quakegraph.SharedData;
import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.Sensitivity;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sensor choice, rotation to Z/N/E, gap marking, and skipping of bad archive content. */
class ConditioningTest {
  static final Sensitivity VEL = new Sensitivity(6.3e8, 1, "m/s", "counts");

  static Channel channel(String loc, String code, double az, double dip, double rate) {
    return new Channel(
        new SourceId("XX", "STA", loc, code),
        34,
        -118,
        100,
        0,
        az,
        dip,
        rate,
        0,
        Long.MAX_VALUE,
        Optional.of(VEL),
        Optional.empty());
  }

  /** What a channel with this axis records of ground motion g = (up, north, east). */
  static double[] project(Channel c, double[][] g) {
    double[] a = ZneRotation.axis(c);
    double[] u = new double[g[0].length];
    for (int i = 0; i < u.length; i++) {
      u[i] = a[0] * g[0][i] + a[1] * g[1][i] + a[2] * g[2][i];
    }
    return u;
  }

  static double[][] motion(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] g = new double[3][n];
    for (double[] c : g) {
      for (int i = 0; i < n; i++) {
        c[i] = r.nextGaussian();
      }
    }
    return g;
  }

  static boolean[][] allObserved(int channels, int n) {
    boolean[][] m = new boolean[channels][n];
    for (boolean[] b : m) {
      java.util.Arrays.fill(b, true);
    }
    return m;
  }

  @Test
  void aVerticalCodedOneAndRotatedHorizontalsComeOutAsZne() {
    // BK.TCAS.40: BH1 vertical, BH2 at 175°, BH3 at 265°.
    List<Channel> set =
        List.of(
            channel("40", "BH1", 0, -90, 40),
            channel("40", "BH2", 175, 0, 40),
            channel("40", "BH3", 265, 0, 40));
    double[][] g = motion(200, 1);
    double[][] u = set.stream().map(c -> project(c, g)).toArray(double[][]::new);
    ZneRotation.Components out = ZneRotation.toZne(set, u, allObserved(3, 200));
    assertTrue(out.rotated());
    for (int c = 0; c < 3; c++) {
      assertTrue(out.present()[c]);
      for (int i = 0; i < 200; i++) {
        assertEquals(g[c][i], out.zne()[c][i], 1e-9);
      }
    }
  }

  @Test
  void standardZneIsLeftAlone() {
    List<Channel> set =
        List.of(
            channel("", "HHE", 90, 0, 100),
            channel("", "HHN", 0, 0, 100),
            channel("", "HHZ", 0, -90, 100));
    double[][] g = motion(50, 2);
    double[][] u = set.stream().map(c -> project(c, g)).toArray(double[][]::new);
    ZneRotation.Components out = ZneRotation.toZne(set, u, allObserved(3, 50));
    assertFalse(out.rotated());
    // Copied, not mixed: each output is exactly what its channel recorded.
    assertArrayEquals(u[2], out.zne()[0], 0);
    assertArrayEquals(u[1], out.zne()[1], 0);
    assertArrayEquals(u[0], out.zne()[2], 0);
    assertArrayEquals(g[0], out.zne()[0], 1e-12);
  }

  @Test
  void twoObliqueHorizontalsWithoutVerticalAreSolvedAndAMissingSampleSpreads() {
    List<Channel> set = List.of(channel("", "EH1", 30, 0, 100), channel("", "EH2", 120, 0, 100));
    double[][] g = motion(40, 3);
    double[][] u = set.stream().map(c -> project(c, g)).toArray(double[][]::new);
    boolean[][] observed = allObserved(2, 40);
    observed[0][7] = false;
    ZneRotation.Components out = ZneRotation.toZne(set, u, observed);
    assertArrayEquals(new boolean[] {false, true, true}, out.present());
    for (int i = 0; i < 40; i++) {
      if (i == 7) {
        // Both N and E mix EH1: neither is observed there, and both are zeroed.
        assertFalse(out.observed()[1][i] || out.observed()[2][i]);
        assertEquals(0, out.zne()[1][i]);
        continue;
      }
      assertEquals(g[1][i], out.zne()[1][i], 1e-9);
      assertEquals(g[2][i], out.zne()[2][i], 1e-9);
    }
  }

  @Test
  void unknownOrientationIsStoredUnrotatedWithANote() {
    List<Channel> set =
        List.of(
            channel("", "HH1", Double.NaN, Double.NaN, 100),
            channel("", "HH2", Double.NaN, Double.NaN, 100),
            channel("", "HHZ", Double.NaN, Double.NaN, 100));
    double[][] u = motion(10, 4);
    ZneRotation.Components out = ZneRotation.toZne(set, u, allObserved(3, 10));
    assertArrayEquals(u[2], out.zne()[0], 0);
    assertArrayEquals(u[0], out.zne()[1], 0);
    assertArrayEquals(u[1], out.zne()[2], 0);
    assertEquals(2, out.notes().size(), out.notes().toString());
  }

  @Test
  void aCompleteSensorBeatsAPreferredIncompleteOne() {
    List<Channel> channels = new ArrayList<>();
    channels.add(channel("", "HHZ", 0, -90, 100));
    for (String c : new String[] {"BHZ", "BHN", "BHE"}) {
      channels.add(channel("", c, c.endsWith("E") ? 90 : 0, c.endsWith("Z") ? -90 : 0, 40));
    }
    for (String c : new String[] {"HNZ", "HNN", "HNE"}) {
      channels.add(channel("01", c, c.endsWith("E") ? 90 : 0, c.endsWith("Z") ? -90 : 0, 100));
    }
    channels.add(channel("", "LHZ", 0, -90, 1));
    Station st = new Station("XX", "STA", 34, -118, 100, "", channels);
    List<SourceId> all = channels.stream().map(Channel::id).toList();
    ChannelSetSelector sel = new ChannelSetSelector(50);
    assertEquals("BH", sel.select(st, all, 10).orElseThrow().bandInstrument());
    // Without BH data the accelerometer (complete) wins over the lone HHZ.
    List<SourceId> noBh = all.stream().filter(id -> !id.channel().startsWith("BH")).toList();
    assertEquals("HN", sel.select(st, noBh, 10).orElseThrow().bandInstrument());
    // A 1 Hz channel alone is never used.
    assertTrue(sel.select(st, List.of(new SourceId("XX", "STA", "", "LHZ")), 10).isEmpty());
  }

  @Test
  void shortGapsCountAsObservedLongOnesAreZeroed() {
    double[] x = {1, 2, 9, 9, 5, 9, 9, 9, 9, 6};
    boolean[] m = {true, true, false, false, true, false, false, false, false, true};
    StationWindowCutter.markShortGapsObserved(x, m, 2);
    assertArrayEquals(
        new boolean[] {true, true, true, true, true, false, false, false, false, true}, m);
    assertArrayEquals(new double[] {1, 2, 9, 9, 5, 0, 0, 0, 0, 6}, x);
  }

  @Test
  void badFilesAndUnknownStationsAreSkippedAndCounted(@TempDir Path tmp) throws Exception {
    Path src = SharedData.path("events/ci38038071_laverne_M4.4");
    Path dir = Files.createDirectory(tmp.resolve("event"));
    try (var files = Files.list(src)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        // CI.GR2 with its StationXML; AZ.HSSP waveforms without theirs.
        if (n.startsWith("CI.GR2")
            || (n.startsWith("AZ.HSSP") && n.endsWith(".mseed"))
            || n.equals("event.json")) {
          Files.copy(f, dir.resolve(n));
        }
      }
    }
    Files.writeString(
        dir.resolve("notes.bin"), "this is not miniSEED at all, just some words to fill 64 bytes.");
    Path out = tmp.resolve("out.h5");
    DatasetBuilder.Summary s =
        new DatasetBuilder()
            .build(dir, dir.resolve("event.json"), dir, out, ModelInputSpec.DEFAULT, null);
    assertEquals(1, s.eventsWritten());
    assertEquals(1, s.stationWindows());
    assertEquals(
        Integer.valueOf(1), s.skipped().get("not a miniSEED file"), s.skippedDescription());
    assertEquals(
        Integer.valueOf(1), s.skipped().get("station not in inventory"), s.skippedDescription());
    try (Hdf5SampleSource h5 = Hdf5SampleSource.open(out)) {
      EventSample e = h5.next().orElseThrow();
      // GR2 has BH? (broadband) and HN? (loc 01): the broadband is used.
      assertEquals("CI.GR2..BHE,BHN,BHZ", e.stations().get(0).channelsUsed());
    }
    try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(out)) {
      String skipped = (String) f.getAttribute("skipped").getData();
      assertTrue(skipped.contains("\"station not in inventory\":1"), skipped);
    }
  }

  @Test
  void aFileThatIsNotADatasetIsAClearError(@TempDir Path tmp) throws Exception {
    Path junk = Files.writeString(tmp.resolve("x.h5"), "not hdf5");
    java.io.IOException e =
        assertThrows(java.io.IOException.class, () -> Hdf5SampleSource.open(junk));
    assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
  }
}
