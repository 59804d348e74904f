package io.quakegraph.ops;

import io.quakegraph.stream.ModelRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An exported model folder is complete and loads into the engine. */
public final class ModelCheck {
  /** The files of an export (the model package's layout). */
  static final List<String> FILES = List.of("spec.json", "encoder.params", "head.params");

  private ModelCheck() {}

  /**
   * Checks the files, then loads the model once and closes it, so a truncated parameter file or a
   * spec of another format is found before any worker is started.
   */
  public static void folder(Path dir, String option) {
    if (!Files.isDirectory(dir)) {
      throw new PreflightException(
          "model folder " + dir.toAbsolutePath() + " does not exist",
          "point " + option + " at an exported model, e.g. model-export/stgnn-socal-v2");
    }
    List<String> missing =
        FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
    if (!missing.isEmpty()) {
      throw new PreflightException(
          "model folder " + dir + " is incomplete: no " + String.join(", ", missing),
          "point " + option + " at a complete export (spec.json, encoder.params, head.params)");
    }
    try (ModelRunner m = ModelRunner.load(dir)) {
      m.spec();
    } catch (Exception | LinkageError e) {
      throw new PreflightException(
          "model " + dir + " does not load: " + KafkaCheck.rootMessage(e),
          "re-export it (quakegraph train) or point " + option + " at another export");
    }
  }
}
