package io.quakegraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {

  @Test
  void durationsParseAsPeopleTypeThem() {
    assertEquals(Duration.ofSeconds(90), DurationParser.parse("90s"));
    assertEquals(Duration.ofMinutes(10), DurationParser.parse("10m"));
    assertEquals(Duration.ofHours(1), DurationParser.parse("1h"));
    assertEquals(Duration.ofDays(2), DurationParser.parse("2d"));
    assertEquals(Duration.ofMinutes(90), DurationParser.parse("1h30m"));
    assertEquals(Duration.ofMillis(250), DurationParser.parse("250ms"));
    assertEquals(Duration.ofMinutes(90), DurationParser.parse("PT1H30M"));
    assertEquals(Duration.ofSeconds(45), DurationParser.parse("45"));
    assertEquals(Duration.ofMillis(1500), DurationParser.parse("1.5s"));
    for (String bad : new String[] {"", "10x", "h", "-5m", "0s", "1h-2m", "PT"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DurationParser.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void writesASmallScenarioAndSaysWhatItWrote(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("scenario");
    Run r =
        run(
            "--stations", SharedData.path("stations/scedc_channel_epochs.txt").toString(),
            "--max-stations", "3",
            "--duration", "3m",
            "--events", "1",
            "--min-magnitude", "3",
            "--max-magnitude", "4",
            "--seed", "11",
            "--layout", "flat",
            "--imperfections", "none",
            "--out", out.toString());
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("18 miniSEED files"), r.out);
    assertTrue(r.out.contains("qgsyn11-1"), r.out);
    assertTrue(r.err.contains("3/3 stations"), r.err);
    try (var files = Files.list(out.resolve("waveforms"))) {
      assertEquals(18, files.filter(p -> p.toString().endsWith(".mseed")).count());
    }
    JsonNode json = new ObjectMapper().readTree(out.resolve("scenario.json").toFile());
    assertEquals("synth", json.get("commandLine").get(1).asText());
    assertEquals("--max-stations", json.get("commandLine").get(4).asText());
    double m = json.get("events").get(0).get("magnitude").asDouble();
    assertTrue(m >= 3 && m <= 4, "M" + m);
  }

  @Test
  void badUsageIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
    Run bad = run("--duration", "ten minutes", "--out", dir.resolve("x").toString());
    assertEquals(2, bad.code);
    assertTrue(bad.err.contains("ten minutes"), bad.err);

    Run missing =
        run("--stations", dir.resolve("nope.txt").toString(), "--out", dir.resolve("y").toString());
    assertEquals(2, missing.code);
    assertEquals(1, missing.err.strip().lines().count(), missing.err);
    assertTrue(missing.err.contains("nope.txt"), missing.err);

    Run range =
        run("--min-magnitude", "5", "--max-magnitude", "4", "--out", dir.resolve("z").toString());
    assertEquals(2, range.code);
    assertTrue(range.err.contains("--min-magnitude"), range.err);

    Run layout = run("--layout", "sds", "--out", dir.resolve("w").toString());
    assertEquals(2, layout.code);
    assertTrue(layout.err.contains("sds"), layout.err);

    Run crowded =
        run(
            "--stations", SharedData.path("stations/scedc_channel_epochs.txt").toString(),
            "--max-stations", "3",
            "--duration", "2m",
            "--events", "30",
            "--out", dir.resolve("v").toString());
    assertEquals(2, crowded.code);
    assertTrue(crowded.err.contains("cannot fit 30 events"), crowded.err);
    assertEquals(1, crowded.err.strip().lines().count(), crowded.err);
    assertFalse(crowded.err.contains("at io.quakegraph"), crowded.err);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new SynthCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
