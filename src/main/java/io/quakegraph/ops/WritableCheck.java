package io.quakegraph.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An output folder exists (or can be made) and takes a file. */
public final class WritableCheck {
  private WritableCheck() {}

  /**
   * Creates {@code dir} if needed and writes and deletes a probe file in it.
   *
   * @param option the option that names the folder, for the remedy
   */
  public static void folder(Path dir, String option) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".quakegraph-preflight", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new PreflightException(
          "cannot write to " + dir.toAbsolutePath() + " (" + reason(e) + ")",
          "choose a writable folder with " + option + " or fix its permissions");
    }
  }

  /** The folder an output file goes into takes a file. */
  public static void parentOf(Path file, String option) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new PreflightException(
          file + " is a folder, not a file", "give " + option + " a file name");
    }
    folder(parent, option);
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName().replace("Exception", "");
    return kind.isEmpty() || m == null ? String.valueOf(m) : kind + ": " + m;
  }
}
