package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Geodesy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointSourceFitTest {
  private static final long ORIGIN = 1_562_382_000_000_000L;
  private static final double[][] SITES = {
    {34.10, -118.17}, {34.05, -117.26}, {33.62, -117.93}, {34.42, -118.58},
    {33.97, -116.90}, {34.55, -117.60}, {33.50, -117.10}, {34.85, -118.20},
    {33.75, -118.40}, {34.30, -117.05}
  };

  /** Onsets in the fit's own homogeneous crust from a source at (lat, lon). */
  private static List<TriggerOnset> picks(double lat, double lon) {
    List<TriggerOnset> out = new ArrayList<>();
    for (int i = 0; i < SITES.length; i++) {
      double tt = PointSourceFit.travelTimeS(lat, lon, SITES[i][0], SITES[i][1]);
      out.add(
          new TriggerOnset("CI.S" + i, SITES[i][0], SITES[i][1], ORIGIN + Math.round(tt * 1e6)));
    }
    return out;
  }

  @Test
  void recoversTheSourceOfConsistentOnsets() {
    for (double[] src : new double[][] {{34.07, -117.75}, {33.80, -117.30}, {34.60, -118.30}}) {
      PointSourceFit fit = PointSourceFit.of(picks(src[0], src[1]), 150);
      double missKm = Geodesy.epicentralKm(src[0], src[1], fit.latitude(), fit.longitude());
      assertTrue(missKm <= PointSourceFit.GRID_KM, "epicentre off by " + missKm + " km");
      // A node of the 5 km grid is within 3.5 km of the source: up to ~0.6 s of travel time.
      assertTrue(fit.maxAbsResidualS() < 0.6, "residual " + fit.maxAbsResidualS());
      assertEquals(ORIGIN, fit.originMicros(), 0.5e6);
    }
  }

  @Test
  void aLateOnsetIsTheWorstResidual() {
    List<TriggerOnset> p = picks(34.07, -117.75);
    TriggerOnset late = p.get(4);
    p.set(
        4,
        new TriggerOnset(
            late.stationId(), late.latitude(), late.longitude(), late.onsetMicros() + 6_000_000));
    PointSourceFit fit = PointSourceFit.of(p, 150);
    assertEquals(4, fit.worst());
    assertTrue(fit.maxAbsResidualS() > 3, "residual " + fit.maxAbsResidualS());
  }
}
