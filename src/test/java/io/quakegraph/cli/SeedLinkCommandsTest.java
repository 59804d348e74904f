package io.quakegraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage errors of {@code seedlink-server} and {@code ingest}: one line, exit code 2. */
class SeedLinkCommandsTest {
  private static String[] run(String... args) {
    CommandLine cl = QuakeGraph.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void badArgumentsAreOneLineErrors(@TempDir Path dir) {
    String[] r =
        run("seedlink-server", "--archive", dir.toString(), "--port", "0", "--speed", "fast");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("'fast'"), r[2]);
    r = run("seedlink-server", "--archive", dir.resolve("none").toString(), "--port", "0");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("does not exist"), r[2]);
    r = run("seedlink-server", "--archive", dir.toString(), "--port", "0");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("holds no file"), r[2]);
    r =
        run(
            "ingest",
            "--seedlink",
            "localhost",
            "--streams",
            "CI_*",
            "--bootstrap",
            "localhost:9092");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("HOST:PORT"), r[2]);
    r =
        run(
            "ingest",
            "--seedlink",
            "localhost:18000",
            "--streams",
            "CIPAS",
            "--bootstrap",
            "localhost:9092");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("NET_STA"), r[2]);
  }
}
