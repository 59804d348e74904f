package io.quakegraph.model.fusion;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Inverse-variance fusion of the network's magnitude with ML, and when ML is not evidence. */
class MagnitudeFusionTest {
  private final MagnitudeFusion fusion = new MagnitudeFusion(0.2);

  @Test
  void weightsByInverseVariance() {
    // ML variance 0.15^2 + 0.2^2 = 0.0625 = 0.25^2, the prior's 0.25^2 too: the midpoint
    double[] m = fusion.fuse(4.0, 0.25, 4.4, 0.15, 5, true);
    assertEquals(4.2, m[0], 1e-9);
    assertEquals(0.25 / Math.sqrt(2), m[1], 1e-9);
  }

  @Test
  void pWaveAmplitudesOrASingleStationAreNotEvidence() {
    assertArrayEquals(new double[] {4.0, 0.3}, fusion.fuse(4.0, 0.3, 3.1, 0.2, 6, false));
    assertArrayEquals(new double[] {4.0, 0.3}, fusion.fuse(4.0, 0.3, 3.1, 0.2, 1, true));
    assertArrayEquals(new double[] {4.0, 0.3}, fusion.fuse(4.0, 0.3, Double.NaN, 0.2, 6, true));
  }

  @Test
  void withoutAPriorMlStandsAlone() {
    double[] m = fusion.fuse(Double.NaN, Double.NaN, 3.5, 0.15, 4, true);
    assertEquals(3.5, m[0], 1e-12);
    assertEquals(0.25, m[1], 1e-12);
  }

  @Test
  void aSaturatedMlRaisesASmallerNetworkMagnitudeButDoesNotLowerALargerOne() {
    // a great earthquake: the network says 7.4, ML levels off at 6.6
    assertArrayEquals(new double[] {7.4, 0.3}, fusion.fuse(7.4, 0.3, 6.6, 0.1, 9, true));
    // a network magnitude below the saturated ML is pulled up towards it
    double[] up = fusion.fuse(6.0, 0.3, 6.6, 0.1, 9, true);
    assertTrue(up[0] > 6.0 && up[0] < 6.6, "between: " + up[0]);
    // below saturation ML still pulls a larger network magnitude down
    double[] down = fusion.fuse(5.6, 0.3, 5.2, 0.1, 9, true);
    assertTrue(down[0] < 5.6 && down[0] > 5.2, "between: " + down[0]);
  }
}
