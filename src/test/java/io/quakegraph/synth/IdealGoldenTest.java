package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.train.SyntheticEvents;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ideal simulator (the default, {@link Realism#IDEAL}) gives the same bytes as before the
 * realism switch existed: the digests below were computed with the code of commit 94ff672.
 */
class IdealGoldenTest {
  private static final long T0 = Times.parse("2021-05-04T10:20:30.123456Z");

  static final String RECORDS = "28161994b07c98629ae97756833f73f43beb0e17b72842cfa20e95109698b402";
  static final String EVALUATION_9001 =
      "00864793129ffc1d075550775fa12d9fbbd04bd5fe4152316abbf1c88d37742a";

  @Test
  void recordsWindowsAndPicksAreUnchanged() throws Exception {
    long seed = 31;
    SyntheticNetwork net = SyntheticNetwork.build(TestNetworks.ring(8, 5, 300, seed), T0, seed);
    NetworkSimulator sim =
        new NetworkSimulator(net, TravelTimes.hadleyKanamori(), SimulationOptions.defaults());
    SplittableRandom rng = new SplittableRandom(seed);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    double[] mags = {3.1, 5.4, 6.4};
    for (int i = 0; i < mags.length; i++) {
      SyntheticEvent e =
          new SyntheticEvent(
              "gold" + i,
              new Origin(
                  T0 + i * 7_000_000L, TestNetworks.LAT + 0.03 * i, TestNetworks.LON, 4 + 5 * i),
              mags[i],
              BruneSource.sampleStressDropMPa(rng),
              FocalMechanism.random(rng));
      for (Trace t :
          sim.eventWindow(
                  e, e.origin().timeMicros() - 3_000_000L, 40, NetworkSimulator.Units.COUNTS, seed)
              .values()) {
        digest(md, t.samples());
      }
      for (Trace t :
          sim.recordStation(
              net.stations().get(i),
              List.of(e),
              e.origin().timeMicros() - 2_000_000L,
              e.origin().timeMicros() + 50_000_000L,
              seed + i)) {
        digest(md, t.samples());
      }
      for (Pick p : sim.truePicks(e)) {
        md.update((p.channel() + p.phase() + p.timeMicros()).getBytes());
      }
    }
    assertEquals(RECORDS, HexFormat.of().formatHex(md.digest()));
  }

  @Test
  void fixedEvaluationSetSeed9001IsUnchanged() throws Exception {
    Path stations = Path.of("..", "shared", "data", "stations", "scedc_channel_epochs.txt");
    Assumptions.assumeTrue(Files.isRegularFile(stations), "needs ../shared");
    SyntheticNetwork net = SyntheticEvents.network(stations, "CI", "2020-01-01T00:00:00Z", 1);
    SyntheticEvents se =
        new SyntheticEvents(net, ModelInputSpec.DEFAULT, ScenarioOptions.defaults(), 9001);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (long i = 0; i < 2; i++) {
      EventSample s = se.event(i);
      md.update((s.eventId() + s.truth().origin() + s.truth().magnitude()).getBytes());
      for (StationWaveform w : s.stations()) {
        for (float[] c : w.velocity()) {
          ByteBuffer b = ByteBuffer.allocate(4 * c.length);
          for (float v : c) {
            b.putFloat(v);
          }
          md.update(b.array());
        }
      }
    }
    assertEquals(EVALUATION_9001, HexFormat.of().formatHex(md.digest()));
  }

  private static void digest(MessageDigest md, double[] x) {
    ByteBuffer b = ByteBuffer.allocate(8 * x.length);
    for (double v : x) {
      b.putDouble(v);
    }
    md.update(b.array());
  }
}
