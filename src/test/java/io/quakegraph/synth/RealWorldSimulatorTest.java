package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.sc.seis.TauP.TauModel;
import io.quakegraph.seismic.CrustalModel;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The real-world simulator: deterministic, different from the ideal one, onsets on time. */
class RealWorldSimulatorTest {
  private static final long T0 = Times.parse("2022-08-09T07:41:13.5Z");
  private static final SimulationOptions REAL =
      SimulationOptions.defaults().toBuilder().realism(Realism.REAL_WORLD).build();

  private static SyntheticEvent event(String id, double mw, double depth, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return new SyntheticEvent(
        id,
        new Origin(T0, TestNetworks.LAT, TestNetworks.LON, depth),
        mw,
        BruneSource.sampleStressDropMPa(rng),
        FocalMechanism.random(rng));
  }

  @Test
  void sameSeedGivesIdenticalBytesAndTheSwitchChangesThem() {
    long seed = 5;
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(12, 5, 250, seed), T0, seed);
    TravelTimes tt = TravelTimes.hadleyKanamori();
    NetworkSimulator a = new NetworkSimulator(net, tt, REAL);
    NetworkSimulator b = new NetworkSimulator(net, tt, REAL);
    NetworkSimulator ideal = new NetworkSimulator(net, tt, SimulationOptions.defaults());
    for (double mw : new double[] {3.5, 7.2}) {
      SyntheticEvent e = event("det" + mw, mw, 9, seed);
      long start = e.origin().timeMicros() - 4_000_000L;
      Map<SourceId, Trace> wa = a.eventWindow(e, start, 60, NetworkSimulator.Units.COUNTS, seed);
      Map<SourceId, Trace> wb = b.eventWindow(e, start, 60, NetworkSimulator.Units.COUNTS, seed);
      Map<SourceId, Trace> wi =
          ideal.eventWindow(e, start, 60, NetworkSimulator.Units.COUNTS, seed);
      assertEquals(wa.keySet(), wb.keySet());
      int differ = 0;
      for (SourceId id : wa.keySet()) {
        assertArrayEquals(wa.get(id).samples(), wb.get(id).samples(), id.toString());
        if (!java.util.Arrays.equals(wa.get(id).samples(), wi.get(id).samples())) {
          differ++;
        }
      }
      assertEquals(wa.size(), differ, "every real-world channel differs from the ideal one");
      SimulatedStation s = net.stations().get(3);
      List<Trace> ra = a.recordStation(s, List.of(e), start, start + 90_000_000L, seed);
      List<Trace> rb = b.recordStation(s, List.of(e), start, start + 90_000_000L, seed);
      for (int k = 0; k < ra.size(); k++) {
        assertArrayEquals(ra.get(k).samples(), rb.get(k).samples(), ra.get(k).id().toString());
      }
      assertEquals(a.truePicks(e), b.truePicks(e));
    }
  }

  @Test
  void recordsOfAdjacentSpansJoinWithTheDayNightNoise() {
    long seed = 8;
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(2, 20, 40, seed), T0, seed);
    NetworkSimulator sim = new NetworkSimulator(net, TravelTimes.hadleyKanamori(), REAL);
    SimulatedStation s = net.stations().get(0);
    long start = T0;
    List<Trace> whole = sim.recordStation(s, List.of(), start, start + 20_000_000L, seed);
    List<Trace> first = sim.recordStation(s, List.of(), start, start + 10_000_000L, seed);
    List<Trace> second =
        sim.recordStation(s, List.of(), start + 10_000_000L, start + 20_000_000L, seed);
    for (int k = 0; k < whole.size(); k++) {
      double[] w = whole.get(k).samples();
      double[] joined = new double[w.length];
      System.arraycopy(first.get(k).samples(), 0, joined, 0, 1000);
      System.arraycopy(second.get(k).samples(), 0, joined, 1000, 1000);
      assertArrayEquals(w, joined, whole.get(k).id().toString());
    }
  }

  /**
   * A finite rupture starts at its hypocentre: near the fault the P onset lies on the hypocentre's
   * arrival (its 1-D TauP time plus the event's travel-time anomaly, which the true picks report),
   * not on the earlier-looking arrivals of sub-faults nearer the station; and the anomaly stays
   * within its bounds (static +-0.3 s, a few per cent of the travel time).
   */
  @Test
  void nearFaultPOnsetIsTheHypocentresArrival() {
    long seed = 21;
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(30, 2, 60, seed), T0, seed);
    TauModel tau = TravelTimes.tauModel(CrustalModel.hadleyKanamori());
    NetworkSimulator sim =
        new NetworkSimulator(
            net,
            TravelTimes.hadleyKanamori(),
            REAL.toBuilder().noise(false).phases(SimulationOptions.Phases.P_ONLY).build());
    int checked = 0;
    for (int ev = 0; ev < 3; ev++) {
      SyntheticEvent e = event("onset" + ev, 7.0 + 0.3 * ev, 6 + 4 * ev, seed + ev);
      FiniteRupture rupture = sim.rupture(e);
      assertNotNull(rupture, "M >= 6 is a finite rupture");
      long start = e.origin().timeMicros() - 1_234_567L;
      Map<SourceId, Trace> w = sim.eventWindow(e, start, 30, NetworkSimulator.Units.VELOCITY, seed);
      Map<String, Long> picks = new java.util.HashMap<>();
      for (Pick p : sim.truePicks(e)) {
        if (p.phase().equals("P")) {
          picks.put(p.channel().stationId(), p.timeMicros());
        }
      }
      for (SimulatedStation s : net.stations()) {
        double lat = s.station().latitude();
        double lon = s.station().longitude();
        if (rupture.joynerBooreKm(lat, lon) > 30) {
          continue;
        }
        double[] z = w.get(new SourceId("XX", s.station().station(), "", "HHZ")).samples();
        int first = firstNonZero(z);
        long expect = Math.round((picks.get(s.id()) - start) * 100 / 1e6);
        assertTrue(
            Math.abs(first - expect) <= 1,
            "%s: P onset sample %d, hypocentre's arrival %d".formatted(s.id(), first, expect));
        double km =
            Geodesy.distanceAzimuth(e.origin().latitude(), e.origin().longitude(), lat, lon)[0];
        double tauP = TravelTimes.exactFirstArrival(tau, true, km, e.origin().depthKm())[0];
        double anomaly = (picks.get(s.id()) - e.origin().timeMicros()) / 1e6 - tauP;
        assertTrue(
            Math.abs(anomaly) <= TravelTimeAnomaly.MAX_STATIC_S + 0.15 * tauP + 0.02,
            "%s: anomaly %.3f s on a %.2f s path".formatted(s.id(), anomaly, tauP));
        checked++;
      }
    }
    assertTrue(checked >= 10, "too few near-fault stations: " + checked);
  }

  private static int firstNonZero(double[] x) {
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0) {
        return i;
      }
    }
    return -1;
  }
}
