package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.SharedData;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Traces written by our writers read back identical: samples, ids, times, rates. */
class MiniSeedRoundTripTest {
  private static Trace real;

  /** Real CI.MIKB..HNZ counts (200 Hz), moved to a start time with microseconds. */
  @BeforeAll
  static void load() throws Exception {
    Trace t =
        MiniSeed.readTraces(SharedData.path("events/ci38445975_ridgecrest_M4.0/CI.MIKB..HNZ.mseed"))
            .get(0);
    real =
        new Trace(t.id(), Times.parse("2019-07-05T00:17:31.419537Z"), t.sampleRate(), t.samples());
  }

  private static Trace readBack(byte[] bytes) throws Exception {
    MiniSeedFile f = MiniSeed.read(bytes, "round-trip");
    assertEquals(List.of(), f.problems());
    List<Trace> traces = Traces.assemble(f.records());
    assertEquals(1, traces.size(), traces.toString());
    return traces.get(0);
  }

  static Stream<Arguments> miniSeed2Cases() {
    List<Arguments> out = new ArrayList<>();
    for (Encoding e :
        List.of(
            Encoding.STEIM1, Encoding.STEIM2, Encoding.INT32, Encoding.FLOAT32, Encoding.FLOAT64)) {
      out.add(Arguments.of(e, 512, 0.0));
      out.add(Arguments.of(e, 4096, 0.0));
      out.add(Arguments.of(e, 512, 1.0));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("miniSeed2Cases")
  void miniSeed2RoundTrip(Encoding encoding, int recordLength, double shortSeconds)
      throws Exception {
    MiniSeed2Writer w =
        shortSeconds > 0
            ? MiniSeed2Writer.shortRecords(encoding, shortSeconds)
            : new MiniSeed2Writer(encoding, recordLength);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(real, out);
    byte[] bytes = out.toByteArray();
    assertEquals(real, readBack(bytes));
    List<MiniSeedRecord> recs = MiniSeed.read(bytes, "rt").records();
    assertEquals(bytes.length, (long) recs.size() * recordLength);
    int maxPerRecord =
        shortSeconds > 0 ? (int) Math.round(shortSeconds * real.sampleRate()) : Integer.MAX_VALUE;
    int index = 0;
    for (int i = 0; i < recs.size(); i++) {
      MiniSeedRecord r = recs.get(i);
      assertEquals(i + 1, r.sequenceNumber());
      assertEquals('D', r.quality());
      assertEquals(2, r.formatVersion());
      assertTrue(r.bigEndian());
      assertEquals(encoding, r.encoding());
      assertEquals(recordLength, r.recordLength());
      assertEquals(real.timeOf(index), r.startMicros());
      assertTrue(r.sampleCount() <= maxPerRecord, r.sampleCount() + " > " + maxPerRecord);
      boolean hasB1001 = r.startMicros() % 100 != 0;
      assertEquals(hasB1001 ? 2 : 1, r.bytes()[39], "blockette count");
      index += r.sampleCount();
    }
    if (shortSeconds > 0 && encoding.isSteim()) {
      assertEquals(maxPerRecord, recs.get(0).sampleCount(), "a 1 s record holds exactly 1 s");
    }
  }

  @Test
  void int16RoundTripAndRangeCheck() throws Exception {
    double[] s = new double[3000];
    SplittableRandom rnd = new SplittableRandom(16);
    for (int i = 0; i < s.length; i++) {
      s[i] = rnd.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
    }
    Trace t = new Trace(SourceId.of("XX", "I16", "00", "HHZ"), 0L, 100, s);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MiniSeed2Writer(Encoding.INT16, 1024).write(t, out);
    assertEquals(t, readBack(out.toByteArray()));
    double[] big = {1, 40_000};
    assertThrows(
        IllegalArgumentException.class,
        () -> new MiniSeed2Writer(Encoding.INT16, 512).records(t.withSamples(big), 1));
  }

  @Test
  void integerEncodingsRoundAndRejectUnrepresentable() throws Exception {
    Trace t = new Trace(SourceId.of("XX", "RND", "", "BHZ"), 0L, 40, new double[] {1.4, -2.6, 3.5});
    Trace back = readBack(new MiniSeed2Writer(Encoding.STEIM2, 512).records(t, 1).get(0));
    assertArrayEquals(new double[] {1, -3, 4}, back.samples(), 0.0);
    for (double bad : new double[] {Double.NaN, 3e9, Double.NEGATIVE_INFINITY}) {
      Trace b = t.withSamples(new double[] {0, bad});
      for (Encoding e : List.of(Encoding.STEIM1, Encoding.STEIM2, Encoding.INT32)) {
        assertThrows(
            IllegalArgumentException.class, () -> new MiniSeed2Writer(e, 512).records(b, 1));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new MiniSeed2Writer(Encoding.STEIM2, 300));
    assertThrows(IllegalArgumentException.class, () -> new MiniSeed2Writer(Encoding.CDSN, 512));
  }

  /** Seeded series whose differences span every Steim-2 width, including ones beyond 30 bits. */
  static int[] varyingMagnitudes(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] x = new int[n];
    int v = 0;
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(100);
      if (kind < 60) {
        int bits = rnd.nextInt(1, 17);
        v += rnd.nextInt(-(1 << (bits - 1)), 1 << (bits - 1));
      } else if (kind < 85) {
        v += rnd.nextInt(-(1 << 29), 1 << 29);
      } else if (kind < 95) {
        v = rnd.nextInt(); // any value: differences up to 32 bits
      } else {
        v = rnd.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
      }
      x[i] = v;
    }
    return x;
  }

  @Test
  void steimRoundTripsRandomDataOfEveryMagnitude() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      int[] x = varyingMagnitudes(seed, 20_000);
      double[] s = new double[x.length];
      int wide = 0;
      for (int i = 0; i < x.length; i++) {
        s[i] = x[i];
        long d = i == 0 ? 0 : (long) x[i] - x[i - 1];
        wide += Math.abs(d) >= (1 << 29) ? 1 : 0;
      }
      assertTrue(wide > 1000, "data must need differences wider than 30 bits");
      Trace t = new Trace(SourceId.of("XX", "RAND", "", "HHZ"), 1_600_000_000_123_456L, 100, s);
      for (Encoding e : List.of(Encoding.STEIM1, Encoding.STEIM2)) {
        for (int len : new int[] {256, 512, 4096, 8192}) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          new MiniSeed2Writer(e, len).write(t, out);
          assertEquals(t, readBack(out.toByteArray()), e + " " + len + " seed " + seed);
        }
      }
    }
  }

  @Test
  void steimLittleEndianFramesRoundTrip() throws MiniSeedException {
    int[] x = varyingMagnitudes(42, 5000);
    for (Encoding e : List.of(Encoding.STEIM1, Encoding.STEIM2)) {
      int from = 0;
      while (from < x.length) {
        byte[] le = new byte[63 * 64];
        byte[] be = new byte[63 * 64];
        Steim.Packed p = Steim.encode(e, x, from, x.length, le, 0, 63, false);
        Steim.Packed q = Steim.encode(e, x, from, x.length, be, 0, 63, true);
        assertEquals(p, q);
        int[] a = Steim.decode(e, le, 0, p.frames(), p.samples(), false, 0);
        int[] b = Steim.decode(e, be, 0, q.frames(), q.samples(), true, 0);
        assertArrayEquals(java.util.Arrays.copyOfRange(x, from, from + p.samples()), a);
        assertArrayEquals(a, b);
        from += p.samples();
      }
    }
  }

  @Test
  void steimEncoderUsesTheDenseCodesForSmallDifferences() {
    int[] x = new int[10_000];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 1; i < x.length; i++) {
      x[i] = x[i - 1] + rnd.nextInt(-8, 8); // 4-bit differences: 7 per word in Steim-2
    }
    byte[] rec = new byte[63 * 64];
    Steim.Packed p = Steim.encode(Encoding.STEIM2, x, 0, x.length, rec, 0, 63, true);
    assertEquals(7 * (15 * 63 - 2), p.samples());
    Steim.Packed p1 = Steim.encode(Encoding.STEIM1, x, 0, x.length, new byte[63 * 64], 0, 63, true);
    assertEquals(4 * (15 * 63 - 2), p1.samples());
  }

  @Test
  void sampleRatesAreRepresentedExactly() throws Exception {
    for (double rate :
        new double[] {100, 40, 200, 250, 0.1, 1, 1.0 / 3, 19.5, 0.05, 2.5, 50_000, 1e-3}) {
      Trace t = new Trace(SourceId.of("XX", "RATE", "", "BHZ"), 0L, rate, new double[] {1, 2, 3});
      MiniSeedRecord r =
          MiniSeed.parse(new MiniSeed2Writer(Encoding.STEIM2, 512).records(t, 1).get(0));
      assertEquals(rate, r.sampleRate(), 0.0, "rate " + rate);
    }
  }

  @Test
  void sequenceNumbersRunAcrossTracesAndWrap() throws Exception {
    MiniSeed2Writer w = new MiniSeed2Writer(Encoding.INT32, 256);
    Trace t = new Trace(SourceId.of("XX", "SEQ", "", "LHZ"), 0L, 1, new double[100]);
    List<byte[]> recs = w.records(t, 999_998);
    assertEquals(3, recs.size());
    int[] seq = recs.stream().mapToInt(r -> Integer.parseInt(new String(r, 0, 6).trim())).toArray();
    assertArrayEquals(new int[] {999_998, 999_999, 1}, seq);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MiniSeed2Writer.write(List.of(t, t.withSamples(new double[50])), Encoding.INT32, 256, out);
    MiniSeedFile f = MiniSeed.read(out.toByteArray(), "two");
    assertEquals(
        List.of(1, 2, 3, 4, 5), f.records().stream().map(MiniSeedRecord::sequenceNumber).toList());
  }

  @Test
  void idsTooLongForMiniSeed2AreRejected() {
    Trace t = new Trace(SourceId.of("XX", "TOOLONG", "", "BHZ"), 0L, 1, new double[] {1});
    assertThrows(
        IllegalArgumentException.class,
        () -> new MiniSeed2Writer(Encoding.STEIM2, 512).records(t, 1));
  }

  static Stream<Arguments> miniSeed3Cases() {
    List<Arguments> out = new ArrayList<>();
    for (Encoding e :
        List.of(
            Encoding.STEIM1,
            Encoding.STEIM2,
            Encoding.INT16,
            Encoding.INT32,
            Encoding.FLOAT32,
            Encoding.FLOAT64)) {
      out.add(Arguments.of(e, 512));
      out.add(Arguments.of(e, 4096));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("miniSeed3Cases")
  void miniSeed3RoundTrip(Encoding encoding, int maxBytes) throws Exception {
    Trace t = real;
    if (encoding == Encoding.INT16) {
      double[] s = real.samples().clone();
      for (int i = 0; i < s.length; i++) {
        s[i] = s[i] % 30_000;
      }
      t = real.withSamples(s);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MiniSeed3Writer().write(t, encoding, maxBytes, out);
    byte[] bytes = out.toByteArray();
    assertEquals(t, readBack(bytes));
    List<MiniSeedRecord> recs = MiniSeed.read(bytes, "v3").records();
    for (MiniSeedRecord r : recs) {
      assertEquals(3, r.formatVersion());
      assertTrue(r.recordLength() <= maxBytes);
      assertEquals(encoding, r.encoding());
      assertEquals(encoding.isSteim(), r.bigEndian());
      assertEquals('R', r.quality(), "publication version 1");
      String sid =
          new String(r.bytes(), 40, r.bytes()[33], java.nio.charset.StandardCharsets.US_ASCII);
      assertEquals("FDSN:CI_MIKB__H_N_Z", sid);
    }
    // nanosecond field carries the microseconds
    byte[] first = recs.get(0).bytes();
    int nanos =
        (first[4] & 0xff)
            | (first[5] & 0xff) << 8
            | (first[6] & 0xff) << 16
            | (first[7] & 0xff) << 24;
    assertEquals(419_537_000, nanos);
  }

  @Test
  void miniSeed3SteimRandomDataOfEveryMagnitude() throws Exception {
    int[] x = varyingMagnitudes(11, 30_000);
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = x[i];
    }
    Trace t = new Trace(SourceId.of("XX", "R3", "10", "HHZ"), 1_000_000_000_000_001L, 250, s);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MiniSeed3Writer(2).write(t, Encoding.STEIM2, 4096, out);
    assertEquals(t, readBack(out.toByteArray()));
    assertFalse(MiniSeed.read(out.toByteArray(), "x").records().isEmpty());
  }
}
