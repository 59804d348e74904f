package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.sc.seis.TauP.TauModel;
import io.quakegraph.seismic.CrustalModel;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** P and S onsets in the synthetic records lie on the TauP arrival samples. */
class OnsetTimingTest {
  private static final long T0 = Times.parse("2021-05-04T10:20:30.123456Z");

  @Test
  void onsetsMatchTauPWithinOneSample() {
    long seed = 77;
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(6, 12, 250, seed), T0, seed);
    TravelTimes tt = TravelTimes.hadleyKanamori();
    TauModel tau = TravelTimes.tauModel(CrustalModel.hadleyKanamori());
    SimulationOptions noNoise = SimulationOptions.defaults().toBuilder().noise(false).build();
    NetworkSimulator pOnly =
        new NetworkSimulator(
            net, tt, noNoise.toBuilder().phases(SimulationOptions.Phases.P_ONLY).build());
    NetworkSimulator sOnly =
        new NetworkSimulator(
            net, tt, noNoise.toBuilder().phases(SimulationOptions.Phases.S_ONLY).build());
    SplittableRandom rng = new SplittableRandom(seed);
    int checked = 0;
    int worst = 0;
    double[] depths = {2.5, 7.3, 14.1};
    for (int ev = 0; ev < depths.length; ev++) {
      SyntheticEvent e =
          new SyntheticEvent(
              "onset" + ev,
              new Origin(
                  T0 + ev * 1_000_037L, TestNetworks.LAT + 0.05 * ev, TestNetworks.LON, depths[ev]),
              3.5,
              3,
              FocalMechanism.random(rng));
      // A span that starts off the origin's sample grid, to catch rounding mistakes.
      long start = e.origin().timeMicros() - 3_456_789L;
      long end = start + 90_000_000L;
      for (SimulatedStation s : net.stations()) {
        double[] da =
            Geodesy.distanceAzimuth(
                e.origin().latitude(),
                e.origin().longitude(),
                s.station().latitude(),
                s.station().longitude());
        double[] p = TravelTimes.exactFirstArrival(tau, true, da[0], depths[ev]);
        double[] sw = TravelTimes.exactFirstArrival(tau, false, da[0], depths[ev]);
        long expectP = Math.round((e.origin().timeMicros() + p[0] * 1e6 - start) * 100 / 1e6);
        long expectS = Math.round((e.origin().timeMicros() + sw[0] * 1e6 - start) * 100 / 1e6);

        List<Trace> rp = pOnly.recordStation(s, List.of(e), start, end, seed);
        List<Trace> rs = sOnly.recordStation(s, List.of(e), start, end, seed);
        for (Trace t : rp) {
          assertEquals(start, t.startMicros(), "start of " + t.id());
          assertEquals(9000, t.size(), "length of " + t.id());
        }
        int firstP = firstNonZero(rp.get(0).samples());
        int firstS = Math.min(firstNonZero(rs.get(1).samples()), firstNonZero(rs.get(2).samples()));
        worst =
            Math.max(worst, (int) Math.max(Math.abs(firstP - expectP), Math.abs(firstS - expectS)));
        assertTrue(
            Math.abs(firstP - expectP) <= 1,
            "%s %.1f km: P onset sample %d, TauP %d".formatted(s.id(), da[0], firstP, expectP));
        assertTrue(
            Math.abs(firstS - expectS) <= 1,
            "%s %.1f km: S onset sample %d, TauP %d".formatted(s.id(), da[0], firstS, expectS));
        checked++;
      }
    }
    System.out.printf(
        "onsets: %d station-events, worst |onset - TauP| = %d samples%n", checked, worst);
  }

  private static int firstNonZero(double[] x) {
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
