package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Inside, on and outside the convex hull of a network, whatever the order of its stations. */
class NetworkHullTest {
  @Test
  void aSquareWithAStationInsideHasFourCorners() {
    NetworkHull h =
        NetworkHull.of(
            List.of(
                new double[] {35, -117},
                new double[] {34, -118},
                new double[] {34.5, -117.5},
                new double[] {34, -117},
                new double[] {35, -118}));
    assertEquals(4, h.corners().length);
    assertTrue(h.contains(34.5, -117.5));
    assertTrue(h.contains(34.0, -117.5), "on an edge");
    assertFalse(h.contains(35.1, -117.5));
    assertFalse(h.contains(34.5, -116.9));
  }

  @Test
  void fewerThanThreeStationsSurroundNothing() {
    NetworkHull h = NetworkHull.of(List.of(new double[] {34, -118}, new double[] {35, -117}));
    assertFalse(h.contains(34.5, -117.5));
  }
}
