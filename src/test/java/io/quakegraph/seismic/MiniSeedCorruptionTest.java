package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quakegraph.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged real files: the reader keeps every good record, reports each damaged stretch with its
 * byte offset, and never fails with anything but a {@link MiniSeedException} (one record) or an
 * {@link IOException} (a file without any valid record).
 */
class MiniSeedCorruptionTest {
  /** 11 Steim-2 records of 512 bytes, CI.FOX2..LHZ. */
  private static final String FOX2 = "continuous/CIFOX2_LHZ___2022002.ms";

  private static byte[] clean;
  private static List<MiniSeedRecord> cleanRecords;

  @BeforeAll
  static void load() throws IOException {
    clean = Files.readAllBytes(SharedData.path(FOX2));
    cleanRecords = MiniSeed.read(clean, "clean").records();
    assertEquals(11, cleanRecords.size());
    assertEquals(11 * 512, clean.length);
  }

  private static MiniSeedFile readDamaged(byte[] data) throws IOException {
    return MiniSeed.read(data, "damaged.ms");
  }

  /** Records read from damaged data equal the clean ones except those at the given indexes. */
  private static void assertKeptAllBut(MiniSeedFile f, int... lost) {
    List<MiniSeedRecord> expected = new ArrayList<>(cleanRecords);
    for (int i = lost.length - 1; i >= 0; i--) {
      expected.remove(lost[i]);
    }
    assertEquals(expected.size(), f.records().size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).startMicros(), f.records().get(i).startMicros());
      assertArrayEquals(expected.get(i).bytes(), f.records().get(i).bytes());
    }
  }

  @Test
  void garbledHeaderSkipsOnlyThatRecord() throws IOException {
    byte[] d = clean.clone();
    System.arraycopy("#garbled".getBytes(StandardCharsets.US_ASCII), 0, d, 5 * 512, 8);
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f, 5);
    assertEquals(1, f.problems().size());
    ReadProblem p = f.problems().get(0);
    assertEquals("damaged.ms", p.file());
    assertEquals(5 * 512, p.byteOffset());
    assertTrue(p.reason().contains("not a miniSEED record header"), p.reason());
    assertTrue(p.reason().contains("resumed at byte " + 6 * 512), p.reason());
  }

  @Test
  void implausibleTimeInHeaderIsRejected() throws IOException {
    byte[] d = clean.clone();
    d[3 * 512 + 24] = 77; // hour 77
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f, 3);
    assertEquals(3 * 512, f.problems().get(0).byteOffset());
    assertTrue(f.problems().get(0).reason().contains("implausible start time"));
  }

  @Test
  void brokenIntegrationConstantIsReported() throws IOException {
    byte[] d = clean.clone();
    int xn = 4 * 512 + 64 + 8; // first frame, word 2 of record 4
    d[xn + 3] ^= 0x01;
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f, 4);
    assertEquals(1, f.problems().size());
    assertEquals(4 * 512, f.problems().get(0).byteOffset());
    assertTrue(f.problems().get(0).reason().contains("integrity check failed"));
    MiniSeedException e =
        assertThrows(MiniSeedException.class, () -> MiniSeed.parse(d, 4 * 512, 512));
    assertEquals(4 * 512, e.byteOffset());
  }

  @Test
  void brokenSteimFrameIsReported() throws IOException {
    byte[] d = clean.clone();
    // a data word in the second frame of record 7: changes differences, so Xn no longer matches
    int word = 7 * 512 + 64 + 64 + 4 * 5;
    d[word] ^= 0x05;
    d[word + 2] ^= 0x30;
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f, 7);
    assertEquals(7 * 512, f.problems().get(0).byteOffset());
  }

  @Test
  void sampleCountBeyondFramesIsReported() throws IOException {
    byte[] d = clean.clone();
    d[2 * 512 + 30] = 0x7f; // sample count 32k+ in a 512-byte record
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f, 2);
    assertTrue(f.problems().get(0).reason().contains("cannot fit"), f.problems().get(0).reason());
  }

  @Test
  void damagedRecordLengthThatSwallowsTheNextRecordIsCaught() throws IOException {
    byte[] d = clean.clone();
    int exponent = 4 * 512 + 48 + 6; // blockette 1000 sits at offset 48
    assertEquals(9, d[exponent]);
    d[exponent] = 10; // 1024 bytes: would hide record 5
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f, 4);
    assertEquals(4 * 512, f.problems().get(0).byteOffset());
    assertTrue(f.problems().get(0).reason().contains("overlaps"), f.problems().get(0).reason());
  }

  @Test
  void truncatedLastRecordIsAProblemNotACrash() throws IOException {
    byte[] d = Arrays.copyOf(clean, 10 * 512 + 100);
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f, 10);
    assertEquals(1, f.problems().size());
    assertEquals(10 * 512, f.problems().get(0).byteOffset());
    assertTrue(f.problems().get(0).reason().contains("truncated"), f.problems().get(0).reason());
    // truncated inside the fixed header
    MiniSeedFile g = readDamaged(Arrays.copyOf(clean, 10 * 512 + 20));
    assertEquals(10, g.records().size());
    assertEquals(10 * 512, g.problems().get(0).byteOffset());
  }

  @Test
  void garbageBetweenRecordsIsSkipped() throws IOException {
    byte[] junk = new byte[37];
    new SplittableRandom(7).nextBytes(junk);
    byte[] d = new byte[clean.length + junk.length];
    System.arraycopy(clean, 0, d, 0, 3 * 512);
    System.arraycopy(junk, 0, d, 3 * 512, junk.length);
    System.arraycopy(clean, 3 * 512, d, 3 * 512 + junk.length, clean.length - 3 * 512);
    MiniSeedFile f = readDamaged(d);
    assertKeptAllBut(f);
    assertEquals(1, f.problems().size());
    assertEquals(3 * 512, f.problems().get(0).byteOffset());
    assertTrue(f.problems().get(0).reason().contains("skipped 37 bytes"));
  }

  @Test
  void damagedMiniSeed3RecordFailsItsCrc() throws IOException {
    byte[] d =
        Files.readAllBytes(
            SharedData.path("mseed-testvectors/libmseed/testdata-3channel-signal.mseed3"));
    List<MiniSeedRecord> good = MiniSeed.read(d, "v3").records();
    int third = good.get(0).recordLength() + good.get(1).recordLength();
    d[third + good.get(2).dataOffset() + 20] ^= 0x40;
    MiniSeedFile f = MiniSeed.read(d, "v3-damaged");
    assertEquals(good.size() - 1, f.records().size());
    assertEquals(third, f.problems().get(0).byteOffset());
    assertTrue(f.problems().get(0).reason().contains("CRC-32C mismatch"));
  }

  @Test
  void nonMiniSeedFilesFailNamingTheFile(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "Station CI.PAS was serviced on 2019-07-05.\n".repeat(40));
    IOException e = assertThrows(IOException.class, () -> MiniSeed.read(text));
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());

    Path empty = Files.createFile(dir.resolve("empty.ms"));
    e = assertThrows(IOException.class, () -> MiniSeed.read(empty));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());

    Path missing = dir.resolve("missing.ms");
    e = assertThrows(IOException.class, () -> MiniSeed.read(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());

    e =
        assertThrows(
            IOException.class,
            () -> MiniSeed.read(new ByteArrayInputStream(new byte[4096]), "zeros-stream"));
    assertTrue(e.getMessage().contains("zeros-stream"), e.getMessage());
  }

  /** Real records of every kind the mutation loop damages. */
  private static List<byte[]> seedRecords() throws IOException {
    List<byte[]> out = new ArrayList<>();
    String[] files = {
      FOX2,
      "events/ci38445975_ridgecrest_M4.0/CI.MIKB..HNZ.mseed",
      "mseed-testvectors/libmseed/testdata-3channel-signal.mseed3",
      "mseed-testvectors/seisfile_mseed3/reference-sinusoid-FDSN-All.mseed3",
      "mseed-testvectors/libmseed/reference-testdata-steim1-LE.mseed2",
      "mseed-testvectors/libmseed/reference-testdata-int16.mseed2",
      "mseed-testvectors/libmseed/reference-testdata-float64.mseed2",
      "mseed-testvectors/libmseed/reference-testdata-text.mseed2",
      "mseed-testvectors/libmseed/testdata-encoding-SRO.mseed2",
      "mseed-testvectors/libmseed/testdata-encoding-CDSN.mseed2",
      "mseed-testvectors/libmseed/testdata-no-blockette1000-steim1.mseed2",
    };
    for (String f : files) {
      MiniSeedFile m = MiniSeed.read(SharedData.path(f));
      out.add(m.records().get(0).bytes());
      out.add(m.records().get(m.records().size() - 1).bytes());
    }
    return out;
  }

  @Test
  void mutatedRecordsOnlyEverFailWithMiniSeedException() throws IOException {
    List<byte[]> seeds = seedRecords();
    SplittableRandom rnd = new SplittableRandom(20240611L);
    int[] outcome = new int[2];
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] m = mutate(seed, rnd);
            try {
              MiniSeedRecord r = MiniSeed.parse(m, 0, m.length);
              // a record that passed validation must also decode
              r.samples();
              if (r.encoding().isInteger()) {
                assertEquals(r.sampleCount(), r.intSamples().length);
              }
              outcome[0]++;
            } catch (MiniSeedException e) {
              assertTrue(e.getMessage().contains("byte 0"), e.getMessage());
              outcome[1]++;
            } catch (RuntimeException | Error e) {
              fail("mutation " + i + " of a " + seed.length + "-byte record: " + e, e);
            }
          }
        });
    // both outcomes must occur, or the loop tests nothing
    assertTrue(outcome[0] > 500, "accepted " + outcome[0]);
    assertTrue(outcome[1] > 5000, "rejected " + outcome[1]);
  }

  @Test
  void mutatedFilesOnlyEverFailWithIOException() throws IOException {
    byte[] file =
        Files.readAllBytes(
            SharedData.path("mseed-testvectors/libmseed/testdata-3channel-signal.mseed2"));
    SplittableRandom rnd = new SplittableRandom(99L);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int i = 0; i < 200; i++) {
            byte[] m = file.clone();
            for (int k = rnd.nextInt(1, 40); k > 0; k--) {
              m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextBoolean()) {
              m = Arrays.copyOf(m, rnd.nextInt(1, m.length));
            }
            try {
              MiniSeedFile f = MiniSeed.read(m, "mutant-" + i);
              long covered = f.records().stream().mapToLong(MiniSeedRecord::recordLength).sum();
              assertTrue(covered <= m.length);
              assertTrue(covered == m.length || !f.problems().isEmpty(), "uncovered bytes");
              for (ReadProblem p : f.problems()) {
                assertTrue(p.byteOffset() >= 0 && p.byteOffset() < m.length);
              }
            } catch (IOException e) {
              assertTrue(e.getMessage().contains("mutant-" + i));
            }
          }
        });
  }

  private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
    byte[] m = seed.clone();
    switch (rnd.nextInt(6)) {
      case 0 -> { // a few random bytes anywhere
        for (int k = rnd.nextInt(1, 9); k > 0; k--) {
          m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
        }
      }
      case 1 -> { // header fields and blockettes
        for (int k = rnd.nextInt(1, 4); k > 0; k--) {
          m[rnd.nextInt(Math.min(m.length, 72))] = (byte) rnd.nextInt(256);
        }
      }
      case 2 -> { // single bit flips
        for (int k = rnd.nextInt(1, 4); k > 0; k--) {
          int at = rnd.nextInt(m.length);
          m[at] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 3 -> m = Arrays.copyOf(m, rnd.nextInt(0, m.length)); // truncation
      case 4 -> { // extreme values in 16/32-bit header fields
        int at = rnd.nextInt(Math.min(m.length, 64) - 4);
        byte v = rnd.nextBoolean() ? (byte) 0xff : 0;
        Arrays.fill(m, at, at + (rnd.nextBoolean() ? 2 : 4), v);
      }
      default -> { // a stretch of random bytes in the payload
        int at = rnd.nextInt(m.length);
        int len = Math.min(m.length - at, rnd.nextInt(1, 64));
        for (int k = 0; k < len; k++) {
          m[at + k] = (byte) rnd.nextInt(256);
        }
      }
    }
    return m;
  }
}
