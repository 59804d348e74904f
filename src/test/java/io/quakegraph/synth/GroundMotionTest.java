package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Peak ground motions of the real-world simulator against the BSSA14 ground-motion model (Boore et
 * al. 2014) at Joyner-Boore distances of 10-100 km for Mw 4-7.5: in every magnitude the mean log
 * residual lies within BSSA14's own standard deviation, and the residuals do not drift with
 * distance by more than that.
 */
class GroundMotionTest {
  private static final long T0 = Times.parse("2021-03-01T12:00:00Z");
  private static final double G = 9.80665;

  @Test
  void pgaAndPgvFollowBssa14WithinItsScatter() {
    long seed = 2014;
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(48, 3, 140, seed), T0, seed);
    NetworkSimulator sim =
        new NetworkSimulator(
            net,
            TravelTimes.hadleyKanamori(),
            SimulationOptions.defaults().toBuilder()
                .noise(false)
                .realism(Realism.REAL_WORLD)
                .build());
    SplittableRandom rng = new SplittableRandom(seed);
    double[] magnitudes = {4.0, 5.0, 6.0, 7.0, 7.5};
    int eventsPerMagnitude = 5;
    StringBuilder table = new StringBuilder();
    List<String> failures = new ArrayList<>();
    for (double m : magnitudes) {
      List<double[]> res = new ArrayList<>(); // {rjb, ln PGA residual, ln PGV residual}
      for (int ev = 0; ev < eventsPerMagnitude; ev++) {
        SyntheticEvent e =
            new SyntheticEvent(
                "gm%.1f-%d".formatted(m, ev),
                new Origin(
                    T0 + ev * 1_000_000L,
                    TestNetworks.LAT + rng.nextDouble(-0.05, 0.05),
                    TestNetworks.LON + rng.nextDouble(-0.05, 0.05),
                    rng.nextDouble(5, 15)),
                m,
                BruneSource.sampleStressDropMPa(rng),
                FocalMechanism.random(rng));
        FiniteRupture rupture = sim.rupture(e);
        double seconds = 60 + (rupture == null ? 0 : 2 * rupture.ruptureDurationS());
        Map<SourceId, Trace> w =
            sim.eventWindow(
                e,
                e.origin().timeMicros() - 2_000_000L,
                seconds,
                NetworkSimulator.Units.VELOCITY,
                seed + ev);
        Bssa14.Mechanism mech = Bssa14.Mechanism.ofRake(e.mechanism().rakeDeg());
        for (SimulatedStation s : net.stations()) {
          double lat = s.station().latitude();
          double lon = s.station().longitude();
          double rjb =
              rupture != null
                  ? rupture.joynerBooreKm(lat, lon)
                  : Geodesy.distanceAzimuth(
                      e.origin().latitude(), e.origin().longitude(), lat, lon)[0];
          if (rjb < 10 || rjb > 100) {
            continue;
          }
          double[] n = w.get(new SourceId("XX", s.station().station(), "", "HHN")).samples();
          double[] east = w.get(new SourceId("XX", s.station().station(), "", "HHE")).samples();
          double pgv = Math.sqrt(peak(n) * peak(east)) * 100;
          double pga = Math.sqrt(peak(acceleration(n)) * peak(acceleration(east))) / G;
          double vs30 = sim.vs30(s);
          double lnPga = Math.log(pga / Bssa14.median(Bssa14.Measure.PGA, m, rjb, mech, vs30));
          double lnPgv = Math.log(pgv / Bssa14.median(Bssa14.Measure.PGV, m, rjb, mech, vs30));
          res.add(new double[] {rjb, lnPga, lnPgv});
        }
      }
      for (int k = 1; k <= 2; k++) {
        Bssa14.Measure measure = k == 1 ? Bssa14.Measure.PGA : Bssa14.Measure.PGV;
        double sigma = Bssa14.sigmaLn(measure, m, 40);
        double all = mean(res, k, 0, 1000);
        double near = mean(res, k, 0, 30);
        double far = mean(res, k, 50, 1000);
        table.append(
            "M%.1f %s: n=%d mean ln(sim/BSSA14) %+.2f (10-30 km %+.2f, 50-100 km %+.2f), sigma %.2f%n"
                .formatted(m, measure, res.size(), all, near, far, sigma));
        if (!(Math.abs(all) <= sigma)) {
          failures.add(
              "M%.1f %s mean residual %+.2f beyond sigma %.2f".formatted(m, measure, all, sigma));
        }
        if (!(Math.abs(near - far) <= sigma)) {
          failures.add(
              "M%.1f %s residual drifts %+.2f from 10-30 to 50-100 km (sigma %.2f)"
                  .formatted(m, measure, far - near, sigma));
        }
      }
    }
    System.out.print(table);
    assertTrue(failures.isEmpty(), failures + "\n" + table);
  }

  private static double mean(List<double[]> res, int k, double minKm, double maxKm) {
    double sum = 0;
    int n = 0;
    for (double[] r : res) {
      if (r[0] >= minKm && r[0] < maxKm) {
        sum += r[k];
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static double peak(double[] x) {
    double p = 0;
    for (double v : x) {
      p = Math.max(p, Math.abs(v));
    }
    return p;
  }

  private static double[] acceleration(double[] v) {
    double[] a = new double[v.length];
    for (int i = 1; i < v.length - 1; i++) {
      a[i] = (v[i + 1] - v[i - 1]) * 50;
    }
    return a;
  }
}
