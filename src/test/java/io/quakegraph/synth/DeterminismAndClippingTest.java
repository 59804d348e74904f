package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same seed, same samples; a large near event clips the broadband but not the accelerometer. */
class DeterminismAndClippingTest {
  private static final long T0 = Times.parse("2019-07-06T03:19:53Z");

  private static SyntheticEvent event(String id, double mw, double km) {
    double[] ll = TestNetworks.destination(TestNetworks.LAT, TestNetworks.LON, km, 45);
    return new SyntheticEvent(
        id, new Origin(T0, ll[0], ll[1], 8), mw, 3, new FocalMechanism(30, 60, -90));
  }

  @Test
  void sameSeedSameSamplesOtherSeedOtherSamples() {
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(5, 20, 120, 3), T0, 3);
    SyntheticNetwork again = SyntheticNetwork.build(TestNetworks.ring(5, 20, 120, 3), T0, 3);
    assertEquals(net.stations(), again.stations());
    assertNotEquals(
        net.stations(), SyntheticNetwork.build(TestNetworks.ring(5, 20, 120, 3), T0, 4).stations());
    NetworkSimulator sim =
        new NetworkSimulator(net, TravelTimes.hadleyKanamori(), SimulationOptions.defaults());
    SyntheticEvent e = event("det1", 3.8, 30);
    SimulatedStation s = net.stations().get(2);
    List<Trace> a = sim.recordStation(s, List.of(e), T0 - 10_000_000L, T0 + 50_000_000L, 11);
    List<Trace> b = sim.recordStation(s, List.of(e), T0 - 10_000_000L, T0 + 50_000_000L, 11);
    List<Trace> c = sim.recordStation(s, List.of(e), T0 - 10_000_000L, T0 + 50_000_000L, 12);
    assertEquals(a, b);
    for (int k = 0; k < 6; k++) {
      assertNotEquals(a.get(k), c.get(k), "seed 12 repeats seed 11 on " + a.get(k).id());
    }
    // A sub-span is the same record: waveforms and noise do not depend on the span asked for.
    List<Trace> part = sim.recordStation(s, List.of(e), T0, T0 + 20_000_000L, 11);
    double[] whole = a.get(1).samples();
    double[] sub = part.get(1).samples();
    for (int i = 0; i < sub.length; i++) {
      assertEquals(whole[i + 1000], sub[i], 0.0, "sample " + i + " of the sub-span");
    }
    Map<SourceId, Trace> w1 = sim.eventWindow(e, T0, 30, NetworkSimulator.Units.COUNTS, 5);
    Map<SourceId, Trace> w2 = sim.eventWindow(e, T0, 30, NetworkSimulator.Units.COUNTS, 5);
    Map<SourceId, Trace> w3 = sim.eventWindow(e, T0, 30, NetworkSimulator.Units.COUNTS, 6);
    assertEquals(w1, w2);
    assertNotEquals(w1, w3);
    List<Pick> picks = sim.truePicks(e);
    assertEquals(2 * net.stations().size(), picks.size());
  }

  @Test
  void largeNearEventClipsBroadbandButNotAccelerometer() {
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(1, 4.9, 5.1, 9), T0, 9);
    NetworkSimulator sim =
        new NetworkSimulator(net, TravelTimes.hadleyKanamori(), SimulationOptions.defaults());
    SimulatedStation s = net.stations().get(0);
    SyntheticEvent e =
        new SyntheticEvent(
            "big",
            new Origin(T0, TestNetworks.LAT, TestNetworks.LON, 8),
            6.0,
            3,
            new FocalMechanism(320, 85, 175));
    List<Trace> r = sim.recordStation(s, List.of(e), T0 - 5_000_000L, T0 + 60_000_000L, 1);
    for (Trace t : r) {
      double max = 0;
      for (double v : t.samples()) {
        max = Math.max(max, Math.abs(v));
      }
      System.out.printf("M6 at 5 km: %s peak |counts| %.0f%n", t.id().channel(), max);
      if (t.id().channel().startsWith("HH") && t.id().component() != 'Z') {
        assertTrue(max >= 8_388_607, t.id() + " should clip, peak " + max);
      }
      if (t.id().channel().startsWith("HN")) {
        assertTrue(max < 8_388_607, t.id() + " must not clip, peak " + max);
        assertFalse(max < 1000, t.id() + " recorded nothing");
      }
    }
  }
}
