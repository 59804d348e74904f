package io.quakegraph.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quakegraph evaluate} leaves the checkout's docs alone unless told {@code --write-docs}:
 * run (as a process) against a copy of the checkout's docs, once without the flag (the file's bytes
 * unchanged, no plots) and once with it (the evaluate section rewritten with the command that made
 * it, the plots written). One event, one time, no classical method: the point is where it writes.
 */
class EvaluateDocsTest {
  @Test
  void docsAreWrittenOnlyWithWriteDocs(@TempDir Path home) throws Exception {
    Path docs = home.resolve("docs");
    Files.createDirectories(docs);
    Path bench = docs.resolve("BENCHMARKS.md");
    Files.copy(Path.of("docs/BENCHMARKS.md"), bench);
    byte[] original = Files.readAllBytes(bench);
    String model = Path.of("model-export/stgnn-socal-v1").toAbsolutePath().toString();
    String[] args = {
      "evaluate",
      "--model",
      model,
      "--events",
      "1",
      "--times",
      "4",
      "--dropouts",
      "0",
      "--no-classical"
    };
    Map<String, String> props = Map.of("quakegraph.home", home.toString());

    CliProcess plain = CliProcess.start(Map.of(), props, args);
    assertEquals(0, plain.await(Duration.ofMinutes(3)), plain.all());
    assertTrue(
        plain
            .out()
            .contains("evaluate: docs/ not touched (--write-docs updates docs/BENCHMARKS.md)"),
        plain.all());
    assertArrayEquals(
        original, Files.readAllBytes(bench), "BENCHMARKS.md changed without --write-docs");
    assertFalse(Files.exists(docs.resolve("img")), "plots written into docs/ without --write-docs");

    String[] withDocs =
        Stream.concat(Stream.of(args), Stream.of("--write-docs")).toArray(String[]::new);
    CliProcess written = CliProcess.start(Map.of(), props, withDocs);
    assertEquals(0, written.await(Duration.ofMinutes(3)), written.all());
    String after = Files.readString(bench);
    assertFalse(after.equals(new String(original, java.nio.charset.StandardCharsets.UTF_8)));
    assertTrue(
        after.contains("--events 1 --times 4 --dropouts 0 --no-classical --write-docs"), after);
    try (Stream<Path> pngs = Files.list(docs.resolve("img/evaluate"))) {
      assertTrue(pngs.anyMatch(p -> p.toString().endsWith(".png")), "no plot in docs/img/evaluate");
    }
  }
}
