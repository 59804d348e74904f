package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.iris.dmc.seedcodec.Codec;
import edu.iris.dmc.seedcodec.Steim2;
import edu.sc.seis.seisFile.mseed.DataRecord;
import edu.sc.seis.seisFile.mseed.SeedRecord;
import edu.sc.seis.seisFile.mseed3.MSeed3Record;
import io.quakegraph.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our decoder and encoder against an independent implementation: seisFile's record parser and
 * seedCodec's decoders (test scope only).
 */
class MiniSeedSeisFileCrossCheckTest {

  private static int[] seisFileSamples(byte[] record) throws Exception {
    SeedRecord sr = SeedRecord.read(record);
    assertTrue(sr instanceof DataRecord);
    return ((DataRecord) sr).decompress().getAsInt();
  }

  @Test
  void realSteim2RecordsDecodeAsSeisFileDecodesThem() throws Exception {
    for (Path p :
        List.of(
            SharedData.path("mseed-testvectors/seisfile_mseed2/test_no1001_512_steim2"),
            SharedData.path("continuous/CINCH__LHZ___2022002.ms"),
            SharedData.path(
                "events/ci38038071_laverne_M4.4/BK.TCAS.00.HNZ__20180829T023318Z__20180829T023648Z.mseed"))) {
      List<MiniSeedRecord> recs = MiniSeed.read(p).records();
      for (MiniSeedRecord r : recs) {
        assertEquals(Encoding.STEIM2, r.encoding());
        assertArrayEquals(seisFileSamples(r.bytes()), r.intSamples(), p + " " + r);
        DataRecord dr = (DataRecord) SeedRecord.read(r.bytes());
        assertEquals(dr.getHeader().getNumSamples(), r.sampleCount());
        assertEquals(dr.getSampleRate(), (float) r.sampleRate(), 0f);
        assertEquals(dr.getHeader().getStationIdentifier().trim(), r.id().station());
      }
    }
  }

  @Test
  void realSteim1AndLegacyEncodingsDecodeAsSeedCodecDecodesThem() throws Exception {
    Codec codec = new Codec();
    for (String f :
        List.of(
            "events/ci38445975_ridgecrest_M4.0/CI.MIKB..BNZ.mseed",
            "mseed-testvectors/libmseed/testdata-encoding-CDSN.mseed2",
            "mseed-testvectors/libmseed/testdata-encoding-SRO.mseed2",
            "mseed-testvectors/libmseed/testdata-encoding-DWWSSN.mseed2",
            "mseed-testvectors/libmseed/reference-testdata-steim1-LE.mseed2",
            "mseed-testvectors/libmseed/reference-testdata-steim2-LE.mseed2")) {
      for (MiniSeedRecord r : MiniSeed.read(SharedData.path(f)).records()) {
        byte[] payload = java.util.Arrays.copyOfRange(r.bytes(), r.dataOffset(), r.recordLength());
        int[] theirs =
            codec
                .decompress(r.encoding().code(), payload, r.sampleCount(), !r.bigEndian())
                .getAsInt();
        assertArrayEquals(theirs, r.intSamples(), f);
      }
    }
  }

  @Test
  void ourMiniSeed2RecordsDecodeInSeisFile() throws Exception {
    int[] x = MiniSeedRoundTripTest.varyingMagnitudes(5, 12_000);
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = x[i];
    }
    Trace t = new Trace(SourceId.of("CI", "PASC", "00", "HHZ"), 1_562_285_851_419_537L, 100, s);
    for (Encoding e : List.of(Encoding.STEIM1, Encoding.STEIM2, Encoding.INT32)) {
      int at = 0;
      for (byte[] rec : new MiniSeed2Writer(e, 4096).records(t, 1)) {
        DataRecord dr = (DataRecord) SeedRecord.read(rec);
        int[] theirs = dr.decompress().getAsInt();
        assertArrayEquals(
            java.util.Arrays.copyOfRange(x, at, at + theirs.length), theirs, e.toString());
        assertEquals("PASC", dr.getHeader().getStationIdentifier().trim());
        assertEquals(100f, dr.getSampleRate(), 0f);
        at += theirs.length;
      }
      assertEquals(x.length, at);
    }
  }

  @Test
  void ourMiniSeed3RecordsReadInSeisFile() throws Exception {
    Trace t = MiniSeed.readTraces(SharedData.path("continuous/CIFOX2_LHZ___2022002.ms")).get(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MiniSeed3Writer().write(t, Encoding.STEIM2, 2048, out);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
    int at = 0;
    while (in.available() > 0) {
      MSeed3Record r = MSeed3Record.read(in);
      assertEquals("FDSN:CI_FOX2__L_H_Z", r.getSourceIdStr());
      assertEquals(Times.instant(t.timeOf(at)), r.getStartInstant());
      // seisFile 2.4.1 decodes Steim in miniSEED 3 with the wrong byte order; decode its bytes
      int[] theirs = Steim2.decode(r.getTimeseriesBytes(), r.getNumSamples(), false);
      for (int i = 0; i < theirs.length; i++) {
        assertEquals(t.samples()[at + i], theirs[i], 0.0);
      }
      at += theirs.length;
    }
    assertEquals(t.size(), at);
  }
}
