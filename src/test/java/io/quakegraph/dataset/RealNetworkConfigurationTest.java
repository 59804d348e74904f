package io.quakegraph.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.synth.FocalMechanism;
import io.quakegraph.synth.NetworkConfiguration;
import io.quakegraph.synth.NetworkSimulator;
import io.quakegraph.synth.Realism;
import io.quakegraph.synth.SensorKind;
import io.quakegraph.synth.SimulatedStation;
import io.quakegraph.synth.SimulationOptions;
import io.quakegraph.synth.SyntheticEvent;
import io.quakegraph.synth.SyntheticNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Real network configurations: sparse, strong-motion-only and mixed networks, and a broadband that
 * clips beside its accelerometer, which the station stage must then use.
 */
class RealNetworkConfigurationTest {
  private static final long T0 = Times.parse("2019-07-06T03:19:53Z");

  private static List<Station> sites(int n) {
    SplittableRandom rng = new SplittableRandom(7);
    List<Station> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Station(
              "XX",
              "S%03d".formatted(i),
              34 + rng.nextDouble(-1.5, 1.5),
              -117.5 + rng.nextDouble(-1.5, 1.5),
              300,
              "site " + i,
              List.of()));
    }
    return out;
  }

  @Test
  void clippedBroadbandGivesWayToItsAccelerometer() {
    List<Station> sites =
        List.of(
            new Station("XX", "NEAR", 34.05, -117.5, 300, "near", List.of()),
            new Station("XX", "FAR", 35.3, -117.5, 300, "far", List.of()));
    SyntheticNetwork net = SyntheticNetwork.build(sites, T0, 3);
    NetworkSimulator sim =
        new NetworkSimulator(
            net,
            TravelTimes.hadleyKanamori(),
            SimulationOptions.defaults().toBuilder().realism(Realism.REAL_WORLD).build());
    SyntheticEvent e =
        new SyntheticEvent(
            "clip", new Origin(T0, 34.0, -117.5, 8), 6.2, 3, new FocalMechanism(40, 80, 170));
    Map<String, List<SensorKind>> both = new TreeMap<>();
    both.put("XX.NEAR", List.of(SensorKind.HH, SensorKind.HN));
    both.put("XX.FAR", List.of(SensorKind.HH, SensorKind.HN));
    NetworkConfiguration config = new NetworkConfiguration("test", both);
    ModelInputSpec spec = new ModelInputSpec(100, 5, 40, 20, 0.5);
    StationWindowCutter cutter = new StationWindowCutter(spec);
    long windowStart = spec.windowStart(T0);
    long dataStart = cutter.dataStart(windowStart);
    double seconds = (cutter.dataEnd(windowStart) - dataStart) / 1e6;
    Map<SourceId, Trace> counts =
        sim.eventWindow(e, dataStart, seconds, NetworkSimulator.Units.COUNTS, 3, config);
    Map<String, String> used = new HashMap<>();
    Map<String, Boolean> hhClipped = new HashMap<>();
    for (SimulatedStation s : net.stations()) {
      Map<SourceId, List<Trace>> segs =
          new TreeMap<>(java.util.Comparator.comparing(SourceId::toString));
      counts.forEach(
          (id, t) -> {
            if (id.stationId().equals(s.id())) {
              segs.put(id, List.of(t));
            }
          });
      boolean any = false;
      for (String c : List.of("HHZ", "HHN", "HHE")) {
        any |=
            Clipping.clipped(
                segs.get(new SourceId("XX", s.station().station(), "", c)),
                dataStart,
                cutter.dataEnd(windowStart));
      }
      hhClipped.put(s.id(), any);
      StationWindowCutter.Outcome o = cutter.cut(config.station(s), segs, windowStart);
      assertTrue(o instanceof StationWindowCutter.Cut, s.id() + ": " + o);
      used.put(s.id(), ((StationWindowCutter.Cut) o).waveform().channelsUsed());
    }
    assertTrue(hhClipped.get("XX.NEAR"), "an M6.2 at 6 km saturates the broadband");
    assertTrue(!hhClipped.get("XX.FAR"), "at 140 km it stays on scale");
    assertTrue(used.get("XX.NEAR").contains("HN"), "near: " + used.get("XX.NEAR"));
    assertTrue(used.get("XX.FAR").contains("HH"), "far: " + used.get("XX.FAR"));
  }

  @Test
  void drawnConfigurationsCoverSparseStrongMotionAndMixedNetworks() {
    SyntheticNetwork net = SyntheticNetwork.build(sites(120), T0, 4);
    NetworkSimulator sim =
        new NetworkSimulator(
            net,
            TravelTimes.hadleyKanamori(),
            SimulationOptions.defaults().toBuilder()
                .realism(Realism.REAL_WORLD)
                .signal(false)
                .build());
    SplittableRandom rng = new SplittableRandom(11);
    Map<String, Integer> kinds = new TreeMap<>();
    int sparse = 0;
    for (int i = 0; i < 200; i++) {
      SyntheticEvent e =
          new SyntheticEvent(
              "cfg" + i,
              new Origin(T0, 34 + rng.nextDouble(-1, 1), -117.5 + rng.nextDouble(-1, 1), 8),
              4,
              3,
              FocalMechanism.random(rng));
      NetworkConfiguration c = NetworkConfiguration.draw(net, e, rng.nextLong());
      kinds.merge(c.kind(), 1, Integer::sum);
      assertTrue(c.sensors().size() >= 4, c.toString());
      if (c.sensors().size() <= 11) {
        sparse++;
      }
      if (c.kind().equals("strong motion only")) {
        assertTrue(c.sensors().values().stream().allMatch(l -> l.equals(List.of(SensorKind.HN))));
      }
      if (i < 3) {
        // The channels the simulator writes are the ones the configuration's metadata describes.
        Map<SourceId, Trace> w = sim.eventWindow(e, T0, 10, NetworkSimulator.Units.COUNTS, 1, c);
        for (SimulatedStation s : net.stations()) {
          if (!c.sensors().containsKey(s.id())) {
            continue;
          }
          Station meta = c.station(s);
          for (var ch : meta.channels()) {
            Trace t = w.get(ch.id());
            assertTrue(t != null, ch.id() + " missing");
            assertEquals(ch.sampleRate(), t.sampleRate(), ch.id().toString());
          }
        }
      }
    }
    assertEquals(
        Set.of(
            "full mixed", "sparse mixed", "strong motion only", "sparse mixed with far stations"),
        kinds.keySet(),
        kinds.toString());
    assertTrue(sparse >= 20, "sparse networks of 4-11 stations: " + sparse);
  }

  @Test
  void realWorldSampleSourceRecordsEachEventWithItsOwnNetwork() {
    SyntheticNetwork net = SyntheticNetwork.build(sites(40), T0, 5);
    ModelInputSpec spec = new ModelInputSpec(50, 10, 30, 20, 0.5);
    try (SyntheticSampleSource src =
        new SyntheticSampleSource(
            net, spec, io.quakegraph.synth.ScenarioOptions.realWorld(), 17, 6)) {
      java.util.Set<Integer> sizes = new java.util.TreeSet<>();
      java.util.Set<String> sensors = new java.util.TreeSet<>();
      for (int i = 0; i < 6; i++) {
        EventSample s = src.next().orElseThrow();
        assertTrue(s.provenance().contains("real-world simulator"), s.provenance());
        assertTrue(s.stations().size() >= 4, s.provenance());
        sizes.add(s.stations().size());
        for (StationWaveform w : s.stations()) {
          sensors.add(w.channelsUsed().replaceAll(".*\\.\\.(..).*", "$1"));
        }
        assertEquals(s.stations().size(), s.firstP().length);
      }
      assertTrue(sizes.size() > 1, "networks differ from event to event: " + sizes);
      assertTrue(sensors.contains("HN"), "accelerometers are used: " + sensors);
    }
  }

  @Test
  void theStrongMotionNetworkOfAnEventIsItsNearestStationsAccelerometers() {
    List<Station> sites = sites(60);
    SyntheticNetwork net = SyntheticNetwork.build(sites, T0, 3);
    SyntheticEvent e =
        new SyntheticEvent(
            "sm", new Origin(T0, 34.0, -117.5, 8), 7.1, 3, new FocalMechanism(40, 80, 170));
    NetworkConfiguration c = NetworkConfiguration.strongMotionNearest(net, e, 11);
    assertEquals(11, c.sensors().size());
    assertTrue(c.sensors().values().stream().allMatch(k -> k.equals(List.of(SensorKind.HN))));
    double farthestIn =
        epicentralKm(net, e, s -> c.sensors().containsKey(s.id())).max().orElseThrow();
    double nearestOut =
        epicentralKm(net, e, s -> !c.sensors().containsKey(s.id())).min().orElseThrow();
    assertTrue(farthestIn <= nearestOut, farthestIn + " km in, " + nearestOut + " km out");
    assertTrue(c.surrounds(net, e), "11 stations of a network around the epicentre surround it");
    SyntheticEvent outside =
        new SyntheticEvent(
            "out", new Origin(T0, 37.0, -117.5, 8), 7.1, 3, new FocalMechanism(40, 80, 170));
    assertTrue(
        !NetworkConfiguration.strongMotionNearest(net, outside, 11).surrounds(net, outside),
        "an event 150 km north of the network is outside its nearest stations' hull");
  }

  private static java.util.stream.DoubleStream epicentralKm(
      SyntheticNetwork net,
      SyntheticEvent e,
      java.util.function.Predicate<SimulatedStation> which) {
    return net.stations().stream()
        .filter(which)
        .mapToDouble(
            s ->
                io.quakegraph.seismic.Geodesy.epicentralKm(
                    e.origin().latitude(),
                    e.origin().longitude(),
                    s.station().latitude(),
                    s.station().longitude()));
  }
}
