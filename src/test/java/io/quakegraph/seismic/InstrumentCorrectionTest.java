package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstrumentCorrectionTest {
  private static final double FS = 100;
  private static final int N = 12_000; // 120 s
  private static final double F = 2.0;
  private static final double V0 = 3e-5; // m/s

  private static Channel channel(String code, Optional<Sensitivity> s) {
    SourceId id = SourceId.of("XX", "STA", "", code);
    return new Channel(id, 34, -118, 100, 0, 0, 0, FS, 0, Long.MAX_VALUE, s, Optional.empty());
  }

  private static double velocity(int i) {
    return V0 * Math.sin(2 * Math.PI * F * i / FS);
  }

  private static double acceleration(int i) {
    return V0 * 2 * Math.PI * F * Math.cos(2 * Math.PI * F * i / FS);
  }

  /**
   * Checks the last half (after start-up): the sinusoid at F fitted by least squares has the true
   * amplitude within 1 % (the high-pass only shifts its phase by a few degrees at 2 Hz), and what
   * is left after removing it (offset, drift, distortion) stays below 1 % of it.
   */
  private static void assertVelocity(double[] v) {
    double ss = 0;
    double cc = 0;
    double sc = 0;
    double sy = 0;
    double cy = 0;
    for (int i = N / 2; i < N; i++) {
      double s = Math.sin(2 * Math.PI * F * i / FS);
      double c = Math.cos(2 * Math.PI * F * i / FS);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      sy += s * v[i];
      cy += c * v[i];
    }
    double det = ss * cc - sc * sc;
    double a = (sy * cc - cy * sc) / det;
    double b = (cy * ss - sy * sc) / det;
    assertEquals(V0, Math.hypot(a, b), 0.01 * V0, "amplitude");
    for (int i = N / 2; i < N; i++) {
      double fit = a * Math.sin(2 * Math.PI * F * i / FS) + b * Math.cos(2 * Math.PI * F * i / FS);
      assertEquals(fit, v[i], 0.01 * V0, "residual at sample " + i);
    }
  }

  @Test
  void velocitySensorCountsBecomeMetresPerSecond() {
    double sens = 6.24237e8;
    Channel c = channel("BHN", Optional.of(new Sensitivity(sens, 0.03, "M/S", "COUNTS")));
    double[] counts = new double[N];
    for (int i = 0; i < N; i++) {
      counts[i] = Math.rint(velocity(i) * sens + 12345); // digitiser offset
    }
    Trace v = InstrumentCorrection.toVelocity(new Trace(c.id(), 0, FS, counts), c);
    assertVelocity(v.samples());
    assertEquals(c.id(), v.id());
  }

  @Test
  void accelerometerIsIntegratedWithoutDrift() {
    double sens = 213_000; // counts per m/s**2, a typical Episensor
    Channel c = channel("HNE", Optional.of(new Sensitivity(sens, 1, "M/S**2", "COUNTS")));
    double[] counts = new double[N];
    for (int i = 0; i < N; i++) {
      // offset plus a slow tilt: without the pre-integration high-pass it would drift quadratically
      counts[i] = acceleration(i) * sens + 800 + 0.002 * i;
    }
    Trace v = InstrumentCorrection.toVelocity(new Trace(c.id(), 0, FS, counts), c);
    assertVelocity(v.samples());
  }

  @Test
  void nanometreUnitsAreScaled() {
    Channel c = channel("HHZ", Optional.of(new Sensitivity(0.5, 1, "nm/s", "COUNTS")));
    double[] counts = new double[N];
    for (int i = 0; i < N; i++) {
      counts[i] = velocity(i) * 1e9 * 0.5;
    }
    Trace v = InstrumentCorrection.toVelocity(new Trace(c.id(), 0, FS, counts), c);
    assertVelocity(v.samples());
  }

  @Test
  void unknownUnitsFallBackToChannelCode() {
    Channel hn = channel("HNZ", Optional.of(new Sensitivity(1e5, 1, "gal-ish", "COUNTS")));
    Channel hh = channel("HHZ", Optional.of(new Sensitivity(1e9, 1, null, "COUNTS")));
    assertEquals(GroundMotion.ACCELERATION, InstrumentCorrection.groundMotion(hn));
    assertEquals(GroundMotion.VELOCITY, InstrumentCorrection.groundMotion(hh));
    // Units that are recognised win over the channel code.
    Channel odd = channel("HNZ", Optional.of(new Sensitivity(1e9, 1, "M/S", "COUNTS")));
    assertEquals(GroundMotion.VELOCITY, InstrumentCorrection.groundMotion(odd));
  }

  @Test
  void missingSensitivityNamesTheChannel() {
    Channel c = channel("HHZ", Optional.empty());
    Trace t = new Trace(c.id(), 0, FS, new double[100]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InstrumentCorrection.toVelocity(t, c));
    assertTrue(e.getMessage().contains("XX.STA..HHZ"), e.getMessage());
  }

  @Test
  void displacementAndUnknownSensorsAreRejected() {
    Channel d = channel("HHZ", Optional.of(new Sensitivity(1e9, 1, "M", "COUNTS")));
    Trace t = new Trace(d.id(), 0, FS, new double[100]);
    assertThrows(IllegalArgumentException.class, () -> InstrumentCorrection.toVelocity(t, d));
    Channel u = channel("HXZ", Optional.of(new Sensitivity(1e9, 1, "furlongs", "COUNTS")));
    Trace tu = new Trace(u.id(), 0, FS, new double[100]);
    assertThrows(IllegalArgumentException.class, () -> InstrumentCorrection.toVelocity(tu, u));
  }

  @Test
  void inventoryLookupExplainsWhatIsMissing() {
    Channel c = channel("HHZ", Optional.of(new Sensitivity(1e9, 1, "M/S", "COUNTS")));
    Inventory inv =
        new Inventory(List.of(new Station("XX", "STA", 34, -118, 100, "test", List.of(c))));
    Trace known = new Trace(c.id(), 0, FS, new double[100]);
    assertEquals(100, InstrumentCorrection.toVelocity(known, inv).size());
    Trace other = new Trace(SourceId.of("XX", "STA", "", "HHE"), 0, FS, new double[100]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> InstrumentCorrection.toVelocity(other, inv));
    assertTrue(e.getMessage().contains("XX.STA..HHE") && e.getMessage().contains("epoch"));
    Trace elsewhere = new Trace(SourceId.of("YY", "NOPE", "", "HHZ"), 0, FS, new double[100]);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> InstrumentCorrection.toVelocity(elsewhere, inv));
    assertTrue(e.getMessage().contains("YY.NOPE not in inventory"), e.getMessage());
  }

  @Test
  void unitScales() {
    assertEquals(1, InstrumentCorrection.unitScale("M/S"));
    assertEquals(1e-9, InstrumentCorrection.unitScale("nm/s"));
    assertEquals(1e-2, InstrumentCorrection.unitScale("cm/s**2"));
    assertEquals(1e-3, InstrumentCorrection.unitScale("mm/s"));
  }
}
