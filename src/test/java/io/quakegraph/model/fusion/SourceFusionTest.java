package io.quakegraph.model.fusion;

import static org.junit.jupiter.api.Assertions.*;

import io.quakegraph.model.Estimate;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fused hypocentre on onsets computed in the 1-D model from a known source: with many onsets it
 * finds the source whatever the prior says, one wild onset does not move it, with one onset the
 * quiet stations pull the estimate from a wrong prior towards the triggered station, and without
 * onsets the prior is returned untouched.
 */
class SourceFusionTest {
  private static final double LAT = 34.2;
  private static final double LON = -117.4;
  private static final double DEPTH = 9.0;
  private static final long REF = 1_600_000_000_000_000L;
  private static final double ORIGIN_S = 20.0;

  private static TravelTimes tt;

  @BeforeAll
  static void model() {
    tt = TravelTimes.hadleyKanamori();
  }

  /** A ring-and-scatter network of 40 stations within ~120 km of the source. */
  private static List<double[]> stations() {
    SplittableRandom r = new SplittableRandom(7);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double km = 8 + 110 * r.nextDouble();
      double az = 2 * Math.PI * r.nextDouble();
      double lat = LAT + km * Math.cos(az) / Geodesy.KM_PER_DEGREE;
      double lon =
          LON + km * Math.sin(az) / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(LAT)));
      out.add(new double[] {lat, lon});
    }
    return out;
  }

  private static double arrival(double[] s) {
    double km = Geodesy.epicentralKm(LAT, LON, s[0], s[1]);
    return ORIGIN_S + tt.pSeconds(km, DEPTH);
  }

  private static Estimate prior(double dLatKm, double dLonKm, double sigmaKm) {
    double lat = LAT + dLatKm / Geodesy.KM_PER_DEGREE;
    double lon = LON + dLonKm / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(LAT)));
    return new Estimate(
        lat, lon, 12, 4.0, REF + Math.round((ORIGIN_S + 1.5) * 1e6), sigmaKm, sigmaKm, 6, 0.3, 2.5);
  }

  @Test
  void manyOnsetsFindTheSourceFromAWrongPrior() {
    List<Arrival> picks = new ArrayList<>();
    SplittableRandom noise = new SplittableRandom(3);
    for (double[] s : stations()) {
      double t = arrival(s) + 0.03 * noise.nextGaussian();
      picks.add(new Arrival("XX.S" + picks.size(), s[0], s[1], t));
    }
    double cut = ORIGIN_S + 30;
    Estimate e = SourceFusion.defaults().fuse(prior(25, -20, 12), REF, cut, picks, List.of());
    double err = Geodesy.epicentralKm(LAT, LON, e.latitude(), e.longitude());
    assertTrue(err < 0.5, "epicentre error " + err + " km");
    assertEquals(DEPTH, e.depthKm(), 1.5);
    assertEquals(ORIGIN_S, (e.originMicros() - REF) / 1e6, 0.15);
    assertTrue(e.sigmaLatKm() < 2 && e.sigmaLonKm() < 2, "sharp posterior: " + e);
    assertEquals(4.0, e.magnitude(), 0.0, "the magnitude is not the locator's business");
  }

  @Test
  void oneWildOnsetDoesNotMoveTheSource() {
    List<Arrival> picks = new ArrayList<>();
    List<double[]> st = stations();
    for (int i = 0; i < 12; i++) {
      double t = arrival(st.get(i)) + (i == 0 ? -6.0 : 0);
      picks.add(new Arrival("XX.S" + i, st.get(i)[0], st.get(i)[1], t));
    }
    Estimate e =
        SourceFusion.defaults().fuse(prior(10, 10, 15), REF, ORIGIN_S + 30, picks, List.of());
    double err = Geodesy.epicentralKm(LAT, LON, e.latitude(), e.longitude());
    assertTrue(err < 1.0, "epicentre error with an outlier " + err + " km");
  }

  @Test
  void oneOnsetAndQuietNeighboursPullTowardsTheTriggeredStation() {
    // the nearest station triggered; every other one is live and quiet one second after its own P
    List<double[]> st = new ArrayList<>(stations());
    st.sort(
        (a, b) ->
            Double.compare(
                Geodesy.epicentralKm(LAT, LON, a[0], a[1]),
                Geodesy.epicentralKm(LAT, LON, b[0], b[1])));
    double[] first = st.get(0);
    double second = arrival(st.get(1));
    double cut = second - 0.2; // the second station has not seen P yet
    List<Arrival> picks = List.of(new Arrival("XX.A", first[0], first[1], arrival(first)));
    List<SourceFusion.Site> quiet = new ArrayList<>();
    for (int i = 1; i < st.size(); i++) {
      quiet.add(new SourceFusion.Site(st.get(i)[0], st.get(i)[1]));
    }
    Estimate p = prior(30, 30, 25);
    Estimate e = SourceFusion.defaults().fuse(p, REF, cut, picks, quiet);
    double before = Geodesy.epicentralKm(LAT, LON, p.latitude(), p.longitude());
    double after = Geodesy.epicentralKm(LAT, LON, e.latitude(), e.longitude());
    assertTrue(after < 0.6 * before, "prior " + before + " km off, fused " + after + " km off");
  }

  @Test
  void anSTakenForPOnASparseNetworkDoesNotPullTheSource() {
    // La Verne's geometry: four stations at 13-130 km; the one at 48 km missed its P and
    // triggered on its S. With only three true P onsets the Student-t cannot single it out.
    double[] km = {13, 48, 90, 130};
    double[] azDeg = {40, 200, 110, 300};
    List<Arrival> picks = new ArrayList<>();
    for (int i = 0; i < km.length; i++) {
      double az = Math.toRadians(azDeg[i]);
      double lat = LAT + km[i] * Math.cos(az) / Geodesy.KM_PER_DEGREE;
      double lon =
          LON + km[i] * Math.sin(az) / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(LAT)));
      double d = Geodesy.epicentralKm(LAT, LON, lat, lon);
      double t = ORIGIN_S + (i == 1 ? tt.sSeconds(d, DEPTH) : tt.pSeconds(d, DEPTH));
      picks.add(new Arrival("XX.S" + i, lat, lon, t));
    }
    Estimate p = prior(12, -10, 20);
    double cut = ORIGIN_S + 40;
    Estimate e = SourceFusion.defaults().fuse(p, REF, cut, picks, List.of());
    SourceFusion.Settings d = SourceFusion.Settings.defaults();
    SourceFusion pOnly =
        new SourceFusion(
            tt,
            new SourceFusion.Settings(
                d.pickSigmaS(),
                d.nu(),
                d.quietDelayS(),
                d.quietSoftnessS(),
                d.missProbability(),
                d.quietQuantile(),
                d.priorInflation(),
                d.maxDepthKm(),
                d.maxCoarsePicks(),
                d.sigmaScale(),
                d.horizontalFloorKm(),
                d.depthFloorKm(),
                0));
    Estimate f = pOnly.fuse(p, REF, cut, picks, List.of());
    double err = Geodesy.epicentralKm(LAT, LON, e.latitude(), e.longitude());
    double errPOnly = Geodesy.epicentralKm(LAT, LON, f.latitude(), f.longitude());
    System.out.printf(
        "S taken for P: %.1f km with the P-or-S onsets, %.1f km P only%n", err, errPOnly);
    assertTrue(err < 3, "epicentre error " + err + " km (P only: " + errPOnly + " km)");
  }

  @Test
  void noOnsetKeepsThePrior() {
    Estimate p = prior(5, 5, 10);
    assertSame(p, SourceFusion.defaults().fuse(p, REF, ORIGIN_S + 3, List.of(), List.of()));
  }

  @Test
  void normalCdfMatchesKnownValues() {
    assertEquals(0.5, SourceFusion.normalCdf(0), 1e-7);
    assertEquals(0.841344746, SourceFusion.normalCdf(1), 1e-7);
    assertEquals(0.022750132, SourceFusion.normalCdf(-2), 1e-7);
  }
}
