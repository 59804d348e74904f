package io.quakegraph.ops;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** A checkpoint or savepoint given to restore from is there and complete (local paths). */
public final class RestoreCheck {
  private RestoreCheck() {}

  /** {@code path}: a chk-N or savepoint folder, or its {@code _metadata} file. */
  public static void path(Path path) {
    Path p = path;
    if (path.toString().startsWith("file:")) {
      p = Path.of(URI.create(path.toString()));
    }
    Path meta = Files.isDirectory(p) ? p.resolve("_metadata") : p;
    if (!Files.isRegularFile(meta)) {
      throw new PreflightException(
          "no checkpoint or savepoint at " + p.toAbsolutePath() + " (no _metadata file)",
          "give --from-checkpoint a chk-N folder of the checkpoint folder, or --from-savepoint a"
              + " savepoint folder");
    }
  }
}
