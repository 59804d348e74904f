package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class StationXmlTest {
  private static final Pattern CHANNEL_TAG = Pattern.compile("<(\\w+:)?Channel\\s");
  private static final Pattern SENSITIVITY_TAG = Pattern.compile("<(\\w+:)?InstrumentSensitivity>");

  @TempDir Path tmp;

  /** |A0 * prod(s - z) / prod(s - p)| at s = 2 pi i f: 1 at the normalisation frequency. */
  static double normalisedGain(PolesZeros pz, double f) {
    double w = 2 * Math.PI * f;
    double re = pz.normalization();
    double im = 0;
    for (PolesZeros.Complex z : pz.zeros()) {
      double a = -z.re();
      double b = w - z.im();
      double r = re * a - im * b;
      im = re * b + im * a;
      re = r;
    }
    double mag = Math.hypot(re, im);
    for (PolesZeros.Complex p : pz.poles()) {
      mag /= Math.hypot(-p.re(), w - p.im());
    }
    return mag;
  }

  @Test
  void readsEveryRealStationXmlAndAgreesWithItsText() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("events", "continuous")) {
      try (Stream<Path> w = Files.walk(SharedData.path(dir))) {
        w.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
      }
    }
    assertTrue(files.size() >= 12, "expected the shared StationXML files, found " + files);
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.ISO_8859_1);
      long channelTags = CHANNEL_TAG.matcher(text).results().count();
      long sensitivityTags = SENSITIVITY_TAG.matcher(text).results().count();
      Inventory inv = StationXml.read(f);
      assertFalse(inv.stations().isEmpty(), f.toString());
      List<Channel> channels = inv.stations().stream().flatMap(s -> s.channels().stream()).toList();
      assertEquals(channelTags, channels.size(), "channels in " + f);
      assertEquals(
          sensitivityTags,
          channels.stream().filter(c -> c.sensitivity().isPresent()).count(),
          "sensitivities in " + f);
      for (Channel c : channels) {
        assertTrue(Math.abs(c.latitude()) <= 90 && Math.abs(c.longitude()) <= 180, c.toString());
        assertTrue(c.sampleRate() > 0, c.toString());
        assertTrue(c.startMicros() < c.endMicros(), c.toString());
        c.sensitivity()
            .ifPresent(
                s -> {
                  // BK.KCC HNZ has a negative sensitivity: a real polarity reversal, kept.
                  assertTrue(Double.isFinite(s.value()) && s.value() != 0, c.toString());
                  assertFalse(s.inputUnits().isEmpty(), c.toString());
                });
        // A0 normalises the analogue stage to unit gain at the normalisation frequency: this only
        // holds if every pole, zero and the factor were read (and converted) correctly.
        c.response()
            .ifPresent(
                pz ->
                    assertEquals(
                        1.0,
                        normalisedGain(pz, pz.normalizationFrequencyHz()),
                        0.02,
                        "A0 normalisation of " + c.id() + " in " + f));
      }
    }
  }

  @Test
  void griffithObservatoryMatchesItsStationXml() throws IOException {
    Inventory inv = StationXml.read(SharedData.path("events/ci38038071_laverne_M4.4/CI.GR2.xml"));
    Station gr2 = inv.station("CI.GR2").orElseThrow();
    assertEquals(34.11816, gr2.latitude());
    assertEquals(-118.30024, gr2.longitude());
    assertEquals(342.0, gr2.elevationM());
    assertEquals("Griffith Observatory", gr2.siteName());
    long t = Times.parse("2018-08-29T02:33:28Z");

    Channel bhz = inv.channel(SourceId.parse("CI.GR2..BHZ"), t).orElseThrow();
    Sensitivity s = bhz.sensitivity().orElseThrow();
    assertEquals(6.24237e8, s.value());
    assertEquals(0.03, s.frequencyHz());
    assertEquals("M/S", s.inputUnits());
    assertEquals("COUNTS", s.outputUnits());
    assertEquals(GroundMotion.VELOCITY, s.groundMotion());
    assertEquals(40.0, bhz.sampleRate());
    assertEquals(-90.0, bhz.dipDeg());
    assertEquals(Times.parse("2013-10-04T18:17:00Z"), bhz.startMicros());
    assertEquals(Long.MAX_VALUE, bhz.endMicros(), "3000-01-01 end means open");
    PolesZeros bhzPz = bhz.response().orElseThrow();
    assertEquals(11, bhzPz.poles().size());
    assertEquals(6, bhzPz.zeros().size());
    assertEquals(3.49567e17, bhzPz.normalization());
    assertEquals(1488.3, bhzPz.stageGain());
    assertEquals(new PolesZeros.Complex(-0.037, 0.037), bhzPz.poles().get(0));

    Channel hnz = inv.channel(SourceId.parse("CI.GR2.01.HNZ"), t).orElseThrow();
    Sensitivity a = hnz.sensitivity().orElseThrow();
    assertEquals(428369.0, a.value());
    assertEquals("M/S**2", a.inputUnits());
    assertEquals(GroundMotion.ACCELERATION, a.groundMotion());
    assertEquals(100.0, hnz.sampleRate());
    assertEquals(100.0, hnz.depthM());
    PolesZeros hnzPz = hnz.response().orElseThrow();
    assertEquals(4, hnzPz.poles().size());
    assertTrue(hnzPz.zeros().isEmpty());
    assertEquals(2.45956e13, hnzPz.normalization());
    assertEquals(1.02131, hnzPz.stageGain());
    assertEquals(new PolesZeros.Complex(-981, 1009), hnzPz.poles().get(0));
    assertEquals(
        427086.0,
        inv.channel(SourceId.parse("CI.GR2.01.HNE"), t).orElseThrow().sensitivity().get().value());
  }

  @Test
  void prefixedNamespaceAndLatin1DocumentsParse() throws IOException {
    // CI_YAQ uses the fsx: prefix and an ANSS SIS extension namespace.
    Station yaq = StationXml.read(SharedData.path("continuous/CI_YAQ.xml")).stations().get(0);
    assertEquals("YAQUI MEADOWS", yaq.siteName());
    Channel ehz = yaq.channels().get(0);
    assertEquals("EHZ", ehz.id().channel());
    assertEquals(Times.parse("1998-02-02T00:00:00Z"), ehz.endMicros());
    assertEquals(999.0, ehz.sampleRate());
    // CI.MIKB is declared ISO-8859-1 and has many epochs of the same channels.
    Station mikb =
        StationXml.read(SharedData.path("events/ci38445975_ridgecrest_M4.0/CI.MIKB.xml"))
            .stations()
            .get(0);
    assertEquals(48, mikb.channels().size());
    assertTrue(
        mikb.channels().stream()
            .allMatch(c -> c.sensitivity().orElseThrow().inputUnits().equals("m/s**2")));
  }

  @Test
  void readDirectoryMergesFiles() throws IOException {
    Inventory inv = StationXml.readDirectory(SharedData.path("events/ci38038071_laverne_M4.4"));
    assertEquals(
        List.of("AZ.HSSP", "BK.TCAS", "BK.TRAY", "CE.23178", "CI.GR2"),
        inv.stations().stream().map(Station::id).toList());
    Inventory tow2 = StationXml.readDirectory(SharedData.path("events/tow2_ridgecrest_M3.8_M4.0"));
    // CI.TOW2 is in two event folders with the same three epochs: merged, kept once.
    assertEquals(3, tow2.station("CI.TOW2").orElseThrow().channels().size());
  }

  @Test
  void writeThenReadRoundTripsEverything() throws IOException {
    List<Station> stations = randomNetwork(new Random(42));
    Path file = tmp.resolve("net/synthetic.xml");
    StationXml.write(stations, file);
    Inventory back = StationXml.read(file);
    assertEquals(stations, back.stations());
    // the stream form writes the same content
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StationXml.write(stations, out);
    assertEquals(
        stations,
        StationXml.read(new ByteArrayInputStream(out.toByteArray()), "memory").stations());
    // with a fixed creation time the bytes are reproducible
    long created = Times.parse("2019-07-06T00:00:00Z");
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    StationXml.write(stations, a, created);
    StationXml.write(randomNetwork(new Random(42)), b, created);
    assertEquals(a.toString(StandardCharsets.UTF_8), b.toString(StandardCharsets.UTF_8));
    assertTrue(a.toString(StandardCharsets.UTF_8).contains("<Created>2019-07-06T00:00:00.000000Z"));
  }

  @Test
  void writtenStageGainsMultiplyToTheSensitivity() throws Exception {
    List<Station> stations = randomNetwork(new Random(7));
    Path file = tmp.resolve("gains.xml");
    StationXml.write(stations, file);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(file.toFile());
    Element root = doc.getDocumentElement();
    assertEquals(StationXml.NAMESPACE, root.getNamespaceURI());
    assertEquals("1.2", root.getAttribute("schemaVersion"));
    NodeList responses = doc.getElementsByTagNameNS(StationXml.NAMESPACE, "Response");
    int checked = 0;
    for (int i = 0; i < responses.getLength(); i++) {
      Element r = (Element) responses.item(i);
      NodeList stages = r.getElementsByTagNameNS(StationXml.NAMESPACE, "Stage");
      NodeList sens = r.getElementsByTagNameNS(StationXml.NAMESPACE, "InstrumentSensitivity");
      if (stages.getLength() < 2 || sens.getLength() == 0) {
        continue;
      }
      double product = 1;
      for (int k = 0; k < stages.getLength(); k++) {
        Element gain =
            (Element)
                ((Element) stages.item(k))
                    .getElementsByTagNameNS(StationXml.NAMESPACE, "StageGain")
                    .item(0);
        product *= Double.parseDouble(text(gain, "Value"));
      }
      double value = Double.parseDouble(text((Element) sens.item(0), "Value"));
      assertEquals(value, product, value * 1e-12);
      checked++;
    }
    assertTrue(checked > 5, "responses with stages checked: " + checked);
  }

  private static String text(Element parent, String child) {
    return parent.getElementsByTagNameNS(StationXml.NAMESPACE, child).item(0).getTextContent();
  }

  @Test
  void hertzPolesAndZerosBecomeRadiansPerSecond() throws IOException {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <FDSNStationXML xmlns="http://www.fdsn.org/xml/station/1" schemaVersion="1.1">
         <Source>test</Source><Created>2020-01-01T00:00:00Z</Created>
         <Network code="XX"><Station code="HZ1">
          <Latitude>1</Latitude><Longitude>2</Longitude><Elevation>3</Elevation>
          <Site><Name>Hertz</Name></Site>
          <Channel code="SHZ" locationCode="" startDate="2020-01-01T00:00:00Z">
           <Latitude>1</Latitude><Longitude>2</Longitude><Elevation>3</Elevation><Depth>0</Depth>
           <SampleRate>50</SampleRate>
           <Response>
            <Stage number="1"><PolesZeros>
             <InputUnits><Name>m/s</Name></InputUnits><OutputUnits><Name>V</Name></OutputUnits>
             <PzTransferFunctionType>LAPLACE (HERTZ)</PzTransferFunctionType>
             <NormalizationFactor>1.0</NormalizationFactor>
             <NormalizationFrequency>5</NormalizationFrequency>
             <Zero number="0"><Real>0</Real><Imaginary>0</Imaginary></Zero>
             <Zero number="1"><Real>0</Real><Imaginary>0</Imaginary></Zero>
             <Pole number="0"><Real>-0.707</Real><Imaginary>0.707</Imaginary></Pole>
             <Pole number="1"><Real>-0.707</Real><Imaginary>-0.707</Imaginary></Pole>
             <Pole number="2"><Real>-100</Real><Imaginary>0</Imaginary></Pole>
            </PolesZeros><StageGain><Value>30</Value><Frequency>5</Frequency></StageGain></Stage>
           </Response>
          </Channel>
         </Station></Network>
        </FDSNStationXML>
        """;
    // A0 = 1 in Hz is only approximately right at 5 Hz, so compare against the Hz-domain gain.
    Channel c =
        StationXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "hz")
            .stations()
            .get(0)
            .channels()
            .get(0);
    PolesZeros pz = c.response().orElseThrow();
    double w = 2 * Math.PI;
    assertEquals(-0.707 * w, pz.poles().get(0).re(), 1e-12);
    assertEquals(-100 * w, pz.poles().get(2).re(), 1e-9);
    assertEquals(w, pz.normalization(), 1e-12, "A0 scales by (2 pi)^(poles - zeros)");
    assertEquals(30.0, pz.stageGain());
    assertTrue(c.sensitivity().isEmpty());
    // The Hz-domain transfer function at 5 Hz, evaluated directly:
    double f = 5;
    double num = f * f;
    double den = Math.hypot(0.707, f - 0.707) * Math.hypot(0.707, f + 0.707) * Math.hypot(100, f);
    assertEquals(num / den, normalisedGain(pz, f), 1e-12);
  }

  @Test
  void malformedXmlNamesFileAndLine() throws IOException {
    Path src = SharedData.path("events/ci38038071_laverne_M4.4/CI.GR2.xml");
    Path cut = tmp.resolve("truncated.xml");
    byte[] all = Files.readAllBytes(src);
    Files.write(cut, java.util.Arrays.copyOf(all, 3000));
    IOException e = assertThrows(IOException.class, () -> StationXml.read(cut));
    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().matches("(?s).*line \\d+, column \\d+.*"), e.getMessage());

    Path badNumber = tmp.resolve("bad-number.xml");
    Files.writeString(
        badNumber, Files.readString(src).replaceFirst("<Latitude>34.11816", "<Latitude>north"));
    IOException e2 = assertThrows(IOException.class, () -> StationXml.read(badNumber));
    assertTrue(e2.getMessage().contains(badNumber.toString()), e2.getMessage());
    assertTrue(e2.getMessage().contains("line 12"), e2.getMessage());
    assertTrue(e2.getMessage().contains("north"), e2.getMessage());

    Path notStationXml = tmp.resolve("quakeml.xml");
    Files.writeString(notStationXml, "<?xml version=\"1.0\"?><quakeml/>");
    IOException e3 = assertThrows(IOException.class, () -> StationXml.read(notStationXml));
    assertTrue(e3.getMessage().contains("not a FDSNStationXML"), e3.getMessage());
  }

  /** A seeded synthetic network exercising every field the records hold. */
  static List<Station> randomNetwork(Random rnd) {
    List<Station> out = new ArrayList<>();
    String[] nets = {"XS", "XT"};
    for (String net : nets) {
      for (int s = 0; s < 4; s++) {
        double lat = 32 + rnd.nextDouble() * 4;
        double lon = -120 + rnd.nextDouble() * 5;
        double elev = rnd.nextDouble() * 2000 - 50;
        List<Channel> channels = new ArrayList<>();
        long start = Times.parse("2001-01-01T00:00:00Z") + rnd.nextLong(1_000_000_000_000_000L) + 7;
        long end = s % 2 == 0 ? Long.MAX_VALUE : start + 86_400_000_001L;
        for (String band : List.of("HH", "HN")) {
          for (char comp : new char[] {'Z', 'N', 'E', '1'}) {
            String cha = band + comp;
            String loc = band.equals("HN") ? "01" : "";
            boolean withPz = rnd.nextBoolean() || s == 0;
            Optional<PolesZeros> pz =
                withPz
                    ? Optional.of(
                        new PolesZeros(
                            List.of(
                                new PolesZeros.Complex(-0.0370 * (1 + rnd.nextDouble()), 0.037),
                                new PolesZeros.Complex(-0.0370, -0.037),
                                new PolesZeros.Complex(-251.3 * rnd.nextDouble(), 0)),
                            band.equals("HH")
                                ? List.of(
                                    new PolesZeros.Complex(0, 0), new PolesZeros.Complex(0, 0))
                                : List.of(),
                            rnd.nextDouble() * 1e5,
                            1.0,
                            1500 * rnd.nextDouble()))
                    : Optional.empty();
            Optional<Sensitivity> sens =
                s == 3 && comp == '1'
                    ? Optional.empty()
                    : Optional.of(
                        new Sensitivity(
                            rnd.nextDouble() * 1e9,
                            1.0,
                            band.equals("HH") ? "m/s" : "m/s**2",
                            "count"));
            channels.add(
                new Channel(
                    SourceId.of(net, "S" + s, loc, cha),
                    lat + 1e-5,
                    lon - 1e-5,
                    elev - 3,
                    band.equals("HN") ? 0.5 : 0.0,
                    comp == 'E' ? 90.0 : comp == '1' ? Double.NaN : 0.0,
                    comp == 'Z' ? -90.0 : comp == '1' ? Double.NaN : 0.0,
                    band.equals("HH") ? 100.0 : 200.0,
                    s == 2 ? Long.MIN_VALUE : start,
                    end,
                    sens,
                    pz));
          }
        }
        out.add(new Station(net, "S" + s, lat, lon, elev, "Site <" + s + "> & \"Co\"", channels));
      }
    }
    return out;
  }
}
