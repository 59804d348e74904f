package io.quakegraph.dataset;

import static org.junit.jupiter.api.Assertions.*;

import io.jhdf.HdfFile;
import io.quakegraph.SharedData;
import io.quakegraph.seismic.ComCatGeoJson;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Geodesy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder on the real 2018 M4.4 La Verne event folder (event.json catalogue, StationXML). */
class LaVerneDatasetTest {
  static final Path EVENT = SharedData.path("events/ci38038071_laverne_M4.4");
  static final Set<String> STATIONS = Set.of("CI.GR2", "AZ.HSSP", "CE.23178", "BK.TCAS", "BK.TRAY");

  @TempDir static Path tmp;
  static Path out;
  static DatasetBuilder.Summary summary;
  static EventSample sample;

  @BeforeAll
  static void build() throws Exception {
    out = tmp.resolve("laverne.h5");
    summary =
        new DatasetBuilder(64L << 20, 1, "test")
            .build(
                EVENT, EVENT.resolve("event.json"), EVENT, out, ModelInputSpec.DEFAULT, System.out);
    try (Hdf5SampleSource src = Hdf5SampleSource.open(out)) {
      assertEquals(1, src.count().getAsLong());
      sample = src.next().orElseThrow();
      assertTrue(src.next().isEmpty());
    }
    System.out.println(summary.describe());
    for (StationWaveform w : sample.stations()) {
      System.out.println(w + " dist " + distanceKm(sample.truth(), w));
    }
  }

  @Test
  void everyStationOfTheFolderIsInTheFile() throws Exception {
    Set<String> ids =
        sample.stations().stream().map(StationWaveform::stationId).collect(Collectors.toSet());
    assertEquals(STATIONS, ids);
    assertEquals(1, summary.eventsWritten());
    assertEquals(5, summary.stationWindows());
    assertTrue(Files.size(out) > 0);
  }

  @Test
  void labelsEqualEventJson() throws Exception {
    Earthquake expected = ComCatGeoJson.read(EVENT.resolve("event.json"));
    assertEquals(expected.eventId(), sample.eventId());
    assertEquals(expected.origin(), sample.truth().origin());
    assertEquals(expected.magnitude(), sample.truth().magnitude());
    assertEquals(expected.magnitudeType(), sample.truth().magnitudeType());
    assertEquals(
        ModelInputSpec.DEFAULT.windowStart(expected.origin().timeMicros()),
        sample.windowStartMicros());
  }

  @Test
  void shapesAndValuesAreSane() throws Exception {
    int t = ModelInputSpec.DEFAULT.samples();
    try (HdfFile h5 = new HdfFile(out)) {
      String group = "events/" + sample.eventId();
      int[] dims = h5.getDatasetByPath(group + "/waveforms").getDimensions();
      assertArrayEquals(new int[] {5, 3, t}, dims);
      assertArrayEquals(
          new int[] {5, 3, t}, h5.getDatasetByPath(group + "/observed").getDimensions());
      assertEquals(5, ((String[]) h5.getDatasetByPath("stations/station").getData()).length);
      assertEquals("m/s", h5.getAttribute("velocity_units").getData());
      assertEquals("test", h5.getAttribute("command_line").getData());
    }
    for (StationWaveform w : sample.stations()) {
      assertEquals(t, w.samples());
      for (float[] c : w.velocity()) {
        for (float v : c) {
          assertTrue(Float.isFinite(v), w.stationId());
        }
      }
      // The files start 10-30 s before the origin and last 3.5-7 min: most of the window is data.
      assertTrue(w.observedFraction() > 0.6f, w.toString());
      assertArrayEquals(new boolean[] {true, true, true}, w.componentPresent(), w.toString());
    }
  }

  @Test
  void peakVelocityIsPlausibleForM44() {
    // Order of magnitude only: a line falling as 1/R^1.3 through 7.5e-3 m/s at 10 km (roughly the
    // NGA-West2 median PGV of an M4.4), +-1.5 log10 units for site, radiation and scatter. A unit
    // error (counts, nm/s, acceleration) or a missed integration would be several units off.
    for (StationWaveform w : sample.stations()) {
      double pgv = w.peakVelocity();
      double d = distanceKm(sample.truth(), w);
      double reference = -2.125 - 1.3 * Math.log10(d / 10.0);
      double residual = Math.log10(pgv) - reference;
      assertTrue(
          Math.abs(residual) < 1.5,
          w.stationId() + " PGV " + pgv + " m/s at " + d + " km: residual " + residual);
    }
    // And the nearest station (CE.23178, 12 km) shakes most.
    StationWaveform nearest =
        sample.stations().stream()
            .min(java.util.Comparator.comparingDouble(w -> distanceKm(sample.truth(), w)))
            .orElseThrow();
    assertEquals("CE.23178", nearest.stationId());
    for (StationWaveform w : sample.stations()) {
      assertTrue(nearest.peakVelocity() >= w.peakVelocity(), w.stationId());
    }
  }

  @Test
  void aSecondBuildGivesTheSameBytes() throws Exception {
    Path again = tmp.resolve("again.h5");
    new DatasetBuilder(64L << 20, 1, "test")
        .build(EVENT, EVENT.resolve("event.json"), EVENT, again, ModelInputSpec.DEFAULT, null);
    assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(again));
  }

  static double distanceKm(Earthquake e, StationWaveform w) {
    return Geodesy.epicentralKm(
        e.origin().latitude(), e.origin().longitude(), w.latitude(), w.longitude());
  }
}
