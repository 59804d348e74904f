package io.quakegraph.hazard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.TravelTimes;
import org.junit.jupiter.api.Test;

class ShakingForecasterTest {
  private static final long ORIGIN = 1_562_380_000_000_000L;

  @Test
  void pasadenaFromAShockUnderLosAngeles() {
    ShakingForecaster f = ShakingForecaster.hadleyKanamori();
    Site pasadena = new Site(34.1478, -118.1445, 760);
    // M5.5 at 10 km depth, 0.2 degrees south of Pasadena (about 22 km)
    SiteShaking s = f.at(pasadena, 33.9478, -118.1445, 10, 5.5, ORIGIN);
    assertEquals(22.24, s.epicentralKm(), 0.05);
    double tS = (s.sArrivalMicros() - ORIGIN) / 1e6;
    double tP = (s.pArrivalMicros() - ORIGIN) / 1e6;
    // hypocentral ~24.4 km: the 1-D model's crustal P (~6.3 km/s) and S (~3.6 km/s)
    assertTrue(tP > 3.5 && tP < 4.5, "P " + tP);
    assertTrue(tS > 6.2 && tS < 7.8, "S " + tS);
    assertEquals(
        TravelTimes.hadleyKanamori().sSeconds(s.epicentralKm(), 10), tS, 1e-5, "the shared table");
    assertEquals(tS - 2.0, s.secondsToS(ORIGIN + 2_000_000), 1e-6);
    assertEquals(
        Bssa14.predict(Bssa14.Measure.PGA, 5.5, s.epicentralKm(), 760).median(), s.pgaG(), 1e-12);
    assertTrue(s.mmi() >= 5 && s.mmi() <= 7, "MMI " + s.mmi());
  }

  @Test
  void farSitesHaveShakingButNoCountdown() {
    SiteShaking s =
        ShakingForecaster.hadleyKanamori().at(new Site(45, -100, 760), 34, -118, 10, 6, ORIGIN);
    assertFalse(s.hasArrivals());
    assertTrue(Double.isNaN(s.secondsToS(ORIGIN)));
    assertTrue(s.mmi() < 3, "MMI " + s.mmi());
  }
}
