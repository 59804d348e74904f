package io.quakegraph;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the read-only real data in {@code ../shared/data} for tests. */
public final class SharedData {
  private SharedData() {}

  /** The {@code shared/data} folder; surefire passes {@code quakegraph.shared}. */
  public static Path root() {
    String prop = System.getProperty("quakegraph.shared");
    Path base = prop != null ? Path.of(prop) : Path.of("..", "shared");
    Path data = base.resolve("data");
    if (!Files.isDirectory(data)) {
      throw new IllegalStateException(
          "shared data not found at " + data.toAbsolutePath() + " (set -Dquakegraph.shared)");
    }
    return data;
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }
}
