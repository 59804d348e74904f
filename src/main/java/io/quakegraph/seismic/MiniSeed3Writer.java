package io.quakegraph.seismic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes traces as FDSN miniSEED 3 records: little-endian fixed header with nanosecond start time,
 * the FDSN source identifier, no extra headers, the payload (Steim big-endian, other encodings
 * little-endian, as the format prescribes), and the CRC-32C of the record.
 *
 * <p>Records are as long as their content, never longer than the given maximum.
 */
public final class MiniSeed3Writer {
  private final int publicationVersion;

  /** A writer with publication version 1, as libmseed uses by default. */
  public MiniSeed3Writer() {
    this(1);
  }

  /** A writer with the given publication version (1..255). */
  public MiniSeed3Writer(int publicationVersion) {
    if (publicationVersion < 1 || publicationVersion > 255) {
      throw new IllegalArgumentException("publication version must be 1..255");
    }
    this.publicationVersion = publicationVersion;
  }

  /**
   * The records of one trace.
   *
   * @param encoding STEIM1, STEIM2, INT16, INT32, FLOAT32 or FLOAT64
   * @param maxRecordBytes the longest record allowed (must leave room for at least one sample)
   * @throws IllegalArgumentException if a sample cannot be represented in the encoding
   */
  public List<byte[]> records(Trace trace, Encoding encoding, int maxRecordBytes) {
    if (!MiniSeed2Writer.isWritable(encoding)) {
      throw new IllegalArgumentException("cannot write miniSEED 3 with encoding " + encoding);
    }
    byte[] sid = trace.id().toFdsn().getBytes(StandardCharsets.US_ASCII);
    if (sid.length > 255) {
      throw new IllegalArgumentException("source id longer than 255 bytes: " + trace.id());
    }
    int head = MiniSeed3Parser.HEADER_BYTES + sid.length;
    int room = Math.min(maxRecordBytes, MiniSeed3Parser.MAX_RECORD) - head;
    int unit = encoding.isSteim() ? Steim.FRAME_BYTES : encoding.bytesPerSample();
    if (room < unit) {
      throw new IllegalArgumentException(
          "maximum record length " + maxRecordBytes + " leaves no room for data after the header");
    }
    double[] samples = trace.samples();
    int n = samples.length;
    int[] ints =
        encoding == Encoding.FLOAT32 || encoding == Encoding.FLOAT64
            ? null
            : MiniSeed2Writer.toInts(samples, encoding, trace.id());
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    while (i < n) {
      byte[] rec = new byte[head + room];
      int count;
      int dataLength;
      int d = head;
      switch (encoding) {
        case STEIM1, STEIM2 -> {
          Steim.Packed p =
              Steim.encode(encoding, ints, i, n, rec, d, room / Steim.FRAME_BYTES, true);
          count = p.samples();
          dataLength = p.frames() * Steim.FRAME_BYTES;
        }
        case INT16 -> {
          count = Math.min(n - i, room / 2);
          for (int k = 0; k < count; k++) {
            rec[d + 2 * k] = (byte) ints[i + k];
            rec[d + 2 * k + 1] = (byte) (ints[i + k] >>> 8);
          }
          dataLength = 2 * count;
        }
        case INT32 -> {
          count = Math.min(n - i, room / 4);
          for (int k = 0; k < count; k++) {
            putLe32(rec, d + 4 * k, ints[i + k]);
          }
          dataLength = 4 * count;
        }
        case FLOAT32 -> {
          count = Math.min(n - i, room / 4);
          for (int k = 0; k < count; k++) {
            putLe32(rec, d + 4 * k, Float.floatToIntBits((float) samples[i + k]));
          }
          dataLength = 4 * count;
        }
        default -> {
          count = Math.min(n - i, room / 8);
          for (int k = 0; k < count; k++) {
            long bits = Double.doubleToLongBits(samples[i + k]);
            putLe32(rec, d + 8 * k, (int) bits);
            putLe32(rec, d + 8 * k + 4, (int) (bits >>> 32));
          }
          dataLength = 8 * count;
        }
      }
      rec = Arrays.copyOf(rec, head + dataLength);
      writeHeader(rec, sid, trace.timeOf(i), trace.sampleRate(), encoding, count, dataLength);
      out.add(rec);
      i += count;
    }
    return out;
  }

  /** Writes the records of one trace. */
  public void write(Trace trace, Encoding encoding, int maxRecordBytes, OutputStream out)
      throws IOException {
    for (byte[] r : records(trace, encoding, maxRecordBytes)) {
      out.write(r);
    }
  }

  private void writeHeader(
      byte[] rec, byte[] sid, long start, double rate, Encoding encoding, int count, int dataLen) {
    long seconds = Math.floorDiv(start, 1_000_000L);
    int micros = (int) Math.floorMod(start, 1_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    if (t.getYear() < 1900 || t.getYear() > 2200) {
      throw new IllegalArgumentException("start time outside miniSEED years: " + t);
    }
    rec[0] = 'M';
    rec[1] = 'S';
    rec[2] = 3;
    rec[3] = 0;
    putLe32(rec, 4, micros * 1000);
    putLe16(rec, 8, t.getYear());
    putLe16(rec, 10, t.getDayOfYear());
    rec[12] = (byte) t.getHour();
    rec[13] = (byte) t.getMinute();
    rec[14] = (byte) t.getSecond();
    rec[15] = (byte) encoding.code();
    long bits = Double.doubleToLongBits(rate);
    putLe32(rec, 16, (int) bits);
    putLe32(rec, 20, (int) (bits >>> 32));
    putLe32(rec, 24, count);
    rec[32] = (byte) publicationVersion;
    rec[33] = (byte) sid.length;
    putLe16(rec, 34, 0);
    putLe32(rec, 36, dataLen);
    System.arraycopy(sid, 0, rec, MiniSeed3Parser.HEADER_BYTES, sid.length);
    CRC32C crc = new CRC32C();
    crc.update(rec, 0, rec.length); // CRC field is still zero here
    putLe32(rec, 28, (int) crc.getValue());
  }

  private static void putLe16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  private static void putLe32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }
}
