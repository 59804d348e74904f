package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {

  @Test
  void scedcNamesMatchThePublicArchive() {
    assertEquals(
        "CIHEC__BHN___2022002.ms",
        ScedcDayFile.of(SourceId.parse("CI.HEC..BHN"), Times.parse("2022-01-02T12:00:00Z"))
            .fileName());
    assertEquals(
        "CIFOX2_LHZ___2022002.ms",
        new ScedcDayFile(SourceId.parse("CI.FOX2..LHZ"), LocalDate.of(2022, 1, 2)).fileName());
    assertEquals(
        Path.of("continuous_waveforms", "2017", "2017_001", "CIBAK__HHZ___2017001.ms"),
        ArchiveLayout.scedc().file(SourceId.parse("CI.BAK..HHZ"), Times.parse("2017-01-01")));
    assertEquals(
        "CIABCDEHNZ00_2019365.ms",
        new ScedcDayFile(SourceId.parse("CI.ABCDE.00.HNZ"), LocalDate.of(2019, 12, 31)).fileName());
  }

  @Test
  void realScedcFileNamesParseBackAndRoundTrip() throws IOException {
    try (Stream<Path> files = Files.list(SharedData.path("continuous"))) {
      List<Path> ms = files.filter(p -> p.toString().endsWith(".ms")).sorted().toList();
      assertEquals(4, ms.size());
      for (Path p : ms) {
        ScedcDayFile f = ScedcDayFile.parse(p.toString());
        assertEquals(LocalDate.of(2022, 1, 2), f.day());
        assertEquals("CI", f.id().network());
        assertEquals("", f.id().location());
        assertEquals(p.getFileName().toString(), f.fileName());
      }
    }
    ScedcDayFile leap = ScedcDayFile.parse("x/y/CIABCDEHNZ00_2020366.ms");
    assertEquals(SourceId.parse("CI.ABCDE.00.HNZ"), leap.id());
    assertEquals(LocalDate.of(2020, 12, 31), leap.day());
    assertEquals(Times.parse("2020-12-31"), leap.dayStartMicros());
    assertEquals(Times.parse("2021-01-01"), leap.dayEndMicros());
  }

  @Test
  void badScedcNamesAreRejectedWithTheName() {
    for (String bad :
        List.of(
            "CIHEC__BHN___2022002.mseed",
            "CIHEC_BHN___2022002.ms",
            "CIHEC__BHN___2021366.ms",
            "CIHEC__BHN___2022000.ms",
            "CIHEC__B_N___2022002.ms",
            "CIHEC__BHN___20x2002.ms")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ScedcDayFile.parse(bad));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScedcDayFile(SourceId.parse("CI.TOOLONG..HHZ"), LocalDate.of(2020, 1, 1)));
  }

  @Test
  void layoutsAreChosenByName() {
    assertTrue(ArchiveLayout.named("SCEDC", 0, 1) instanceof ArchiveLayout.Scedc);
    assertTrue(ArchiveLayout.named("flat", 0, 1) instanceof ArchiveLayout.Flat);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ArchiveLayout.named("sds", 0, 1));
    assertTrue(e.getMessage().contains("sds"));
  }
}
