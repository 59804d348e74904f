package io.quakegraph.bench;

import io.quakegraph.ops.Machine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps {@code docs/BENCHMARKS.md} current: each benchmark owns one section between markers and
 * rewrites only that section, so results of different benchmarks accumulate in one document.
 */
public final class BenchmarkReport {
  private static final String HEADER =
      """
      # QuakeGraph benchmarks

      Every figure here is written by a benchmark command (`./quakegraph bench ...` or JMH), never by
      a test. Each section names the command that reproduces it and the machine it ran on.
      """;

  private final Path file;

  public BenchmarkReport(Path file) {
    this.file = file;
  }

  /** The report in the checkout's {@code docs/} folder. */
  public static BenchmarkReport inDocs(Path home) {
    return new BenchmarkReport(home.resolve("docs").resolve("BENCHMARKS.md"));
  }

  /**
   * Replaces (or appends) section {@code name}, stamped with the command, the date and this
   * machine.
   */
  public void update(String name, String title, String command, String markdownBody) {
    String body =
        "## %s\n\nCommand: `%s`  \nRun: %s on %s\n\n%s\n"
            .formatted(
                title,
                command,
                LocalDate.now(ZoneOffset.UTC),
                Machine.describe(),
                markdownBody.strip());
    String begin = "<!-- bench:" + name + " -->";
    String end = "<!-- /bench:" + name + " -->";
    try {
      String text = Files.exists(file) ? Files.readString(file) : HEADER;
      Pattern section =
          Pattern.compile(Pattern.quote(begin) + ".*?" + Pattern.quote(end), Pattern.DOTALL);
      String block = begin + "\n" + body + end;
      Matcher m = section.matcher(text);
      text =
          m.find()
              ? text.substring(0, m.start()) + block + text.substring(m.end())
              : text.stripTrailing() + "\n\n" + block + "\n";
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
