package io.quakegraph.demo;

import io.quakegraph.ops.Folders;
import io.quakegraph.seismic.Times;
import io.quakegraph.synth.ImperfectionLevel;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.ScenarioRequest;
import io.quakegraph.synth.ScenarioWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's synthetic scenario: three M4.0-5.5 earthquakes, each alone on the network, on the
 * {@value #STATIONS} active CI broadband stations nearest the network's centre (the dense part of
 * the real network), with the default imperfections (outages, gaps, dead channels), in {@value
 * #DURATION_SECONDS} s.
 *
 * <p>Why these numbers: the demo has to finish in under three minutes on a 2-core machine, and the
 * job reconditions and encodes every live station at every step; {@value #STATIONS} stations x
 * {@value #DURATION_SECONDS} s is what it gets through in that time with the broker, the replay and
 * the simulator sharing the cores. Epicentres are drawn inside the stations' bounding box (no
 * margin), and the default seed is one whose three epicentres lie inside the stations' convex hull,
 * at least 30 km apart, the first origin at least 60 s after the start (the job needs a minute of
 * data before the first window for its causal filters and trigger to settle).
 */
public final class DemoScenario {
  /** Default seed (see the class comment), as picocli default text. */
  public static final String DEFAULT_SEED_TEXT = "99";

  /** Stations nearest the CI network's centre. */
  public static final int STATIONS = 100;

  /** Scenario length, s. */
  public static final int DURATION_SECONDS = 420;

  /**
   * Scenario start: a quiet hour of the 2019 network (the Ridgecrest sequence is not simulated).
   */
  public static final String START = "2019-07-06T03:00:00Z";

  private DemoScenario() {}

  /** The request for a seed. */
  public static ScenarioRequest request(long seed, Path stationsFile) {
    ScenarioOptions d = ScenarioOptions.defaults();
    ScenarioOptions options =
        d.toBuilder()
            .minMagnitude(4.0)
            .maxMagnitude(5.5)
            .marginDeg(0.0)
            .minDepthKm(d.minDepthKm())
            .maxDepthKm(20.0)
            .build();
    return new ScenarioRequest(
        stationsFile,
        "CI",
        Times.parse(START),
        DURATION_SECONDS * 1_000_000L,
        3,
        seed,
        "scedc",
        options,
        ImperfectionLevel.parse("default"),
        STATIONS,
        List.of("quakegraph", "demo", "--seed", Long.toString(seed)),
        "quakegraph demo");
  }

  /**
   * Makes sure {@code dir} holds the scenario of {@code seed}: reuses it when its {@code
   * scenario.json} is there (the simulator is deterministic), else simulates it into a sibling
   * {@code .partial} folder and renames that, so an interrupted run never leaves a half scenario
   * that a later run would reuse.
   *
   * @return true when an existing scenario was reused
   */
  public static boolean ensure(Path dir, long seed, Path stationsFile, PrintStream progress)
      throws IOException {
    if (Files.isRegularFile(dir.resolve("scenario.json"))) {
      return true;
    }
    Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
    Folders.deleteTree(partial);
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException(
              dir + " exists and is not a scenario (no scenario.json); give another --out");
        }
      }
      Files.delete(dir);
    }
    Files.createDirectories(partial.getParent());
    new ScenarioWriter(progress, Runtime.getRuntime().availableProcessors(), 10)
        .write(request(seed, stationsFile), partial);
    Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    return false;
  }
}
