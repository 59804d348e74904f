package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class QuakeMlTest {
  @TempDir Path tmp;

  /** Seeded synthetic events with µs-precise, irregular times and awkward decimal depths. */
  static List<Earthquake> randomEvents(Random rnd, int n) {
    List<Earthquake> out = new ArrayList<>();
    String[] stations = {"GR2", "PAS", "MIKB", "TOW2"};
    for (int i = 0; i < n; i++) {
      long t = Times.parse("2019-07-04T17:00:00Z") + rnd.nextLong(86_400_000_000L) + 1;
      List<Pick> picks = new ArrayList<>();
      for (int k = 0; k < rnd.nextInt(6); k++) {
        String sta = stations[rnd.nextInt(stations.length)];
        String loc = rnd.nextBoolean() ? "" : "01";
        String cha = rnd.nextBoolean() ? "HHZ" : "HNE";
        picks.add(
            new Pick(
                SourceId.of("CI", sta, loc, cha),
                k % 2 == 0 ? "P" : "S",
                t + 1_000_000L + rnd.nextLong(30_000_000L)));
      }
      double depth =
          switch (i) {
            case 0 -> 5.46;
            case 1 -> 0.1 + 0.2;
            default -> Math.round(rnd.nextDouble() * 25_000) / 1000.0;
          };
      out.add(
          new Earthquake(
              "synth" + i,
              new Origin(t, 33 + rnd.nextDouble() * 3, -119 + rnd.nextDouble() * 4, depth),
              i == 2 ? Double.NaN : 2.5 + rnd.nextDouble() * 4,
              i == 2 ? "" : "ML",
              picks));
    }
    return out;
  }

  @Test
  void writeThenReadIsExactToTheMicrosecond() throws IOException {
    List<Earthquake> events = randomEvents(new Random(11), 25);
    assertTrue(events.stream().mapToInt(e -> e.picks().size()).sum() > 30);
    Path f = tmp.resolve("catalog.xml");
    QuakeMl.write(events, f);
    assertEquals(events, QuakeMl.read(f));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QuakeMl.write(events, out);
    assertEquals(events, QuakeMl.read(new ByteArrayInputStream(out.toByteArray())));
    // a picked channel with a blank channel code survives too
    Earthquake stationPick =
        new Earthquake(
            "sp",
            new Origin(1, 1, 2, 3),
            4,
            "Mw",
            List.of(new Pick(SourceId.of("CI", "PAS", "", ""), "P", 5)));
    QuakeMl.write(List.of(stationPick), f);
    assertEquals(List.of(stationPick), QuakeMl.read(f));
  }

  @Test
  void writtenDocumentIsConsistentQuakeMl() throws Exception {
    List<Earthquake> events = randomEvents(new Random(3), 5);
    Path f = tmp.resolve("c.xml");
    QuakeMl.write(events, f);
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setNamespaceAware(true);
    Document doc = dbf.newDocumentBuilder().parse(f.toFile());
    assertEquals(QuakeMl.QUAKEML, doc.getDocumentElement().getNamespaceURI());
    assertEquals("quakeml", doc.getDocumentElement().getLocalName());
    Set<String> ids = new HashSet<>();
    for (String kind : List.of("event", "origin", "magnitude", "pick", "arrival")) {
      NodeList nl = doc.getElementsByTagNameNS(QuakeMl.BED, kind);
      for (int i = 0; i < nl.getLength(); i++) {
        String id = ((Element) nl.item(i)).getAttribute("publicID");
        assertTrue(id.matches("smi:[\\w\\-.*()_~']{2,}/.+"), id);
        assertTrue(ids.add(id), "unique " + id);
      }
    }
    for (String ref : List.of("pickID", "preferredOriginID", "preferredMagnitudeID", "originID")) {
      NodeList nl = doc.getElementsByTagNameNS(QuakeMl.BED, ref);
      assertTrue(nl.getLength() > 0, ref);
      for (int i = 0; i < nl.getLength(); i++) {
        assertTrue(ids.contains(nl.item(i).getTextContent()), ref + " resolves");
      }
    }
    NodeList methods = doc.getElementsByTagNameNS(QuakeMl.BED, "methodID");
    assertTrue(methods.getLength() > 0);
    for (int i = 0; i < methods.getLength(); i++) {
      assertEquals(QuakeMl.SYNTHETIC_METHOD, methods.item(i).getTextContent());
    }
    NodeList depth = doc.getElementsByTagNameNS(QuakeMl.BED, "depth");
    assertEquals("5460", depthValue(depth, 0), "5.46 km in metres, no binary noise");
    assertEquals("300.00000000000004", depthValue(depth, 1), "0.1 + 0.2 km, decimal exactly");
  }

  private static String depthValue(NodeList depths, int i) {
    return ((Element) depths.item(i))
        .getElementsByTagNameNS(QuakeMl.BED, "value")
        .item(0)
        .getTextContent();
  }

  @Test
  void readsComCatStyleQuakeMlWithPreferredOriginAndArrivals() throws IOException {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <q:quakeml xmlns="http://quakeml.org/xmlns/bed/1.2"
            xmlns:q="http://quakeml.org/xmlns/quakeml/1.2"
            xmlns:catalog="http://anss.org/xmlns/catalog/0.1">
          <eventParameters publicID="quakeml:earthquake.usgs.gov/fdsnws/event/1/query">
            <event catalog:eventsource="ci" catalog:eventid="38038071"
                publicID="quakeml:earthquake.usgs.gov/fdsnws/event/1/query?eventid=ci38038071">
              <description><type>earthquake name</type><text>4km N of La Verne, CA</text></description>
              <pick publicID="quakeml:ci/pick/1">
                <time><value>2018-08-29T02:33:31.123456Z</value></time>
                <waveformID networkCode="CI" stationCode="GR2" locationCode="" channelCode="BHZ"/>
                <phaseHint>Pg</phaseHint>
              </pick>
              <pick publicID="quakeml:ci/pick/2">
                <time><value>2018-08-29T02:33:33.5Z</value></time>
                <waveformID networkCode="CI" stationCode="GR2" locationCode="01" channelCode="HNE"/>
              </pick>
              <pick publicID="quakeml:ci/pick/unassociated">
                <time><value>2018-08-29T02:40:00Z</value></time>
                <waveformID networkCode="CI" stationCode="PAS" channelCode="HHZ"/>
              </pick>
              <origin publicID="quakeml:ci/origin/automatic">
                <time><value>2018-08-29T02:33:29Z</value></time>
                <latitude><value>34.2</value></latitude>
                <longitude><value>-117.8</value></longitude>
              </origin>
              <origin publicID="quakeml:ci/origin/reviewed">
                <time><value>2018-08-29T02:33:28.33Z</value><uncertainty>0.1</uncertainty></time>
                <latitude><value>34.1363333</value><uncertainty>0.2</uncertainty></latitude>
                <longitude><value>-117.7746667</value></longitude>
                <depth><value>5460</value><uncertainty>410</uncertainty></depth>
                <quality><standardError>0.2</standardError></quality>
                <arrival publicID="quakeml:ci/arrival/2">
                  <pickID>quakeml:ci/pick/2</pickID><phase>S</phase>
                </arrival>
                <arrival publicID="quakeml:ci/arrival/1">
                  <pickID>quakeml:ci/pick/1</pickID><phase>P</phase>
                </arrival>
              </origin>
              <magnitude publicID="quakeml:ci/magnitude/ml">
                <mag><value>4.2</value></mag><type>ml</type>
              </magnitude>
              <magnitude publicID="quakeml:ci/magnitude/mw">
                <mag><value>4.38</value></mag><type>Mw</type>
              </magnitude>
              <preferredOriginID>quakeml:ci/origin/reviewed</preferredOriginID>
              <preferredMagnitudeID>quakeml:ci/magnitude/mw</preferredMagnitudeID>
              <type>earthquake</type>
            </event>
            <event publicID="quakeml:ci/event/no-origin"><type>earthquake</type></event>
          </eventParameters>
        </q:quakeml>
        """;
    CatalogReadResult r =
        QuakeMl.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "laverne");
    assertEquals(1, r.events().size());
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).contains("no-origin"), r.problems().get(0));
    Earthquake e = r.events().get(0);
    assertEquals("ci38038071", e.eventId());
    assertEquals(Times.parse("2018-08-29T02:33:28.330Z"), e.origin().timeMicros());
    assertEquals(34.1363333, e.origin().latitude());
    assertEquals(5.46, e.origin().depthKm());
    assertEquals(4.38, e.magnitude());
    assertEquals("Mw", e.magnitudeType());
    assertEquals(
        List.of(
            new Pick(SourceId.parse("CI.GR2.01.HNE"), "S", Times.parse("2018-08-29T02:33:33.5Z")),
            new Pick(
                SourceId.parse("CI.GR2..BHZ"), "P", Times.parse("2018-08-29T02:33:31.123456Z"))),
        e.picks(),
        "the preferred origin's arrivals, in arrival order, with the arrival phase");
  }

  @Test
  void malformedQuakeMlNamesFileAndLine() throws IOException {
    List<Earthquake> events = randomEvents(new Random(5), 3);
    Path good = tmp.resolve("good.xml");
    QuakeMl.write(events, good);
    String text = Files.readString(good);
    Path cut = tmp.resolve("cut.xml");
    Files.writeString(cut, text.substring(0, text.length() / 2));
    IOException e = assertThrows(IOException.class, () -> QuakeMl.read(cut));
    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().matches("(?s).*line \\d+, column \\d+.*"), e.getMessage());

    Path badTime = tmp.resolve("badtime.xml");
    Files.writeString(badTime, text.replaceFirst("<value>2019-07-0", "<value>yesterday-"));
    IOException e2 = assertThrows(IOException.class, () -> QuakeMl.read(badTime));
    assertTrue(e2.getMessage().contains(badTime.toString()), e2.getMessage());
    assertTrue(e2.getMessage().contains("yesterday"), e2.getMessage());

    IOException e3 =
        assertThrows(
            IOException.class,
            () -> QuakeMl.read(SharedData.path("events/ci38038071_laverne_M4.4/CI.GR2.xml")));
    assertTrue(e3.getMessage().contains("not a quakeml document"), e3.getMessage());
  }

  @Test
  void badEventIdsAreRefusedBeforeWriting() {
    Earthquake bad = new Earthquake("has space", new Origin(0, 0, 0, 0), 1, "ML", List.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> QuakeMl.write(List.of(bad), new ByteArrayOutputStream()));
  }
}
