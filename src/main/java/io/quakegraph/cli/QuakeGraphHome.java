package io.quakegraph.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the checkout and the shared real data live, so that defaults work whatever the working
 * directory. The launcher passes {@code -Dquakegraph.home}; {@code -Dquakegraph.shared} overrides
 * the data location (tests set it).
 */
public final class QuakeGraphHome {
  private QuakeGraphHome() {}

  /** The repository root (the launcher's folder), or the working directory. */
  public static Path home() {
    String prop = System.getProperty("quakegraph.home");
    return (prop != null ? Path.of(prop) : Path.of("")).toAbsolutePath().normalize();
  }

  /** The {@code shared} folder that sits beside the checkout. */
  public static Path shared() {
    String prop = System.getProperty("quakegraph.shared");
    return (prop != null ? Path.of(prop) : home().resolve("..").resolve("shared"))
        .toAbsolutePath()
        .normalize();
  }

  /** A file under {@code shared/data}, with a clear error when the folder is missing. */
  public static Path sharedData(String relative) {
    Path p = shared().resolve("data").resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException(
          "shared data file not found: "
              + p
              + " (expected ../shared beside the checkout; set -Dquakegraph.shared=DIR)");
    }
    return p;
  }

  /** The default station file: SCEDC channel epochs, filtered later to the active CI broadbands. */
  public static Path defaultStations() {
    return sharedData("stations/scedc_channel_epochs.txt");
  }
}
