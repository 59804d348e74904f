package io.quakegraph.hazard;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;

/**
 * From a point-source estimate (epicentre, depth, magnitude, origin time) to the shaking at a site:
 * BSSA14 medians, Worden et al. (2012) intensity, and P and S arrival times in the project's 1-D
 * model (the same TauP table the simulator and locators use).
 */
public final class ShakingForecaster {
  private final TravelTimes times;

  /** A forecaster with the Hadley-Kanamori travel times (built once, cached on disk). */
  public static ShakingForecaster hadleyKanamori() {
    return new ShakingForecaster(TravelTimes.hadleyKanamori());
  }

  public ShakingForecaster(TravelTimes times) {
    this.times = times;
  }

  /**
   * The shaking at {@code site} of an earthquake of magnitude {@code m} at ({@code lat}, {@code
   * lon}, {@code depthKm}) that started at {@code originMicros}.
   */
  public SiteShaking at(
      Site site, double lat, double lon, double depthKm, double m, long originMicros) {
    double km = Geodesy.epicentralKm(lat, lon, site.latitude(), site.longitude());
    Bssa14.Prediction pga = Bssa14.predict(Bssa14.Measure.PGA, m, km, site.vs30());
    Bssa14.Prediction pgv = Bssa14.predict(Bssa14.Measure.PGV, m, km, site.vs30());
    double mmi = Worden2012.fromPgaAndPgv(pga.median() * SiteShaking.G_CM_S2, pgv.median());
    long p = Long.MIN_VALUE;
    long s = Long.MIN_VALUE;
    double depth = Math.max(0, Math.min(TravelTimes.MAX_DEPTH_KM, depthKm));
    if (km <= TravelTimes.MAX_DISTANCE_KM) {
      p = originMicros + Math.round(times.pSeconds(km, depth) * 1e6);
      s = originMicros + Math.round(times.sSeconds(km, depth) * 1e6);
    }
    return new SiteShaking(km, pga.median(), pgv.median(), pga.sigmaLn(), pgv.sigmaLn(), mmi, p, s);
  }
}
