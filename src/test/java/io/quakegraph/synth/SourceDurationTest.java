package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.CrustalModel;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Source duration grows with magnitude as the rupture scaling says: the rupture of a Wells and
 * Coppersmith (1994) fault at 0.8 Vs lasts {@code L / v_r} times a factor set by where the
 * hypocentre sits (between a half for a central and one for an end hypocentre), and the duration of
 * the simulated shaking grows with it.
 */
class SourceDurationTest {
  private static final long T0 = Times.parse("2023-02-06T01:17:34Z");

  @Test
  void ruptureDurationFollowsTheLengthScaling() {
    SplittableRandom rng = new SplittableRandom(1994);
    double vs = CrustalModel.hadleyKanamori().layerAt(10).vsKmS();
    double previous = 0;
    for (double m = 6.0; m <= 8.0; m += 0.5) {
      double[] ratio = new double[40];
      double[] duration = new double[ratio.length];
      for (int i = 0; i < ratio.length; i++) {
        SyntheticEvent e =
            new SyntheticEvent(
                "dur" + i, new Origin(T0, 35, -118, 10), m, 3, FocalMechanism.random(rng));
        FiniteRupture r = FiniteRupture.of(e, vs, rng.nextLong());
        duration[i] = r.ruptureDurationS();
        // The scaling's own length, before the seismogenic width cap lengthens big ruptures.
        ratio[i] = duration[i] / (r.lengthKm() / (FiniteRupture.RUPTURE_SPEED_RATIO * vs));
        assertTrue(
            r.lengthKm() >= RuptureScaling.lengthKm(m) - 1e-9
                && Math.abs(
                        r.lengthKm() * r.widthKm()
                            - Math.max(
                                RuptureScaling.areaKm2(m),
                                RuptureScaling.lengthKm(m) * r.widthKm()))
                    < 1e-6 * r.lengthKm() * r.widthKm(),
            "M%.1f: %.1f x %.1f km".formatted(m, r.lengthKm(), r.widthKm()));
      }
      Arrays.sort(ratio);
      Arrays.sort(duration);
      double median = duration[duration.length / 2];
      System.out.printf(
          "M%.1f: rupture duration median %.1f s, duration / (L / v_r) %.2f..%.2f%n",
          m, median, ratio[0], ratio[ratio.length - 1]);
      assertTrue(ratio[0] >= 0.5 && ratio[ratio.length - 1] <= 1.05, "M%.1f ratios".formatted(m));
      if (previous > 0) {
        // Half a magnitude unit lengthens a rupture by 10^(0.59/2) = 1.97 (W&C RLD) or more
        // where the width saturates and the area law takes over (10^(0.91/2) = 2.85).
        double growth = median / previous;
        assertTrue(
            growth >= 1.5 && growth <= 3.3,
            "M%.1f: median duration grew %.2f times over half a unit".formatted(m, growth));
      }
      previous = median;
    }
  }

  @Test
  void shakingLastsLongerForLargerRuptures() {
    long seed = 77;
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(24, 40, 80, seed), T0, seed);
    NetworkSimulator sim =
        new NetworkSimulator(
            net,
            TravelTimes.hadleyKanamori(),
            SimulationOptions.defaults().toBuilder()
                .noise(false)
                .phases(SimulationOptions.Phases.S_ONLY)
                .realism(Realism.REAL_WORLD)
                .build());
    SplittableRandom rng = new SplittableRandom(seed);
    double[] magnitudes = {6.0, 6.5, 7.0, 7.5, 8.0};
    double[] medians = new double[magnitudes.length];
    double[] rupture = new double[magnitudes.length];
    for (int k = 0; k < magnitudes.length; k++) {
      List<Double> d = new ArrayList<>();
      List<Double> rd = new ArrayList<>();
      for (int ev = 0; ev < 6; ev++) {
        SyntheticEvent e =
            new SyntheticEvent(
                "sd%.1f-%d".formatted(magnitudes[k], ev),
                new Origin(T0, TestNetworks.LAT, TestNetworks.LON, 10),
                magnitudes[k],
                3,
                FocalMechanism.random(rng));
        FiniteRupture r = sim.rupture(e);
        rd.add(r.ruptureDurationS());
        Map<SourceId, Trace> w = sim.eventWindow(e, T0, 240, NetworkSimulator.Units.VELOCITY, seed);
        for (SimulatedStation s : net.stations()) {
          d.add(
              significantDuration(
                  w.get(new SourceId("XX", s.station().station(), "", "HHN")).samples(),
                  w.get(new SourceId("XX", s.station().station(), "", "HHE")).samples()));
        }
      }
      medians[k] = median(d);
      rupture[k] = median(rd);
      System.out.printf(
          "M%.1f: 5-75%% S-wave energy duration median %.1f s; rupture duration median %.1f s%n",
          magnitudes[k], medians[k], rupture[k]);
    }
    for (int k = 1; k < magnitudes.length; k++) {
      assertTrue(medians[k] > medians[k - 1], "duration grows with M: " + Arrays.toString(medians));
    }
    // From M 6 to M 8 the 5-75 % duration, 70 % of the energy, lengthens by about 0.7 times the
    // rupture's lengthening (energy released over the rupture time), within +-50 %.
    double dShaking = medians[medians.length - 1] - medians[0];
    double dRupture = rupture[rupture.length - 1] - rupture[0];
    double expected = 0.7 * dRupture;
    assertTrue(
        dShaking >= 0.5 * expected && dShaking <= 1.5 * expected,
        "shaking lengthened %.1f s, rupture %.1f s".formatted(dShaking, dRupture));
  }

  /**
   * Time between 5 % and 75 % of the horizontal velocity energy: the significant duration of the
   * strong shaking (Trifunac and Brady 1975's measure with the 75 % end of Bommer, Stafford and
   * Alarcon 2009, BSSA 99(6), which leaves out most of the coda, whose random level would otherwise
   * decide the duration of the smaller events).
   */
  private static double significantDuration(double[] n, double[] e) {
    double total = 0;
    for (int i = 0; i < n.length; i++) {
      total += n[i] * n[i] + e[i] * e[i];
    }
    double c = 0;
    int i5 = -1;
    int i95 = -1;
    for (int i = 0; i < n.length; i++) {
      c += n[i] * n[i] + e[i] * e[i];
      if (i5 < 0 && c >= 0.05 * total) {
        i5 = i;
      }
      if (i95 < 0 && c >= 0.75 * total) {
        i95 = i;
      }
    }
    return (i95 - i5) / 100.0;
  }

  private static double median(List<Double> x) {
    List<Double> s = new ArrayList<>(x);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
