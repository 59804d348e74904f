package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalMagnitudeTest {

  @Test
  void huttonBooreAnchors() {
    assertEquals(3.0, LocalMagnitude.huttonBoore(1.0, 100), 1e-12);
    // Hutton & Boore anchor: 10 mm at 17 km is about ML 3.
    assertEquals(3.0, LocalMagnitude.huttonBoore(10.0, 17), 0.02);
    assertEquals(3.0, LocalMagnitude.minusLogA0(100), 1e-12);
  }

  @Test
  void agreesWithIaspeiNanometreForm() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      double r = 10 + rnd.nextDouble() * 590;
      double aMm = Math.pow(10, -3 + 6 * rnd.nextDouble());
      double aNm = aMm / WoodAnderson.MAGNIFICATION * 1e6;
      double iaspei = Math.log10(aNm) + 1.11 * Math.log10(r) + 0.00189 * r - 2.09;
      assertEquals(iaspei, LocalMagnitude.huttonBoore(aMm, r), 0.01, "r=" + r + " A=" + aMm);
    }
  }

  @Test
  void tenfoldAmplitudeIsOneMagnitudeUnit() {
    assertEquals(
        1.0, LocalMagnitude.huttonBoore(20, 55) - LocalMagnitude.huttonBoore(2, 55), 1e-12);
  }

  @Test
  void componentAndStationMagnitudeFromSimulatedTraces() {
    SourceId n = SourceId.of("XX", "STA", "", "HHN");
    SourceId e = SourceId.of("XX", "STA", "", "HHE");
    double[] xn = new double[2000];
    double[] xe = new double[2000];
    for (int i = 0; i < xn.length; i++) {
      xn[i] = 4.0 * Math.sin(2 * Math.PI * i / 50.0);
      xe[i] = 0.4 * Math.sin(2 * Math.PI * i / 50.0);
    }
    Trace wn = new Trace(n, 0, 100, xn);
    Trace we = new Trace(e, 0, 100, xe);
    double r = 40;
    double mn = LocalMagnitude.componentMagnitude(wn, r);
    double me = LocalMagnitude.componentMagnitude(we, r);
    assertEquals(LocalMagnitude.huttonBoore(4.0, r), mn, 1e-3);
    assertEquals(1.0, mn - me, 1e-3);
    assertEquals((mn + me) / 2, LocalMagnitude.stationMagnitude(wn, we, r), 1e-12);
  }

  @Test
  void eventMagnitudeIsMedian() {
    assertEquals(3.2, LocalMagnitude.eventMagnitude(List.of(3.5, 3.2, 1.0)), 1e-12);
    assertEquals(3.35, LocalMagnitude.eventMagnitude(List.of(3.5, 3.2, 9.0, 1.0)), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> LocalMagnitude.eventMagnitude(List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> LocalMagnitude.eventMagnitude(List.of(Double.NaN)));
  }

  @Test
  void invalidInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> LocalMagnitude.huttonBoore(0, 50));
    assertThrows(IllegalArgumentException.class, () -> LocalMagnitude.huttonBoore(1, 0));
    Trace flat = new Trace(SourceId.of("XX", "S", "", "HHN"), 0, 100, new double[100]);
    assertThrows(IllegalArgumentException.class, () -> LocalMagnitude.componentMagnitude(flat, 50));
  }

  @Test
  void hypocentralDistance() {
    // One degree of latitude on a 6371 km sphere is 111.195 km.
    double d = LocalMagnitude.hypocentralDistanceKm(34, -118, 0, 35, -118, 0);
    assertEquals(111.195, d, 0.01);
    // Depth 10 km below sea level, station 1000 m up: 11 km vertical leg.
    assertEquals(11.0, LocalMagnitude.hypocentralDistanceKm(34, -118, 10, 34, -118, 1000), 1e-9);
  }
}
