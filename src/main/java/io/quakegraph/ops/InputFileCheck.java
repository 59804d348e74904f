package io.quakegraph.ops;

import io.quakegraph.dataset.CatalogFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** An input file a command reads is there, readable, and (for catalogues) parses. */
public final class InputFileCheck {
  private InputFileCheck() {}

  /** The file exists and can be read. */
  public static void readable(Path file, String option, String what) {
    if (!Files.isRegularFile(file)) {
      throw new PreflightException(
          what
              + " "
              + file.toAbsolutePath()
              + (Files.isDirectory(file) ? " is a folder" : " does not exist"),
          "give " + option + " an existing " + what + " file");
    }
    if (!Files.isReadable(file)) {
      throw new PreflightException(
          what + " " + file.toAbsolutePath() + " is not readable", "fix its permissions");
    }
  }

  /** The catalogue exists and parses (QuakeML, ComCat CSV or GeoJSON, event.json). */
  public static void catalog(Path file, String option) {
    readable(file, option, "catalogue");
    try {
      CatalogFiles.read(file);
    } catch (Exception e) {
      String m = String.valueOf(e.getMessage());
      throw new PreflightException(
          "bad catalogue " + (m.contains(file.toString()) ? m : file + ": " + m),
          "give " + option + " QuakeML, a ComCat CSV or GeoJSON, or an event.json");
    }
  }
}
