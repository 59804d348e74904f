package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.LocalMagnitude;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.seismic.WoodAnderson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's amplitudes are calibrated: Hutton and Boore ML measured on simulated
 * Wood-Anderson records of the horizontal broadband components recovers the input Mw.
 */
class LocalMagnitudeCalibrationTest {

  @Test
  void huttonBooreMagnitudeRecoversInputMagnitude() {
    long seed = 20240611L;
    long t0 = Times.parse("2020-03-01T12:00:00Z");
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(36, 10, 300, seed), t0, seed);
    NetworkSimulator sim =
        new NetworkSimulator(
            net,
            TravelTimes.hadleyKanamori(),
            SimulationOptions.defaults().toBuilder().noise(false).build());
    SplittableRandom rng = new SplittableRandom(seed);
    List<double[]> rows = new ArrayList<>(); // {distanceKm, Mw, residual}
    int events = 8;
    for (int ev = 0; ev < events; ev++) {
      double mw = 2.5 + 3.0 * (ev + rng.nextDouble()) / events;
      double depth = rng.nextDouble(3, 18);
      SyntheticEvent e =
          new SyntheticEvent(
              "cal" + ev,
              new Origin(t0 + ev * 600_000_000L, TestNetworks.LAT, TestNetworks.LON, depth),
              mw,
              BruneSource.sampleStressDropMPa(rng),
              FocalMechanism.random(rng));
      Map<SourceId, Trace> w =
          sim.eventWindow(
              e,
              e.origin().timeMicros() - 5_000_000L,
              130,
              NetworkSimulator.Units.VELOCITY,
              seed + ev);
      for (SimulatedStation s : net.stations()) {
        double hypo = sim.ray(e, s.station()).hypocentralKm();
        if (hypo < 10 || hypo > 300) {
          continue;
        }
        double ml = 0;
        for (String c : new String[] {"HHN", "HHE"}) {
          Trace v = w.get(new SourceId(s.station().network(), s.station().station(), "", c));
          ml +=
              0.5
                  * LocalMagnitude.huttonBoore(
                      WoodAnderson.peakAmplitudeMm(WoodAnderson.fromVelocity(v)), hypo);
        }
        rows.add(new double[] {hypo, mw, ml - mw});
      }
    }
    double[] res = rows.stream().mapToDouble(r -> r[2]).toArray();
    double median = median(res);
    double mean = Arrays.stream(res).average().orElseThrow();
    double std =
        Math.sqrt(Arrays.stream(res).map(r -> (r - mean) * (r - mean)).sum() / (res.length - 1));
    double mad = 1.4826 * median(Arrays.stream(res).map(r -> Math.abs(r - median)).toArray());
    System.out.printf(
        "ML calibration: N=%d median residual %.3f, mean %.3f, std %.3f, 1.4826*MAD %.3f%n",
        res.length, median, mean, std, mad);
    double[][] bins = {{10, 30}, {30, 60}, {60, 120}, {120, 200}, {200, 300}};
    for (double[] b : bins) {
      double[] r =
          rows.stream().filter(x -> x[0] >= b[0] && x[0] < b[1]).mapToDouble(x -> x[2]).toArray();
      System.out.printf(
          "  %3.0f-%3.0f km: N=%3d median %.3f%n",
          b[0], b[1], r.length, r.length > 0 ? median(r) : Double.NaN);
    }
    double[][] mbins = {{2.5, 3.5}, {3.5, 4.5}, {4.5, 5.5}};
    for (double[] b : mbins) {
      double[] r =
          rows.stream().filter(x -> x[1] >= b[0] && x[1] < b[1]).mapToDouble(x -> x[2]).toArray();
      System.out.printf(
          "  M %.1f-%.1f: N=%3d median %.3f%n",
          b[0], b[1], r.length, r.length > 0 ? median(r) : Double.NaN);
    }
    assertTrue(res.length >= 200, "station-events: " + res.length);
    assertTrue(Math.abs(median) <= 0.15, "median ML residual " + median);
    assertTrue(std <= 0.35, "ML residual std " + std);
    assertTrue(mad <= 0.35, "ML residual 1.4826 MAD " + mad);
  }

  static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
