package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ComCat CSV, SCSN TSV and ComCat GeoJSON readers against the shared real catalogs. */
class CatalogFormatsTest {
  @TempDir Path tmp;

  @Test
  void comcatRidgecrestCatalog() throws IOException {
    CatalogReadResult r =
        ComCatCsv.readWithProblems(SharedData.path("catalogs/comcat_ridgecrest_2019_M2.5.csv"));
    assertEquals(List.of(), r.problems());
    List<Earthquake> events = r.events();
    assertEquals(2197, events.size(), "README: 2,197 events");
    assertEquals(
        events.size(), new HashSet<>(events.stream().map(Earthquake::eventId).toList()).size());
    long start = Times.parse("2019-07-04");
    long end = Times.parse("2019-09-02");
    for (Earthquake e : events) {
      assertTrue(e.origin().timeMicros() >= start && e.origin().timeMicros() < end, e.toString());
      assertTrue(e.magnitude() >= 2.5 && e.magnitude() <= 7.1, e.toString());
    }
    Earthquake main =
        events.stream().max(Comparator.comparingDouble(Earthquake::magnitude)).orElseThrow();
    assertEquals("ci38457511", main.eventId());
    assertEquals(7.1, main.magnitude());
    assertEquals("mw", main.magnitudeType());
    assertEquals(Times.parse("2019-07-06T03:19:53.040Z"), main.origin().timeMicros());
    assertEquals(35.7695, main.origin().latitude());
    assertEquals(-117.5993333, main.origin().longitude());
    assertEquals(8.0, main.origin().depthKm());
  }

  @Test
  void comcatBadRowsAreSkippedAndCounted() throws IOException {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(
        f,
        """
        time,latitude,longitude,depth,mag,magType,id,place
        2019-07-06T03:19:53.040Z,35.7695,-117.5993333,8,7.1,mw,ci38457511,"Ridgecrest, CA"
        2019-07-06T03:20:00.000Z,north,-117.5,8,3.1,ml,ci1,"x"
        not-a-time,35.1,-117.5,8,3.1,ml,ci2,"y"
        2019-07-06T03:21:00.000Z,35.1,-117.5,8,3.1,ml,ci3,"unterminated
        2019-07-06T03:22:00.000Z,35.2,-117.4,3.5,,,ci4,"no magnitude"
        """);
    CatalogReadResult r = ComCatCsv.readWithProblems(f);
    assertEquals(
        List.of("ci38457511", "ci4"), r.events().stream().map(Earthquake::eventId).toList());
    assertTrue(Double.isNaN(r.events().get(1).magnitude()));
    assertEquals(3, r.problems().size());
    assertTrue(r.problems().get(0).contains(f + ":3:"), r.problems().get(0));
    assertTrue(r.problems().get(0).contains("latitude"), r.problems().get(0));
    assertTrue(r.problems().get(1).contains(":4:"), r.problems().get(1));
    assertTrue(r.problems().get(2).contains(":5:"), r.problems().get(2));
    assertEquals(r.events(), ComCatCsv.read(f));

    Path noHeader = tmp.resolve("noheader.csv");
    Files.writeString(noHeader, "a,b,c\n1,2,3\n");
    IOException e = assertThrows(IOException.class, () -> ComCatCsv.read(noHeader));
    assertTrue(e.getMessage().contains(noHeader.toString()), e.getMessage());
  }

  @Test
  void scsnCatalog() throws IOException {
    CatalogReadResult r =
        ScsnCatalog.readWithProblems(SharedData.path("catalogs/scsn_ridgecrest_2019-07-04.tsv"));
    assertEquals(List.of(), r.problems());
    assertEquals(703, r.events().size(), "README: 703 events");
    Earthquake first = r.events().get(0);
    assertEquals(Times.parse("2019-07-04T17:02:55.34Z"), first.origin().timeMicros());
    assertEquals(10.6, first.origin().depthKm(), 1e-12, "10600 m");
    assertEquals(35.708, first.origin().latitude());
    Earthquake largest =
        r.events().stream().max(Comparator.comparingDouble(Earthquake::magnitude)).orElseThrow();
    assertEquals(6.4, largest.magnitude());
    assertEquals(Times.parse("2019-07-04T17:33:49Z"), largest.origin().timeMicros());
    assertEquals(
        r.events().size(),
        new HashSet<>(r.events().stream().map(Earthquake::eventId).toList()).size(),
        "time-derived ids are unique");
  }

  @Test
  void laVerneGeoJsonEvent() throws IOException {
    Earthquake e = ComCatGeoJson.read(SharedData.path("events/ci38038071_laverne_M4.4/event.json"));
    assertEquals("ci38038071", e.eventId());
    assertEquals(34.1363, e.origin().latitude(), 1e-4);
    assertEquals(-117.7747, e.origin().longitude(), 1e-4);
    assertEquals(5.46, e.origin().depthKm());
    assertEquals(4.38, e.magnitude());
    assertEquals("mw", e.magnitudeType());
    assertEquals(Times.parse("2018-08-29T02:33:28.330Z"), e.origin().timeMicros());
  }

  @Test
  void flatGroundMotionEventJson() throws IOException {
    Earthquake e =
        ComCatGeoJson.read(SharedData.path("events/ci38445975_ridgecrest_M4.0/event.json"));
    assertEquals("ci38445975", e.eventId());
    assertEquals(Times.parse("2019-07-05T00:18:01Z"), e.origin().timeMicros());
    assertEquals(35.772, e.origin().latitude());
    assertEquals(2.6, e.origin().depthKm());
    assertEquals(4.0, e.magnitude());
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    Path f = tmp.resolve("event.json");
    Files.writeString(f, "{\"type\": \"Feature\", \"id\": \"x\",\n \"properties\": {\"time\": }");
    IOException e = assertThrows(IOException.class, () -> ComCatGeoJson.read(f));
    assertTrue(
        e.getMessage().contains(f.toString()) && e.getMessage().contains("line 2"), e.getMessage());
    Path noTime = tmp.resolve("notime.json");
    Files.writeString(
        noTime,
        "{\"type\":\"Feature\",\"id\":\"x\",\"properties\":{},"
            + "\"geometry\":{\"coordinates\":[1,2,3]}}");
    IOException e2 = assertThrows(IOException.class, () -> ComCatGeoJson.read(noTime));
    assertTrue(e2.getMessage().contains("time"), e2.getMessage());
  }
}
