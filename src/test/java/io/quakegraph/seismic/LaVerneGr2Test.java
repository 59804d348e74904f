package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real-data check of the counts-to-velocity chain on the 2018-08-29 M4.4 La Verne earthquake
 * recorded at CI.GR2 (Griffith Observatory, 48 km west), which has an STS-2.5 broadband (BH?,
 * location "") and a Kinematics EpiSensor ES-DH accelerometer (HN?, location "01").
 *
 * <p>The two sensors are not co-located in depth: StationXML puts the EpiSensor ("ES-DH" =
 * down-hole) 100 m down a borehole, the broadband at the surface. Above about 1 Hz the surface
 * records the free-surface doubling and near-surface amplification the borehole does not see
 * (measured surface/borehole spectral ratio about 1.0 below 0.5 Hz, rising to 2-4 on the
 * horizontals between 1.5 and 3 Hz), so the waveforms legitimately differ there. The agreement test
 * therefore compares the two after a 0.2-1 Hz band-pass, where the wavelengths (&gt;= 1 km) dwarf
 * the 100 m depth difference and both sensors must see the same ground motion if units,
 * sensitivities, orientation, integration and resampling are right; the 0.5-5 Hz figures are
 * printed for the record.
 */
class LaVerneGr2Test {
  private static final String DIR = "events/ci38038071_laverne_M4.4";
  private static final String SPAN = "__20180829T023318Z__20180829T023648Z.mseed";
  private static final double RATE = 40;

  private static Inventory inventory;
  private static long originMicros;
  private static double catalogMagnitude;
  private static double eventLat;
  private static double eventLon;
  private static double eventDepthKm;

  @BeforeAll
  static void load() throws IOException {
    Path dir = SharedData.path(DIR);
    inventory = StationXml.read(dir.resolve("CI.GR2.xml"));
    JsonNode event = new ObjectMapper().readTree(dir.resolve("event.json").toFile());
    originMicros = event.path("properties").path("time").asLong() * 1000L;
    catalogMagnitude = event.path("properties").path("mag").asDouble();
    JsonNode c = event.path("geometry").path("coordinates");
    eventLon = c.get(0).asDouble();
    eventLat = c.get(1).asDouble();
    eventDepthKm = c.get(2).asDouble();
    assertEquals(Times.parse("2018-08-29T02:33:28.33Z"), originMicros);
  }

  private static Trace counts(String location, String channel) throws IOException {
    String name = "CI.GR2." + location + "." + channel + SPAN;
    List<Trace> segments = MiniSeed.readTraces(SharedData.path(DIR).resolve(name));
    assertEquals(1, segments.size(), name + " should be one contiguous segment");
    return segments.get(0);
  }

  /** Ground velocity on the common 40 Hz grid through the origin time. */
  private static Trace velocity(String location, String channel) throws IOException {
    Trace v = InstrumentCorrection.toVelocity(counts(location, channel), inventory);
    return Resampler.resample(v, RATE, originMicros);
  }

  /** Samples of {@code t} in [from, from + seconds) on its grid. */
  private static double[] window(Trace t, long from, double seconds) {
    int i0 = (int) t.indexOf(from);
    assertEquals(from, t.timeOf(i0), 1.0, "window start must be on the grid");
    int n = (int) Math.round(seconds * t.sampleRate());
    assertTrue(i0 >= 0 && i0 + n <= t.size(), "window outside " + t);
    double[] w = new double[n];
    System.arraycopy(t.samples(), i0, w, 0, n);
    return w;
  }

  private static double correlation(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static double peak(double[] a) {
    double p = 0;
    for (double v : a) {
      p = Math.max(p, Math.abs(v));
    }
    return p;
  }

  /** {correlation, broadband/accelerometer peak ratio} for one component in one band. */
  private static double[] compare(char component, double lowHz, double highHz) throws IOException {
    Butterworth bp = Butterworth.bandPass(4, lowHz, highHz, RATE);
    Trace bh = bp.filtfilt(velocity("", "BH" + component));
    Trace hn = bp.filtfilt(velocity("01", "HN" + component));
    // From the origin through P (~8 s), S (~14 s) and the surface-wave coda: 80 s.
    double[] a = window(bh, originMicros, 80);
    double[] b = window(hn, originMicros, 80);
    return new double[] {correlation(a, b), peak(a) / peak(b)};
  }

  @Test
  void surfaceBroadbandAndBoreholeAccelerometerRecordTheSameVelocity() throws IOException {
    List<String> failures = new ArrayList<>();
    for (char c : new char[] {'Z', 'N', 'E'}) {
      double[] low = compare(c, 0.2, 1.0);
      double[] high = compare(c, 0.5, 5.0);
      System.out.printf(
          "CI.GR2 BH%c vs 01.HN%c: 0.2-1 Hz corr %.3f peak ratio %.3f | 0.5-5 Hz corr %.3f peak"
              + " ratio %.3f (not asserted: 100 m borehole vs surface)%n",
          c, c, low[0], low[1], high[0], high[1]);
      if (low[0] < 0.9) {
        failures.add(c + ": correlation " + low[0]);
      }
      if (low[1] > 1.5 || low[1] < 1 / 1.5) {
        failures.add(c + ": peak ratio " + low[1]);
      }
    }
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void woodAndersonLocalMagnitudeIsNearCatalog() throws IOException {
    Station s = inventory.station("CI.GR2").orElseThrow();
    double r =
        LocalMagnitude.hypocentralDistanceKm(
            eventLat, eventLon, eventDepthKm, s.latitude(), s.longitude(), s.elevationM());
    List<Double> ml = new ArrayList<>();
    for (String ch : new String[] {"BHN", "BHE"}) {
      Trace v = InstrumentCorrection.toVelocity(counts("", ch), inventory);
      Trace wa = WoodAnderson.fromVelocity(v);
      double m = LocalMagnitude.componentMagnitude(wa, r);
      System.out.printf(
          "CI.GR2 %s: Wood-Anderson peak %.1f mm at r = %.1f km -> ML %.2f%n",
          ch, WoodAnderson.peakAmplitudeMm(wa), r, m);
      ml.add(m);
    }
    double event = LocalMagnitude.eventMagnitude(ml);
    System.out.printf(
        "CI.GR2 ML %.2f (median of N, E; no SCSN station correction) vs catalog M%.2f%n",
        event, catalogMagnitude);
    assertEquals(48.8, r, 0.5, "hypocentral distance");
    assertEquals(catalogMagnitude, event, 0.5);
  }
}
