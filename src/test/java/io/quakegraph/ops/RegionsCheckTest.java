package io.quakegraph.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.NetworkRegions;
import io.quakegraph.seismic.Station;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's start-up check of {@code --regions}: one line per problem, with the remedy. */
class RegionsCheckTest {
  @TempDir Path dir;

  static Inventory inventory(String... ids) {
    List<Station> s = new ArrayList<>();
    for (String id : ids) {
      String[] p = id.split("\\.");
      s.add(new Station(p[0], p[1], 34, -118, 0, "", List.of()));
    }
    return new Inventory(s);
  }

  static String failure(Path file, Inventory inv) {
    return assertThrows(PreflightException.class, () -> RegionsCheck.file(file, inv, "--regions"))
        .getMessage();
  }

  @Test
  void aFileThatPlacesEveryStationPasses() throws Exception {
    Path f = Files.writeString(dir.resolve("r.txt"), "west: CI.A CI.B\neast: NN.*\n");
    NetworkRegions r = RegionsCheck.file(f, inventory("CI.A", "CI.B", "NN.X"), "--regions");
    assertEquals("east", r.regionOf("NN.X"));
  }

  @Test
  void inventoryStationsInNoRegionAreNamed() throws Exception {
    Path f = Files.writeString(dir.resolve("r.txt"), "west: CI.A\n");
    String m =
        failure(f, inventory("CI.A", "CI.B", "CI.C", "CI.D", "CI.E", "CI.F", "CI.G", "CI.H"));
    assertEquals(
        "7 station(s) of the inventory in no region of "
            + f
            + ": CI.B, CI.C, CI.D, CI.E, CI.F and 2 more; add them, or their NET.*, to a region of"
            + " --regions "
            + f,
        m);
  }

  @Test
  void aMalformedOrMissingFileIsOneLineNamingFileAndLine() throws Exception {
    Path f = Files.writeString(dir.resolve("r.txt"), "west: CI.A\neast: CI.A\n");
    String m = failure(f, inventory("CI.A"));
    assertTrue(m.startsWith("bad regions file " + f + ":2: CI.A would be in two regions"), m);
    assertTrue(m.contains("; write one region per line"), m);
    String missing = failure(dir.resolve("none.txt"), inventory("CI.A"));
    assertTrue(missing.contains("none.txt does not exist"), missing);
  }

  @Test
  void theDescriptionSaysWhichHeadSubtaskRunsEachRegion() throws Exception {
    NetworkRegions r = NetworkRegions.parse("coast: CI.A CI.B\nvalley: CI.C\n", "f");
    Inventory inv = inventory("CI.A", "CI.B", "CI.C");
    assertEquals(
        "2 region(s): coast (2 stations) on head subtask 0, valley (1 station) on head subtask 0",
        RegionsCheck.describe(r, inv, 1));
    // Flink's key groups decide; these two names happen to fall on different subtasks
    assertEquals(
        "2 region(s): coast (2 stations) on head subtask 0, valley (1 station) on head subtask 1",
        RegionsCheck.describe(r, inv, 2));
  }
}
