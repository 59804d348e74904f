package io.quakegraph.cli;

import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.QuakeMl;
import io.quakegraph.seismic.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo on its embedded default. Until the streaming job exists it simulates a small scenario on
 * the real CI station set (three earthquakes in ten minutes) and says what it wrote and where; a
 * scenario already written with the same seed is reused, since the simulator is deterministic.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Simulate a small synthetic scenario on the real CI network and summarise it.")
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      description = "scenario folder (default: scenarios/demo-<seed> in the checkout)")
  Path out;

  @Option(names = "--seed", defaultValue = "2019", description = "scenario seed (${DEFAULT-VALUE})")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path dir =
        out != null ? out : QuakeGraphHome.home().resolve("scenarios").resolve("demo-" + seed);
    var stdout = spec.commandLine().getOut();
    if (Files.isRegularFile(dir.resolve("scenario.json"))) {
      stdout.printf("reusing the scenario already simulated in %s%n", dir);
      describe(dir, stdout);
      return 0;
    }
    Files.createDirectories(dir.getParent());
    CommandLine synth = new CommandLine(new SynthCommand());
    synth.setOut(spec.commandLine().getOut());
    synth.setErr(spec.commandLine().getErr());
    return synth.execute(
        "--start", "2019-07-06T03:00:00Z",
        "--duration", "10m",
        "--events", "3",
        "--min-magnitude", "3.5",
        "--max-magnitude", "5.5",
        "--seed", Long.toString(seed),
        "--out", dir.toString());
  }

  private static void describe(Path dir, java.io.PrintWriter w) throws IOException {
    List<Earthquake> events = QuakeMl.read(dir.resolve("catalog.xml"));
    long files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".ms") || p.toString().endsWith(".mseed")).count();
    }
    w.printf("  %d miniSEED files, StationXML in %s%n", files, dir.resolve("stations"));
    w.printf("  %s: %d events%n", dir.resolve("catalog.xml"), events.size());
    for (Earthquake e : events) {
      w.printf(
          "  %-16s %s %9.4f %10.4f %6.2fkm M%.2f%n",
          e.eventId(),
          Times.format(e.origin().timeMicros()),
          e.origin().latitude(),
          e.origin().longitude(),
          e.origin().depthKm(),
          e.magnitude());
    }
  }
}
