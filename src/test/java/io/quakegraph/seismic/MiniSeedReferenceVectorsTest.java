package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every miniSEED reference file of libmseed and seisFile decodes to its published values.
 *
 * <p>libmseed's reference-testdata files hold one 500-sample sine trace in every encoding; its
 * int32 version equals seisFile's reference-sinusoid-int32 values (JSON), which makes it the truth
 * the other encodings are compared to (libmseed builds the int16/int32/Steim sets as the float64
 * values truncated to int, and float32 as the float64 values rounded to float).
 */
class MiniSeedReferenceVectorsTest {
  private static final Path LIBMSEED = SharedData.path("mseed-testvectors/libmseed");
  private static final Path SEISFILE3 = SharedData.path("mseed-testvectors/seisfile_mseed3");
  private static final Path SEISFILE2 = SharedData.path("mseed-testvectors/seisfile_mseed2");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Trace onlyTrace(Path file) throws Exception {
    MiniSeedFile f = MiniSeed.read(file);
    assertEquals(List.of(), f.problems(), file.toString());
    List<Trace> traces = Traces.assemble(f.records());
    assertEquals(1, traces.size(), file + ": " + traces);
    return traces.get(0);
  }

  private static int[] sineInt32() throws Exception {
    Trace t = onlyTrace(LIBMSEED.resolve("reference-testdata-int32.mseed2"));
    int[] v = new int[t.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) t.samples()[i];
      assertEquals(v[i], t.samples()[i], 0.0);
    }
    return v;
  }

  private static double[] asDoubles(int[] v) {
    return Arrays.stream(v).asDoubleStream().toArray();
  }

  @Test
  void int32TraceIsTheSineOfBothReferenceSets() throws Exception {
    int[] sine = sineInt32();
    assertEquals(500, sine.length);
    assertArrayEquals(new int[] {0, 6, 10, 10}, Arrays.copyOf(sine, 4));
    JsonNode data =
        JSON.readTree(SEISFILE3.resolve("reference-sinusoid-int32.json").toFile())
            .get(0)
            .get("Data");
    assertEquals(500, data.size());
    // seisFile generated its copy of the sine separately, through float32: the same signal to
    // float precision (one count, or one float32 step for the large values)
    for (int i = 0; i < 500; i++) {
      double tolerance = Math.max(1, Math.ulp((float) sine[i]));
      assertEquals(data.get(i).asInt(), sine[i], tolerance, "sample " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "reference-testdata-int32.mseed3",
        "reference-testdata-steim1.mseed2",
        "reference-testdata-steim1-LE.mseed2",
        "reference-testdata-steim1.mseed3",
        "reference-testdata-steim2.mseed2",
        "reference-testdata-steim2-LE.mseed2",
        "reference-testdata-steim2.mseed3",
        "reference-testdata-int16.mseed2"
      })
  void integerEncodingsHoldTheSineExactly(String name) throws Exception {
    int[] sine = sineInt32();
    Trace t = onlyTrace(LIBMSEED.resolve(name));
    int expectedLength =
        name.contains("int16") ? 220 : name.contains("steim2") ? 499 : 500; // see class doc
    assertEquals(expectedLength, t.size());
    assertArrayEquals(asDoubles(Arrays.copyOf(sine, expectedLength)), t.samples(), 0.0);
    assertEquals(SourceId.of("XX", "TEST", "", "BHZ"), t.id());
    assertEquals(Times.parse("2012-05-12T00:00:00Z"), t.startMicros());
    assertEquals(40.0, t.sampleRate(), 0.0);
    boolean v3 = name.endsWith("3");
    for (MiniSeedRecord r : MiniSeed.read(LIBMSEED.resolve(name)).records()) {
      // miniSEED 3: Steim big-endian, everything else little-endian
      boolean bigEndian = v3 ? r.encoding().isSteim() : !name.contains("-LE");
      assertEquals(bigEndian, r.bigEndian(), name);
      assertEquals(name.endsWith("3") ? 3 : 2, r.formatVersion());
    }
  }

  @Test
  void floatEncodingsHoldTheSineBeforeTruncation() throws Exception {
    int[] sine = sineInt32();
    for (String v : List.of("mseed2", "mseed3")) {
      double[] f64 = onlyTrace(LIBMSEED.resolve("reference-testdata-float64." + v)).samples();
      double[] f32 = onlyTrace(LIBMSEED.resolve("reference-testdata-float32." + v)).samples();
      assertEquals(500, f64.length);
      assertEquals(500, f32.length);
      boolean fractional = false;
      for (int i = 0; i < 500; i++) {
        assertEquals(sine[i], (int) f64[i], "float64 sample " + i);
        assertEquals((float) f64[i], (float) f32[i], 0f, "float32 sample " + i);
        fractional |= f64[i] != Math.rint(f64[i]);
      }
      assertTrue(fractional, "float64 data must keep its fractions");
    }
  }

  @Test
  void textRecordsOfBothVersions() throws Exception {
    for (Path p :
        List.of(
            LIBMSEED.resolve("reference-testdata-text.mseed2"),
            LIBMSEED.resolve("reference-testdata-text.mseed3"),
            SEISFILE3.resolve("reference-text.mseed3"))) {
      MiniSeedFile f = MiniSeed.read(p);
      assertEquals(1, f.records().size());
      MiniSeedRecord r = f.records().get(0);
      assertEquals(Encoding.TEXT, r.encoding());
      assertEquals("LOG", r.id().channel());
      assertTrue(r.text().startsWith("I've seen things you people wouldn't believe."), r.text());
      assertTrue(r.text().endsWith("Time to die."), r.text());
      assertEquals(0, r.samples().length);
      assertThrows(IllegalStateException.class, r::intSamples);
      assertTrue(Traces.assemble(f.records()).isEmpty(), "text is no waveform");
    }
  }

  @Test
  void threeChannelSignalInBothVersions() throws Exception {
    List<Trace> v2 =
        Traces.assemble(
            MiniSeed.read(LIBMSEED.resolve("testdata-3channel-signal.mseed2")).records());
    List<Trace> v3 =
        Traces.assemble(
            MiniSeed.read(LIBMSEED.resolve("testdata-3channel-signal.mseed3")).records());
    assertEquals(List.of("LH1", "LH2", "LHZ"), v2.stream().map(t -> t.id().channel()).toList());
    assertEquals(v2, v3);
    long start = Times.parse("2010-02-27T06:50:00.069539Z");
    for (Trace t : v2) {
      assertEquals(SourceId.of("IU", "COLA", "00", t.id().channel()), t.id());
      assertEquals(start, t.startMicros());
      assertEquals(1.0, t.sampleRate(), 0.0);
    }
    // libmseed test/test-read.c: first record of the file
    MiniSeedRecord first3 =
        MiniSeed.read(LIBMSEED.resolve("testdata-3channel-signal.mseed3")).records().get(0);
    assertEquals(414, first3.recordLength());
    assertEquals(135, first3.sampleCount());
    assertEquals('M', first3.quality(), "publication version 4");
    assertEquals(0xCE52C9F7, crcField(first3.bytes()));
    MiniSeedRecord first2 =
        MiniSeed.read(LIBMSEED.resolve("testdata-3channel-signal.mseed2")).records().get(0);
    assertEquals('M', first2.quality());
    assertEquals(512, first2.recordLength());
    for (MiniSeedRecord r : List.of(first2, first3)) {
      int[] s = r.intSamples();
      assertArrayEquals(new int[] {-502676, -504105, -507491, -506991}, Arrays.copyOf(s, 4));
      assertArrayEquals(
          new int[] {-505212, -499533, -495590, -496168}, Arrays.copyOfRange(s, 131, 135));
      assertEquals(start, r.startMicros());
    }
  }

  private static int crcField(byte[] rec) {
    return (rec[28] & 0xff)
        | (rec[29] & 0xff) << 8
        | (rec[30] & 0xff) << 16
        | (rec[31] & 0xff) << 24;
  }

  @Test
  void mixedLengthsAndOrderAssembleToOneSortedSeries() throws Exception {
    MiniSeedFile f =
        MiniSeed.read(LIBMSEED.resolve("testdata-oneseries-mixedlengths-mixedorder.mseed2"));
    assertEquals(List.of(), f.problems());
    Set<Integer> lengths = new HashSet<>();
    boolean outOfOrder = false;
    int total = 0;
    for (int i = 0; i < f.records().size(); i++) {
      lengths.add(f.records().get(i).recordLength());
      total += f.records().get(i).sampleCount();
      outOfOrder |=
          i > 0 && f.records().get(i).startMicros() < f.records().get(i - 1).startMicros();
    }
    assertEquals(Set.of(128, 256, 512, 1024, 2048, 4096, 8192), lengths);
    assertTrue(outOfOrder, "the file's records are not in time order");
    Traces.AssembleResult res = Traces.assembleWithCounts(f.records());
    assertEquals(1, res.traces().size());
    assertEquals(0, res.gaps());
    assertEquals(0, res.overlaps());
    Trace t = res.traces().get(0);
    assertEquals(total, t.size());
    assertEquals(Times.parse("2010-02-27T06:50:00.069539Z"), t.startMicros());
    // the earliest record's samples start the series
    MiniSeedRecord earliest =
        f.records().stream()
            .min((a, b) -> Long.compare(a.startMicros(), b.startMicros()))
            .orElseThrow();
    assertArrayEquals(earliest.samples(), Arrays.copyOf(t.samples(), earliest.sampleCount()), 0.0);
  }

  @Test
  void legacyGainRangedEncodingsMatchLibmseed() throws Exception {
    record Expect(String file, Encoding enc, double[] first, double[] last) {}
    List<Expect> cases =
        List.of(
            new Expect(
                "testdata-encoding-CDSN.mseed2",
                Encoding.CDSN,
                new double[] {-96, -87, -100, -128},
                new double[] {-205, -205, -196, -185}),
            new Expect(
                "testdata-encoding-DWWSSN.mseed2",
                Encoding.DWWSSN,
                new double[] {6, 5, 1, -9},
                new double[] {66, 71, 77, 76}),
            new Expect(
                "testdata-encoding-SRO.mseed2", Encoding.SRO, new double[] {39, 42, 32, 1}, null),
            new Expect(
                "testdata-encoding-GEOSCOPE-16bit-3exp-encoded.mseed2",
                Encoding.GEOSCOPE_16_4,
                new double[] {-1.0625, -1.078125, -1.078125, -1.078125},
                new double[] {-1.1640625, -1.1640625, -1.1640625, -1.1640625}));
    for (Expect e : cases) {
      MiniSeedFile f = MiniSeed.read(LIBMSEED.resolve(e.file()));
      assertEquals(1, f.records().size(), e.file());
      MiniSeedRecord r = f.records().get(0);
      assertEquals(e.enc(), r.encoding(), e.file());
      double[] s = r.samples();
      assertEquals(r.sampleCount(), s.length);
      assertArrayEquals(e.first(), Arrays.copyOf(s, 4), 0.0, e.file());
      if (e.last() != null) {
        assertArrayEquals(e.last(), Arrays.copyOfRange(s, s.length - 4, s.length), 0.0, e.file());
      }
    }
  }

  @Test
  void recordsWithoutBlockette1000GetLengthFromTheNextHeader() throws Exception {
    MiniSeedFile f = MiniSeed.read(LIBMSEED.resolve("testdata-no-blockette1000-steim1.mseed2"));
    assertEquals(List.of(), f.problems());
    assertEquals(2, f.records().size());
    for (MiniSeedRecord r : f.records()) {
      assertEquals(4096, r.recordLength());
      assertEquals(Encoding.STEIM1, r.encoding());
      assertEquals(SourceId.of("XX", "TEST", "", "BHE"), r.id());
    }
    List<Trace> traces = Traces.assemble(f.records());
    assertEquals(1, traces.size(), "the two records are contiguous");
    assertEquals(
        f.records().get(0).sampleCount() + f.records().get(1).sampleCount(), traces.get(0).size());
    assertArrayEquals(
        new double[] {337, 396, 454, 503}, Arrays.copyOf(traces.get(0).samples(), 4), 0.0);
    // parse() alone on the first record finds the second header at 4096
    byte[] all = Files.readAllBytes(LIBMSEED.resolve("testdata-no-blockette1000-steim1.mseed2"));
    assertEquals(4096, MiniSeed.parse(all, 0, all.length).recordLength());
  }

  static Stream<String> seisFileReferences() throws Exception {
    try (Stream<Path> s = Files.list(SEISFILE3)) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".mseed3"))
          .map(n -> n.substring(0, n.length() - ".mseed3".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("seisFileReferences")
  void seisFileMiniSeed3ReferenceMatchesItsJson(String base) throws Exception {
    JsonNode expect = JSON.readTree(SEISFILE3.resolve(base + ".json").toFile()).get(0);
    MiniSeedFile f = MiniSeed.read(SEISFILE3.resolve(base + ".mseed3"));
    assertEquals(List.of(), f.problems());
    assertEquals(1, f.records().size());
    MiniSeedRecord r = f.records().get(0);
    assertEquals(SourceId.parse(expect.get("SID").asText()), r.id());
    assertEquals(expect.get("SID").asText(), r.id().toFdsn());
    assertEquals(expect.get("RecordLength").asInt(), r.recordLength());
    assertEquals(3, r.formatVersion());
    assertEquals(Times.parse(expect.get("StartTime").asText()), r.startMicros());
    assertEquals(Encoding.fromCode(expect.get("EncodingFormat").asInt()), r.encoding());
    assertEquals(expect.get("SampleRate").asDouble(), r.sampleRate(), 0.0);
    assertEquals(expect.get("SampleCount").asInt(), r.sampleCount());
    assertEquals(Long.decode(expect.get("CRC").asText()).intValue(), crcField(r.bytes()));
    assertEquals(expect.get("DataLength").asInt(), r.dataLength());
    JsonNode data = expect.get("Data");
    if (r.encoding() == Encoding.TEXT) {
      assertEquals(data == null ? "" : data.asText(), r.text());
      return;
    }
    double[] s = r.samples();
    assertEquals(data.size(), s.length);
    for (int i = 0; i < s.length; i++) {
      if (r.encoding() == Encoding.FLOAT32) {
        assertEquals((float) data.get(i).asDouble(), (float) s[i], 0f, "sample " + i);
      } else {
        assertEquals(data.get(i).asDouble(), s[i], 0.0, "sample " + i);
      }
    }
  }

  @Test
  void seisFileSteim2RecordIsRealCiDecHhz() throws Exception {
    MiniSeedFile f = MiniSeed.read(SEISFILE2.resolve("test_no1001_512_steim2"));
    assertEquals(1, f.records().size());
    MiniSeedRecord r = f.records().get(0);
    assertEquals(SourceId.of("CI", "DEC", "", "HHZ"), r.id());
    assertEquals(100.0, r.sampleRate(), 0.0);
    assertEquals(Encoding.STEIM2, r.encoding());
    assertEquals(512, r.recordLength());
    assertEquals(Times.parse("2009-09-03T12:05:02.318500Z"), r.startMicros());
    assertEquals(r.sampleCount(), r.intSamples().length);
    assertEquals(r.startMicros() + r.sampleCount() * 10_000L, r.endMicros());
  }

  @Test
  void zeroSampleRecordIsValidButHoldsNoWaveform() throws Exception {
    MiniSeedFile f = MiniSeed.read(SEISFILE2.resolve("nodata_dataoffset.mseed"));
    assertEquals(List.of(), f.problems());
    MiniSeedRecord r = f.records().get(0);
    assertEquals(0, r.sampleCount());
    assertEquals(0, r.samples().length);
    assertEquals(0, r.intSamples().length);
    assertEquals(SourceId.of("N4", "L34B", "00", "LHZ"), r.id());
    assertFalse(r.hasWaveform());
    assertEquals(r.startMicros(), r.endMicros());
    assertTrue(Traces.assemble(f.records()).isEmpty());
  }

  @Test
  void fullSeedVolumeWithoutDataRecordsFailsNamingFileAndCause() {
    // Decision: data records inside a SEED volume are read (they are miniSEED); this 64 KiB
    // excerpt holds only control headers, so it is not a waveform file and reading it fails.
    Path p = SEISFILE2.resolve("CO_JSC.seed");
    IOException e = assertThrows(IOException.class, () -> MiniSeed.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("SEED control header"), e.getMessage());
  }

  @Test
  void seedVolumeDataRecordsAreReadAndControlHeadersReported() throws Exception {
    byte[] volume = Files.readAllBytes(SEISFILE2.resolve("CO_JSC.seed"));
    byte[] data = Files.readAllBytes(LIBMSEED.resolve("reference-testdata-steim2.mseed2"));
    byte[] joined = Arrays.copyOf(volume, volume.length + data.length);
    System.arraycopy(data, 0, joined, volume.length, data.length);
    MiniSeedFile f = MiniSeed.read(joined, "volume+data");
    assertEquals(4, f.records().size());
    assertEquals(1, f.problems().size());
    assertEquals(0, f.problems().get(0).byteOffset());
    assertTrue(f.problems().get(0).reason().contains("resumed at byte " + volume.length));
  }
}
