package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

/**
 * Quiet records have the noise the station was given: Welch PSDs of 12 minutes of HHZ (counts back
 * to m/s, then to acceleration) lie between Peterson's NLNM and NHNM from 0.1 to 10 Hz, and a
 * mid-level station sits near its own target level.
 *
 * <p>Tolerance 3 dB: with 23 half-overlapping 60 s Hann segments and averaging over 1/3 octave (the
 * models averaged over the same bins), the estimate's standard error is well under 0.5 dB, so 3 dB
 * leaves room for the digitiser's quantisation noise, which near 10 Hz is comparable to the NLNM
 * (1/12 count^2 over 50 Hz).
 */
class NoiseSpectrumTest {
  private static final double TOLERANCE_DB = 3;

  @Test
  void quietRecordsLieBetweenPetersonModels() {
    long t0 = Times.parse("2020-01-01T00:00:00Z");
    List<Station> sites = TestNetworks.ring(3, 20, 40, 1);
    SyntheticNetwork built = SyntheticNetwork.build(sites, t0, 1);
    double[] fractions = {0, 0.5, 1};
    List<SimulatedStation> st = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SimulatedStation s = built.stations().get(i);
      st.add(new SimulatedStation(s.station(), s.siteAmplification(), s.kappaS(), fractions[i]));
    }
    SyntheticNetwork net = new SyntheticNetwork(st);
    NetworkSimulator sim =
        new NetworkSimulator(net, TravelTimes.hadleyKanamori(), SimulationOptions.defaults());
    double rate = 100;
    for (int i = 0; i < 3; i++) {
      SimulatedStation s = st.get(i);
      Trace z = sim.recordStation(s, List.of(), t0, t0 + 720_000_000L, 42).get(0);
      double sens = s.station().channels().get(0).sensitivity().orElseThrow().value();
      double[] v = z.samples().clone();
      for (int k = 0; k < v.length; k++) {
        v[k] /= sens;
      }
      int seg = 6000;
      double[] psd = welch(v, seg, rate);
      double worstLow = Double.MAX_VALUE;
      double worstHigh = Double.MAX_VALUE;
      double sumDev = 0;
      int nb = 0;
      for (double f = 0.1; f <= 10.0001; f *= Math.pow(2, 1.0 / 3)) {
        // 1/3-octave average of the acceleration PSD
        double lo = f / Math.pow(2, 1.0 / 6);
        double hi = f * Math.pow(2, 1.0 / 6);
        double sum = 0;
        double sumLow = 0;
        double sumHigh = 0;
        double sumTarget = 0;
        int cnt = 0;
        for (int k = (int) Math.ceil(lo * seg / rate); k <= hi * seg / rate; k++) {
          double fk = k * rate / seg;
          sum += psd[k] * Math.pow(2 * Math.PI * fk, 2);
          sumLow += Math.pow(10, PetersonNoise.lowDb(1 / fk) / 10);
          sumHigh += Math.pow(10, PetersonNoise.highDb(1 / fk) / 10);
          sumTarget += Math.pow(10, PetersonNoise.levelDb(1 / fk, fractions[i]) / 10);
          cnt++;
        }
        double db = 10 * Math.log10(sum / cnt);
        // The models averaged over the same bins: they are steep near the microseism peaks.
        double low = 10 * Math.log10(sumLow / cnt);
        double high = 10 * Math.log10(sumHigh / cnt);
        worstLow = Math.min(worstLow, db - low);
        worstHigh = Math.min(worstHigh, high - db);
        sumDev += db - 10 * Math.log10(sumTarget / cnt);
        nb++;
        assertTrue(
            db >= low - TOLERANCE_DB,
            "%s fraction %.1f: %.1f dB below NLNM %.1f at %.2f Hz"
                .formatted(s.id(), fractions[i], db, low, f));
        assertTrue(
            db <= high + TOLERANCE_DB,
            "%s fraction %.1f: %.1f dB above NHNM %.1f at %.2f Hz"
                .formatted(s.id(), fractions[i], db, high, f));
      }
      double meanDev = sumDev / nb;
      System.out.printf(
          "noise fraction %.1f: min margin above NLNM %.1f dB, below NHNM %.1f dB, mean deviation from target %.2f dB%n",
          fractions[i], worstLow, worstHigh, meanDev);
      assertTrue(
          Math.abs(meanDev) <= TOLERANCE_DB, "mean deviation from the target level " + meanDev);
    }
  }

  /** One-sided Welch PSD, Hann window, 50 % overlap, linear detrend-free (mean removed). */
  static double[] welch(double[] x, int seg, double rate) {
    double[] w = new double[seg];
    double wss = 0;
    for (int i = 0; i < seg; i++) {
      w[i] = 0.5 * (1 - Math.cos(2 * Math.PI * i / seg));
      wss += w[i] * w[i];
    }
    double[] psd = new double[seg / 2 + 1];
    DoubleFFT_1D fft = new DoubleFFT_1D(seg);
    int count = 0;
    for (int start = 0; start + seg <= x.length; start += seg / 2) {
      double mean = 0;
      for (int i = 0; i < seg; i++) {
        mean += x[start + i];
      }
      mean /= seg;
      double[] a = new double[seg];
      for (int i = 0; i < seg; i++) {
        a[i] = (x[start + i] - mean) * w[i];
      }
      fft.realForward(a);
      for (int k = 1; k < seg / 2; k++) {
        psd[k] += 2 * (a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1]) / (rate * wss);
      }
      count++;
    }
    for (int k = 0; k < psd.length; k++) {
      psd[k] /= count;
    }
    return psd;
  }
}
