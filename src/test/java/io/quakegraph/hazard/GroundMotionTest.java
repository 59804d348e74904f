package io.quakegraph.hazard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BSSA14 and Worden et al. (2012) against published values.
 *
 * <p>The BSSA14 medians are the verification table that OpenQuake's hazardlib tests its BSSA14
 * against (BSSA_2014_CALIFORNIA_NOSOF_MEAN.csv: unspecified mechanism, California; values from the
 * authors' own implementation): PGV in cm/s, PGA in g.
 */
class GroundMotionTest {
  @ParameterizedTest(name = "M{0} Rjb {1} km Vs30 {2}")
  @CsvSource({
    // M, Rjb km, Vs30, PGV cm/s, PGA g
    "3.0, 0, 760, 0.0880635, 0.00686845",
    "3.0, 20, 1000, 0.00900228, 0.000592921",
    "5.0, 0, 1000, 3.79657, 0.133989",
    "5.0, 20, 1250, 0.607865, 0.0213333",
    "5.0, 50, 250, 0.735938, 0.0169278",
    "5.0, 75, 200, 0.510877, 0.0104684",
    "6.0, 0, 760, 22.2199, 0.39171",
    "6.0, 20, 760, 5.25575, 0.0953544",
    "6.0, 50, 760, 1.91965, 0.0351373",
    "6.0, 100, 760, 0.801013, 0.0130857",
    "6.0, 50, 600, 2.33443, 0.040263",
    "6.0, 0, 200, 37.0848, 0.425218",
    "6.0, 20, 200, 12.4859, 0.157014",
  })
  void bssa14MediansMatchTheVerificationTable(
      double m, double rjb, double vs30, double pgv, double pga) {
    double gotPgv = Bssa14.predict(Bssa14.Measure.PGV, m, rjb, vs30).median();
    double gotPga = Bssa14.predict(Bssa14.Measure.PGA, m, rjb, vs30).median();
    // 0.5 %: the table was computed with the spreadsheet's rounded coefficients
    assertEquals(pgv, gotPgv, pgv * 0.005, "PGV");
    assertEquals(pga, gotPga, pga * 0.005, "PGA");
  }

  @Test
  void bssa14SigmaFollowsMagnitudeDistanceAndSite() {
    // M >= 5.5, Rjb <= R1, Vs30 >= V2: sqrt(phi2^2 + tau2^2) of the coefficient table
    assertEquals(
        Math.hypot(0.495, 0.348), Bssa14.predict(Bssa14.Measure.PGA, 6, 10, 760).sigmaLn(), 1e-12);
    assertEquals(
        Math.hypot(0.644, 0.401), Bssa14.predict(Bssa14.Measure.PGV, 4, 10, 760).sigmaLn(), 1e-12);
    // beyond R2 phi grows by dPhiR, below V1 it shrinks by dPhiV
    assertEquals(
        Math.hypot(0.495 + 0.100 - 0.070, 0.348),
        Bssa14.predict(Bssa14.Measure.PGA, 6, 300, 200).sigmaLn(),
        1e-12);
  }

  @Test
  void bssa14RejectsNonsense() {
    assertThrows(
        IllegalArgumentException.class, () -> Bssa14.predict(Bssa14.Measure.PGA, 5, -1, 760));
    assertThrows(
        IllegalArgumentException.class, () -> Bssa14.predict(Bssa14.Measure.PGA, 5, 10, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Bssa14.predict(Bssa14.Measure.PGA, Double.NaN, 10, 760));
  }

  @Test
  void wordenSegmentsMeetAtThePublishedBreakpoints() {
    // Worden et al. (2012) table 1: the two segments meet at (t1, t2): PGA log10 1.57 -> 4.22,
    // PGV log10 0.53 -> 4.56. Every coefficient is rounded to 0.01 in the paper, so c3 + c4 t1
    // carries up to 0.005 + 0.005 * 1.57 and t2 another 0.005 of rounding: 0.018 in all.
    double rounding = 0.005 + 0.005 * 1.57 + 0.005;
    assertEquals(4.22, Worden2012.fromPga(Math.pow(10, 1.57)), rounding);
    assertEquals(4.56, Worden2012.fromPgv(Math.pow(10, 0.53)), rounding);
    assertEquals(4.22, Worden2012.fromPga(Math.pow(10, 1.57) * 1.0001), rounding);
    assertEquals(4.56, Worden2012.fromPgv(Math.pow(10, 0.53) * 1.0001), rounding);
  }

  @Test
  void wordenConvertsLikeTheEquations() {
    // 100 cm/s^2: upper segment, -1.60 + 3.70 * 2 = 5.80
    assertEquals(5.80, Worden2012.fromPga(100), 1e-9);
    // 10 cm/s^2: lower segment, 1.78 + 1.55 * 1 = 3.33
    assertEquals(3.33, Worden2012.fromPga(10), 1e-9);
    // 10 cm/s: upper segment, 2.89 + 3.16 = 6.05
    assertEquals(6.05, Worden2012.fromPgv(10), 1e-9);
    // 1 cm/s: lower segment, 3.78
    assertEquals(3.78, Worden2012.fromPgv(1), 1e-9);
    // clipped to I..X
    assertEquals(10.0, Worden2012.fromPgv(1e4), 1e-9);
    assertEquals(1.0, Worden2012.fromPga(1e-4), 1e-9);
    assertEquals(1.0, Worden2012.fromPga(0), 1e-9);
    assertEquals(6.05, Worden2012.fromPgaAndPgv(10, 10), 1e-9);
    assertEquals("VI", Worden2012.roman(6.05));
    assertEquals("X", Worden2012.roman(12));
  }

  @Test
  void aModerateShockNearbyFeelsStrong() {
    // M6 at 20 km on rock: PGA ~0.095 g, PGV ~5.3 cm/s -> MMI ~ VI (ShakeMap's "strong")
    var pga = Bssa14.predict(Bssa14.Measure.PGA, 6, 20, 760).median();
    var pgv = Bssa14.predict(Bssa14.Measure.PGV, 6, 20, 760).median();
    double mmi = Worden2012.fromPgaAndPgv(pga * SiteShaking.G_CM_S2, pgv);
    assertTrue(mmi > 5.5 && mmi < 6.5, "MMI " + mmi);
  }

  @Test
  void sitesParse() {
    Site s = Site.parse(" 34.05 , -118.25 ");
    assertEquals(34.05, s.latitude());
    assertEquals(-118.25, s.longitude());
    assertEquals(760, s.vs30());
    assertThrows(IllegalArgumentException.class, () -> Site.parse("34.05"));
    assertThrows(IllegalArgumentException.class, () -> Site.parse("x,y"));
    assertThrows(IllegalArgumentException.class, () -> Site.parse("95,0"));
  }
}
