package io.quakegraph.model.classical;

import static org.junit.jupiter.api.Assertions.*;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The grid search on computed arrival times: exact times locate exactly, noise gives honest σ. */
class GridSearchLocatorTest {
  static final TravelTimes TT = TravelTimes.hadleyKanamori();
  static final SearchRegion REGION = new SearchRegion(32.0, 37.5, -121.5, -114.0);

  /** Arrival times at {@code count} random network stations from a hypocentre, plus noise. */
  static List<Arrival> arrivals(
      double lat, double lon, double depth, int count, double noiseS, SplittableRandom rng) {
    List<Station> net = new ArrayList<>(SyntheticScenes.network());
    List<Arrival> out = new ArrayList<>();
    while (out.size() < count && !net.isEmpty()) {
      Station s = net.remove(rng.nextInt(net.size()));
      double km = SyntheticScenes.epicentralKm(lat, lon, s.latitude(), s.longitude());
      if (km > 250) {
        continue;
      }
      // Laplace noise (difference of two exponentials), scale noiseS.
      double noise = noiseS * (Math.log(1 - rng.nextDouble()) - Math.log(1 - rng.nextDouble()));
      out.add(
          new Arrival(s.id(), s.latitude(), s.longitude(), 100.0 + TT.pSeconds(km, depth) + noise));
    }
    return out;
  }

  @Test
  void exactArrivalsLocateWithinAKilometre() {
    GridSearchLocator loc =
        new GridSearchLocator(TT, REGION, GridSearchLocator.Settings.defaults());
    SplittableRandom rng = new SplittableRandom(5);
    double worstEpi = 0;
    double worstDepth = 0;
    double worstOrigin = 0;
    for (int k = 0; k < 20; k++) {
      double lat = rng.nextDouble(33.0, 36.0);
      double lon = rng.nextDouble(-119.5, -115.5);
      double depth = rng.nextDouble(1, 25);
      List<Arrival> a = arrivals(lat, lon, depth, 6 + rng.nextInt(30), 0, rng);
      Hypocentre h = loc.locate(a).orElseThrow();
      worstEpi =
          Math.max(worstEpi, SyntheticScenes.epicentralKm(lat, lon, h.latitude(), h.longitude()));
      worstDepth = Math.max(worstDepth, Math.abs(h.depthKm() - depth));
      worstOrigin = Math.max(worstOrigin, Math.abs(h.originS() - 100.0));
    }
    System.out.printf(
        "exact arrivals, 20 events: worst epicentre %.2f km, depth %.2f km, origin %.3f s%n",
        worstEpi, worstDepth, worstOrigin);
    assertTrue(worstEpi < 1.0, "epicentre off by " + worstEpi + " km");
    assertTrue(worstDepth < 2.0, "depth off by " + worstDepth + " km");
    assertTrue(worstOrigin < 0.2, "origin off by " + worstOrigin + " s");
  }

  @Test
  void sigmasCoverNoisyArrivals() {
    GridSearchLocator loc =
        new GridSearchLocator(TT, REGION, GridSearchLocator.Settings.defaults());
    SplittableRandom rng = new SplittableRandom(6);
    int n = 40;
    int inside = 0;
    int axes = 0;
    double sumErr = 0;
    for (int k = 0; k < n; k++) {
      double lat = rng.nextDouble(33.0, 36.0);
      double lon = rng.nextDouble(-119.5, -115.5);
      double depth = rng.nextDouble(1, 25);
      List<Arrival> a = arrivals(lat, lon, depth, 5 + rng.nextInt(20), 0.15, rng);
      Hypocentre h = loc.locate(a).orElseThrow();
      double north = (h.latitude() - lat) * Geodesy.KM_PER_DEGREE;
      double east = (h.longitude() - lon) * Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(lat));
      inside += Math.abs(north) <= h.sigmaNorthKm() ? 1 : 0;
      inside += Math.abs(east) <= h.sigmaEastKm() ? 1 : 0;
      inside += Math.abs(h.depthKm() - depth) <= h.sigmaDepthKm() ? 1 : 0;
      axes += 3;
      sumErr += Math.hypot(north, east);
    }
    double coverage = inside / (double) axes;
    System.out.printf(
        "0.15 s Laplace noise, %d events: mean epicentral error %.2f km, 1σ coverage %.2f%n",
        n, sumErr / n, coverage);
    assertTrue(coverage > 0.45 && coverage < 0.95, "1σ coverage " + coverage);
  }

  @Test
  void fewerThanFourArrivalsGiveNoLocation() {
    GridSearchLocator loc =
        new GridSearchLocator(TT, REGION, GridSearchLocator.Settings.defaults());
    List<Arrival> a = arrivals(34.0, -117.5, 8, 3, 0, new SplittableRandom(1));
    assertEquals(3, a.size());
    assertEquals(Optional.empty(), loc.locate(a));
    assertThrows(
        IllegalArgumentException.class,
        () -> GridSearchLocator.Settings.defaults().withResidualFloor(0));
  }

  @Test
  void locatesAFullNetwork() {
    // (its speed is a benchmark: ./quakegraph bench model, row "classical", part gridSearch)
    GridSearchLocator loc =
        new GridSearchLocator(TT, REGION, GridSearchLocator.Settings.defaults());
    SplittableRandom rng = new SplittableRandom(8);
    for (int k = 0; k < 10; k++) {
      List<Arrival> a =
          arrivals(rng.nextDouble(33.0, 36.0), rng.nextDouble(-119.5, -115.5), 10, 185, 0.1, rng);
      assertTrue(loc.locate(a).isPresent(), a.size() + " arrivals");
    }
    assertTrue(loc.cachedStations() > 0);
  }
}
