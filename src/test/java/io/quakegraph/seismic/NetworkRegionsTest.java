package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The regions file: its format, its errors (one line each, with file and line), the mapping. */
class NetworkRegionsTest {
  static final String FILE =
      """
      # two regions of CI and all of NN
      north: CI.PAS CI.USC   # Pasadena, USC
      south: CI.SDD
      north: CI.WLT
      nevada: NN.*
      """;

  @Test
  void stationsGoToTheirRegionWholeNetworksByNetStar() {
    NetworkRegions r = NetworkRegions.parse(FILE, "regions.txt");
    assertEquals("north", r.regionOf("CI.PAS"));
    assertEquals("north", r.regionOf("CI.WLT"), "a region continues on a later line");
    assertEquals("south", r.regionOf("CI.SDD"));
    assertEquals("nevada", r.regionOf("NN.ANY"));
    assertEquals(NetworkRegions.WHOLE_NETWORK, r.regionOf("CI.XYZ"), "named by no pattern");
    assertEquals(Set.of("nevada", "north", "south"), r.regionNames());
    assertEquals(
        List.of("AZ.HSSP", "CI.XYZ"), r.unassigned(List.of("CI.PAS", "CI.XYZ", "AZ.HSSP")));
  }

  @Test
  void withoutAFileEveryStationIsInTheOneRegion() {
    NetworkRegions w = NetworkRegions.whole();
    assertEquals(NetworkRegions.WHOLE_NETWORK, w.regionOf("CI.PAS"));
    assertEquals(Set.of(NetworkRegions.WHOLE_NETWORK), w.regionNames());
    assertEquals(List.of(), w.unassigned(List.of("CI.PAS")));
    assertTrue(w.isWhole());
  }

  @Test
  void splitGroupsAnInventorysStationsByRegion() {
    Station pas = new Station("CI", "PAS", 34.1, -118.2, 0, "", List.of());
    Station sdd = new Station("CI", "SDD", 32.7, -117.1, 0, "", List.of());
    Station other = new Station("AZ", "HSSP", 33.9, -116.9, 0, "", List.of());
    var split = NetworkRegions.parse(FILE, "f").split(List.of(pas, sdd, other));
    assertEquals(
        List.of(NetworkRegions.WHOLE_NETWORK, "north", "south"), List.copyOf(split.keySet()));
    assertEquals(List.of(pas), split.get("north"));
    assertEquals(List.of(other), split.get(NetworkRegions.WHOLE_NETWORK));
  }

  @Test
  void aStationInTwoRegionsIsRefusedNamingBothLines() {
    String m = error("a: CI.PAS\nb: CI.USC CI.PAS\n");
    assertEquals("f:2: CI.PAS would be in two regions: b and, by CI.PAS on line 1, a", m);
    assertTrue(error("a: CI.*\nb: CI.*\n").startsWith("f:2: CI.* would be in two regions"));
    // a station alone in one region while its network is in another, in either order
    assertEquals(
        "f:2: CI.PAS would be in two regions: b and, by CI.* on line 1, a",
        error("a: CI.*\nb: CI.PAS\n"));
    assertEquals(
        "f:1: CI.PAS would be in two regions: a and, by CI.* on line 2, b",
        error("a: CI.PAS\nb: CI.*\n"));
    // the same station twice in one region is only redundant
    assertEquals("a", NetworkRegions.parse("a: CI.PAS CI.PAS CI.*\n", "f").regionOf("CI.PAS"));
  }

  @Test
  void malformedLinesAreOneLineErrorsWithFileAndLine() {
    assertEquals("f:2: expected 'REGION: NET.STA NET.* ...', got 'CI.PAS'", error("# x\nCI.PAS\n"));
    assertEquals(
        "f:1: expected 'REGION: NET.STA NET.* ...', got 'two words: CI.PAS'",
        error("two words: CI.PAS"));
    assertEquals("f:1: region a names no station", error("a:   # nothing"));
    assertEquals("f:1: 'CI' is not a station pattern (NET.STA or NET.*)", error("a: CI"));
    assertEquals(
        "f:1: 'CI.PAS.00' is not a station pattern (NET.STA or NET.*)", error("a: CI.PAS.00"));
    assertEquals("f:1: 'CI.P*' is not a station pattern (NET.STA or NET.*)", error("a: CI.P*"));
    assertEquals("f:1: '*.*' is not a station pattern (NET.STA or NET.*)", error("a: *.*"));
    assertEquals("f: no region (lines 'REGION: NET.STA ...')", error("# only a comment\n\n"));
    for (String bad : List.of("a: CI.PAS\nb: CI.PAS", "x", "a: C.I.PAS")) {
      assertFalse(error(bad).contains("\n"), "one line: " + bad);
    }
  }

  @Test
  void readsAFileAndTravelsWithTheJobAsSerialisedState(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("regions.txt");
    Files.writeString(f, FILE);
    NetworkRegions r = NetworkRegions.read(f);
    assertEquals(NetworkRegions.parse(FILE, "x"), r);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(r, in.readObject(), "the key selector and the head carry it to the cluster");
    }
    Files.writeString(f, "a: CI.PAS\nb: CI.PAS\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetworkRegions.read(f));
    assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
  }

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> NetworkRegions.parse(text, "f"))
        .getMessage();
  }
}
