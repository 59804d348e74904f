package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationListTest {
  private static List<Station> scedc;

  @TempDir Path tmp;

  @BeforeAll
  static void readScedc() throws IOException {
    scedc =
        StationList.readScedcChannelEpochs(SharedData.path("stations/scedc_channel_epochs.txt"));
  }

  private static Map<String, Station> byId(List<Station> stations) {
    return stations.stream().collect(Collectors.toMap(Station::id, Function.identity()));
  }

  @Test
  void scedcEpochsReproduceTheDocumentedCounts() throws IOException {
    Path file = SharedData.path("stations/scedc_channel_epochs.txt");
    long lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1).size();
    assertEquals(lines, scedc.stream().mapToLong(s -> s.channels().size()).sum(), "every epoch");
    List<Station> ci = scedc.stream().filter(s -> s.network().equals("CI")).toList();
    assertEquals(758, ci.size(), "README: 758 CI stations");
    // README: 277 CI stations with HH/BH channels active 2000-2019 = an HH/BH epoch overlapping
    // [2000-01-01, 2020-01-01).
    long from = Times.parse("2000-01-01");
    long to = Times.parse("2020-01-01");
    long broadband2000s =
        ci.stream()
            .filter(
                s ->
                    s.channels().stream()
                        .anyMatch(
                            c ->
                                (c.id().bandInstrument().equals("HH")
                                        || c.id().bandInstrument().equals("BH"))
                                    && c.startMicros() < to
                                    && c.endMicros() > from))
            .count();
    assertEquals(277, broadband2000s);
  }

  @Test
  void scedcSiteNamesWithSpacesAndCodesParse() {
    Map<String, Station> all = byId(scedc);
    Station gr2 = all.get("CI.GR2");
    assertEquals("Griffith Observatory", gr2.siteName());
    assertEquals(34.11816, gr2.latitude());
    assertEquals(-118.30024, gr2.longitude());
    assertEquals(342.0, gr2.elevationM());
    Channel bhz =
        gr2.channels().stream()
            .filter(c -> c.id().channel().equals("BHZ"))
            .findFirst()
            .orElseThrow();
    assertEquals("", bhz.id().location(), "'--' is a blank location");
    assertEquals(Times.parse("1998-03-30"), bhz.startMicros());
    assertEquals(Long.MAX_VALUE, bhz.endMicros(), "3000/01/01 is open");
    assertEquals(40.0, bhz.sampleRate());
    assertEquals(-90.0, bhz.dipDeg());
    assertTrue(bhz.sensitivity().isEmpty() && bhz.response().isEmpty());
    Channel bl1 =
        gr2.channels().stream()
            .filter(c -> c.id().channel().equals("BL1"))
            .findFirst()
            .orElseThrow();
    assertEquals(Times.parse("2002-10-20"), bl1.endMicros());
    assertTrue(Double.isNaN(bl1.azimuthDeg()), "numbered components have no known azimuth");
    assertEquals("Winterhaven - Sheriff Substati", all.get("CE.00022").siteName());
  }

  @Test
  void activeBroadbandSelectsStationsAndTheirLiveEpochs() {
    long day = Times.parse("2019-07-06");
    List<Station> active = StationList.activeBroadband(scedc, "CI", day);
    // Counted independently with awk on the file (HH/BH, ON <= day < OFF): 235 CI stations. The
    // list is a c. 2018 snapshot, so 2022-01-01 gives the same set.
    assertEquals(235, active.size());
    assertEquals(235, StationList.activeBroadband(scedc, "CI", Times.parse("2022-01-01")).size());
    for (Station s : active) {
      assertEquals("CI", s.network());
      assertTrue(s.channels().stream().allMatch(c -> c.activeAt(day)), s.id());
    }
    assertTrue(
        StationList.activeBroadband(scedc, "CI", Times.parse("2000-01-01")).size() < active.size());
    assertTrue(StationList.activeBroadband(scedc, null, day).size() > active.size());
  }

  @Test
  void scedcBadLinesAreSkippedNotFatal() throws IOException {
    Path f = tmp.resolve("epochs.txt");
    Files.writeString(
        f,
        """
        CI  GR2   BHZ  -- Griffith Observatory             34.11816 -118.30024   342 1998/03/30 3000/01/01       0
        CI  BAD   BHZ  -- Broken Latitude                  north    -118.30024   342 1998/03/30 3000/01/01       0
        CI  TRUNC BHZ
        CI  NOF   HHZ  01 No Flag Column                    34.0     -118.0        10 2001/02/03 2005/06/07
        """);
    List<Station> s = StationList.readScedcChannelEpochs(f);
    assertEquals(List.of("CI.GR2", "CI.NOF"), s.stream().map(Station::id).toList());
    Channel nof = s.get(1).channels().get(0);
    assertEquals("01", nof.id().location());
    assertEquals(100.0, nof.sampleRate());
    assertEquals(Times.parse("2005-06-07"), nof.endMicros());
    assertEquals("No Flag Column", s.get(1).siteName());
  }

  @Test
  void socalCsvHasQuotedSitesAndPrefixChannels() throws IOException {
    Path csv = SharedData.path("stations/socal_stations_2000_2019.csv");
    List<Station> stations = StationList.readCsv(csv);
    assertEquals(1967, stations.size(), "README: 1,967 rows");
    assertEquals(stations, StationList.read(csv), "auto-detected as the CSV");
    Station bzn = byId(stations).get("AZ.BZN");
    assertEquals("Buzz Northerns Place, Anza, CA", bzn.siteName());
    assertEquals(33.4915, bzn.latitude());
    assertEquals(1301.0, bzn.elevationM());
    assertEquals(
        List.of("BHZ", "BHN", "BHE", "HHZ", "HHN", "HHE", "HNZ", "HNN", "HNE"),
        bzn.channels().stream().map(c -> c.id().channel()).toList());
    assertTrue(bzn.channels().stream().allMatch(c -> c.endMicros() == Long.MAX_VALUE));
    assertEquals(Times.parse("1992-12-13"), bzn.channels().get(0).startMicros());
  }

  @Test
  void simpleListAndFormatDetection() throws IOException {
    Path list = SharedData.path("stations/socal_station_list_942.txt");
    List<Station> stations = StationList.readSimple(list);
    assertEquals(942, stations.size());
    assertEquals(stations, StationList.read(list));
    Station asbs = stations.get(0);
    assertEquals("AZ.ASBS", asbs.id());
    assertEquals(33.6208, asbs.latitude());
    assertEquals(-116.4664, asbs.longitude());
    assertEquals(3, asbs.channelsAt(Times.parse("2019-07-06")).size());

    assertEquals(
        scedc.size(),
        StationList.read(SharedData.path("stations/scedc_channel_epochs.txt")).size());
    Path xml = SharedData.path("events/ci38038071_laverne_M4.4/CI.GR2.xml");
    assertEquals("CI.GR2", StationList.read(xml).get(0).id());
    Path disguised = tmp.resolve("gr2.meta");
    Files.copy(xml, disguised);
    assertEquals(StationList.read(xml), StationList.read(disguised), "StationXML by content");

    Path junk = tmp.resolve("junk.txt");
    Files.writeString(junk, "hello world\n");
    IOException e = assertThrows(IOException.class, () -> StationList.read(junk));
    assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
  }
}
