package io.quakegraph.ops;

import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.StationXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every StationXML file of an inventory folder parses, and the folder holds stations. The job's
 * operators read the same folder in {@code open()}; a bad file found there would fail the tasks and
 * Flink would restart them into the same file for ever, so it is found here first.
 */
public final class InventoryCheck {
  private InventoryCheck() {}

  /** The parsed inventory; a failure names the bad file and its line and column. */
  public static Inventory folder(Path dir, String option) {
    if (!Files.isDirectory(dir)) {
      throw new PreflightException(
          "inventory folder " + dir.toAbsolutePath() + " does not exist",
          "point " + option + " at a folder of StationXML files");
    }
    Inventory inv;
    try {
      inv = StationXml.readDirectory(dir);
    } catch (IOException | RuntimeException e) {
      throw new PreflightException(
          "bad StationXML in the inventory: " + e.getMessage(),
          "fix or remove that file (" + option + " " + dir + ")");
    }
    if (inv.size() == 0) {
      throw new PreflightException(
          "no station in " + dir.toAbsolutePath() + " (no *.xml StationXML file with a station)",
          "point " + option + " at the network's StationXML folder");
    }
    return inv;
  }
}
