package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real continuous data as the noise of the stations that recorded it. */
class RecordedNoiseTest {
  private static final Path DIR = Path.of("..", "shared", "data", "continuous");

  @Test
  void broadbandDaysLoadAndSlowChannelsDoNot() {
    Assumptions.assumeTrue(Files.isDirectory(DIR), "needs ../shared");
    RecordedNoise noise = RecordedNoise.load(DIR);
    // CCA and HEC: 40 Hz BHN days with StationXML; FOX2 and NCH are 1 Hz LHZ.
    assertEquals(Set.of("CI.CCA", "CI.HEC"), noise.stations());
    long t = Times.parse("2024-03-05T04:00:00Z");
    for (String id : noise.stations()) {
      double[] x = noise.segment(id, 0, t, 6000, 100);
      double rms = 0;
      for (double v : x) {
        assertTrue(Double.isFinite(v));
        rms += v * v;
      }
      rms = Math.sqrt(rms / x.length);
      // Between the NLNM and NHNM in the 0.05-20 Hz band: nm/s to tens of um/s.
      assertTrue(rms > 1e-10 && rms < 1e-4, id + " rms " + rms + " m/s");
      // Other components come from other stretches of the day.
      double[] y = noise.segment(id, 1, t, 6000, 100);
      assertTrue(!java.util.Arrays.equals(x, y));
    }
  }

  @Test
  void aRealWorldStationWithARecordingGetsItsRecordedNoise() {
    Assumptions.assumeTrue(Files.isDirectory(DIR), "needs ../shared");
    long t0 = Times.parse("2024-03-05T04:00:00Z");
    Station cca = new Station("CI", "CCA", 35.15252, -118.01649, 710, "CCA", List.of());
    SyntheticNetwork net = SyntheticNetwork.build(List.of(cca), t0, 3);
    NetworkSimulator sim =
        new NetworkSimulator(
            net,
            TravelTimes.hadleyKanamori(),
            SimulationOptions.defaults().toBuilder()
                .signal(false)
                .realism(Realism.REAL_WORLD)
                .build());
    SyntheticEvent e =
        new SyntheticEvent("rn", new Origin(t0, 35, -118, 8), 4, 3, new FocalMechanism(0, 90, 0));
    Map<SourceId, Trace> w = sim.eventWindow(e, t0, 30, NetworkSimulator.Units.VELOCITY, 3);
    double[] expected = RecordedNoise.shared().segment("CI.CCA", 0, t0, 3000, 100);
    assertArrayEquals(expected, w.get(new SourceId("CI", "CCA", "", "HHZ")).samples(), 0);
  }
}
