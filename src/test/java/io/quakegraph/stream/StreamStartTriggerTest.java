package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.cli.QuakeGraphHome;
import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.Stgnn;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start of a stream is not an onset: simulated noise-only data of 40 real CI stations (the
 * demo's noise, seed 99; HH instruments in counts, conditioned by the station stage from their
 * first sample) must not turn the trigger on in the first 20 s. Before the trigger skipped the
 * conditioning's start-up and used unbiased averages during warm-up, a dozen stations triggered
 * 10-16 s after the job started, all at once, which the association took for an earthquake.
 */
class StreamStartTriggerTest {
  static final int STATIONS = 40;

  /** Simulated span, s. */
  static final int SECONDS = 25;

  /** Settle (5 s) + LTA warm-up (10 s) + 5 s: where the old trigger fired on many stations. */
  static final double START_S = 20;

  @Test
  void noiseFromTheFirstSampleOnNeverTriggers(@TempDir Path dir) throws Exception {
    long start = Times.parse("2019-07-06T03:00:00Z");
    ScenarioRequest r =
        new ScenarioRequest(
            QuakeGraphHome.defaultStations(),
            "CI",
            start,
            SECONDS * 1_000_000L,
            0,
            99,
            "flat",
            ScenarioOptions.defaults(),
            ImperfectionLevel.parse("none"),
            STATIONS,
            List.of("test"),
            "test");
    new ScenarioWriter(new PrintStream(OutputStream.nullOutputStream()), 1, 60).write(r, dir);
    Path inventory = dir.resolve("stations");
    Path model = dir.resolve("model");
    try (Stgnn s =
        Stgnn.builder(NetworkFrame.of(StationXml.readDirectory(inventory).stations(), 50))
            .embeddingDim(8)
            .hidden(8)
            .k(2)
            .seed(3)
            .build()) {
      s.save(model);
    }
    TreeMap<String, List<Trace>> byStation = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().contains("HH")).toList()) {
        for (Trace t : MiniSeed.readTraces(f)) {
          byStation.computeIfAbsent(t.id().stationId(), k -> new ArrayList<>()).add(t);
        }
      }
    }
    assertEquals(STATIONS, byStation.size(), "stations simulated: " + byStation.keySet());
    List<String> triggered = new ArrayList<>();
    for (var e : byStation.entrySet()) {
      List<StationWindow> out = run(inventory, model, e.getValue());
      assertTrue(out.size() >= SECONDS - 5, e.getKey() + ": only " + out.size() + " windows");
      out.stream()
          .filter(w -> w.triggerMicros() != Long.MIN_VALUE)
          .filter(w -> w.triggerMicros() - start < START_S * 1e6)
          .findFirst()
          .ifPresent(
              w -> triggered.add(e.getKey() + " at " + (w.triggerMicros() - start) / 1e6 + " s"));
    }
    assertTrue(
        triggered.isEmpty(),
        "triggers on noise in the first " + START_S + " s of the stream: " + triggered);
  }

  private static List<StationWindow> run(Path inventory, Path model, List<Trace> traces)
      throws Exception {
    try (var h = StationProcessorTest.harness(inventory, model, 60, Duration.ofSeconds(10))) {
      StationProcessorTest.feed(h, StreamFixtures.interleaved(traces));
      h.processWatermark(Long.MAX_VALUE);
      return h.extractOutputValues();
    }
  }
}
