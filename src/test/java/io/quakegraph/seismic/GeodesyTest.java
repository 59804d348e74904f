package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GeodesyTest {
  @Test
  void epicentralDistanceIsTheGreatCircle() {
    assertEquals(111.195, Geodesy.epicentralKm(34, -118, 35, -118), 0.01);
    assertEquals(Geodesy.KM_PER_DEGREE, Geodesy.epicentralKm(34, -118, 35, -118), 1e-9);
    // one degree of longitude at 34°N: 111.195 * cos(34°)
    assertEquals(92.18, Geodesy.epicentralKm(34, -118, 34, -117), 0.05);
    assertEquals(0, Geodesy.epicentralKm(34, -118, 34, -118), 1e-9);
    // half the circumference between antipodes
    assertEquals(Math.PI * Geodesy.EARTH_RADIUS_KM, Geodesy.epicentralKm(0, 0, 0, 180), 1e-9);
  }

  @Test
  void azimuthsPointAlongTheGreatCircle() {
    double[] north = Geodesy.distanceAzimuth(34, -118, 35, -118);
    assertEquals(Geodesy.epicentralKm(34, -118, 35, -118), north[0]);
    assertEquals(0, north[1], 1e-9);
    assertEquals(180, north[2], 1e-9);
    double[] east = Geodesy.distanceAzimuth(0, 0, 0, 1);
    assertEquals(90, east[1], 1e-9);
    assertEquals(270, east[2], 1e-9);
  }

  @Test
  void theUnitVectorRouteGivesTheSameArc() {
    double[][] points = {{34, -118}, {34.5, -117.2}, {36.9, -121.4}, {32.6, -114.9}};
    for (double[] a : points) {
      for (double[] b : points) {
        double viaVectors =
            Geodesy.epicentralKm(Geodesy.unitVector(a[0], a[1]), Geodesy.unitVector(b[0], b[1]));
        assertEquals(Geodesy.epicentralKm(a[0], a[1], b[0], b[1]), viaVectors, 1e-9);
      }
    }
  }
}
