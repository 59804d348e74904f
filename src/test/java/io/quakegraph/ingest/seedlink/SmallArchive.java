package io.quakegraph.ingest.seedlink;

import io.quakegraph.SharedData;
import io.quakegraph.cli.QuakeGraph;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** A small synthetic SCEDC-layout archive made with {@code quakegraph synth}, for the tests. */
public final class SmallArchive {
  private SmallArchive() {}

  /** {@code stations} stations (HH? and HN?, 100 Hz) for {@code minutes} minutes, one event. */
  public static Path write(Path dir, int stations, int minutes) {
    CommandLine cl = QuakeGraph.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "synth",
            "--stations",
            SharedData.path("stations/scedc_channel_epochs.txt").toString(),
            "--max-stations",
            Integer.toString(stations),
            "--duration",
            minutes + "m",
            "--events",
            "1",
            "--min-magnitude",
            "3",
            "--max-magnitude",
            "4",
            "--seed",
            "7",
            "--imperfections",
            "none",
            "--threads",
            "1",
            "--out",
            dir.toString());
    if (code != 0) {
      throw new IllegalStateException("synth failed: " + err);
    }
    return dir;
  }

  /** Every record of every miniSEED file under {@code dir}. */
  public static List<MiniSeedRecord> records(Path dir) throws IOException {
    List<MiniSeedRecord> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".ms")).sorted().toList()) {
        out.addAll(MiniSeed.read(p).records());
      }
    }
    return out;
  }

  /** The source traces, as the archive's files hold them. */
  public static List<Trace> traces(Path dir) throws IOException {
    return Traces.assemble(records(dir));
  }
}
