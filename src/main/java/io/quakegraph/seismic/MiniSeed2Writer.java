package io.quakegraph.seismic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes traces as big-endian miniSEED 2 records: fixed header, blockette 1000, and blockette 1001
 * when the start time needs microseconds finer than the header's 100 µs tick.
 *
 * <p>Data quality is 'D'; the sample rate factor and multiplier are chosen so that the rate read
 * back is exactly the rate written (100, 40, 200, 0.1, 1, 1/3 Hz...). Integer encodings round the
 * samples and reject NaN and values outside the encoding's range. Steim records hold as many
 * samples as the frames take; Steim-2 cannot hold a difference wider than 30 bits, so such a sample
 * simply starts the next record, and every int series round-trips exactly.
 */
public final class MiniSeed2Writer {
  static final int DATA_OFFSET = 64;

  private final Encoding encoding;
  private final int recordLength;
  private final double maxSeconds;

  /**
   * A writer of full records.
   *
   * @param encoding STEIM1, STEIM2, INT16, INT32, FLOAT32 or FLOAT64
   * @param recordLength a power of two from 256 to 8192
   */
  public MiniSeed2Writer(Encoding encoding, int recordLength) {
    this(encoding, recordLength, 0);
  }

  private MiniSeed2Writer(Encoding encoding, int recordLength, double maxSeconds) {
    if (!isWritable(encoding)) {
      throw new IllegalArgumentException("cannot write miniSEED 2 with encoding " + encoding);
    }
    if (recordLength < 256 || recordLength > 8192 || Integer.bitCount(recordLength) != 1) {
      throw new IllegalArgumentException(
          "record length must be a power of two in 256..8192: " + recordLength);
    }
    this.encoding = encoding;
    this.recordLength = recordLength;
    this.maxSeconds = maxSeconds;
  }

  /**
   * A writer of 512-byte records that each hold at most about {@code seconds} of data, for
   * low-latency telemetry: a record holds {@code min(what fits, max(1, round(seconds * rate)))}
   * samples.
   */
  public static MiniSeed2Writer shortRecords(Encoding encoding, double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("record duration must be positive: " + seconds);
    }
    return new MiniSeed2Writer(encoding, 512, seconds);
  }

  static boolean isWritable(Encoding e) {
    return switch (e) {
      case STEIM1, STEIM2, INT16, INT32, FLOAT32, FLOAT64 -> true;
      default -> false;
    };
  }

  public Encoding encoding() {
    return encoding;
  }

  public int recordLength() {
    return recordLength;
  }

  /**
   * The records of one trace, numbered from {@code startSequence} (wrapping after 999999 to 1).
   *
   * @throws IllegalArgumentException if a sample cannot be represented in the encoding, or the ids
   *     do not fit the miniSEED 2 header (network 2, station 5, location 2, channel 3 characters)
   */
  public List<byte[]> records(Trace trace, int startSequence) {
    SourceId id = trace.id();
    checkCode(id.network(), 2, "network");
    checkCode(id.station(), 5, "station");
    checkCode(id.location(), 2, "location");
    checkCode(id.channel(), 3, "channel");
    int[] rate = factorMultiplier(trace.sampleRate());
    double[] samples = trace.samples();
    int n = samples.length;
    int[] ints =
        encoding == Encoding.FLOAT32 || encoding == Encoding.FLOAT64
            ? null
            : toInts(samples, encoding, id);
    int perRecordLimit =
        maxSeconds > 0
            ? (int)
                Math.max(
                    1, Math.min(Integer.MAX_VALUE, Math.round(maxSeconds * trace.sampleRate())))
            : Integer.MAX_VALUE;
    int payload = recordLength - DATA_OFFSET;
    List<byte[]> out = new ArrayList<>();
    int seq = normaliseSequence(startSequence);
    int i = 0;
    while (i < n) {
      byte[] rec = new byte[recordLength];
      long start = trace.timeOf(i);
      int limit = (int) Math.min(n, (long) i + perRecordLimit);
      int count;
      int frames = 0;
      switch (encoding) {
        case STEIM1, STEIM2 -> {
          Steim.Packed packed =
              Steim.encode(
                  encoding, ints, i, limit, rec, DATA_OFFSET, payload / Steim.FRAME_BYTES, true);
          count = packed.samples();
          frames = packed.frames();
        }
        case INT16 -> {
          count = Math.min(limit - i, payload / 2);
          for (int k = 0; k < count; k++) {
            putU16(rec, DATA_OFFSET + 2 * k, ints[i + k]);
          }
        }
        case INT32 -> {
          count = Math.min(limit - i, payload / 4);
          for (int k = 0; k < count; k++) {
            putI32(rec, DATA_OFFSET + 4 * k, ints[i + k]);
          }
        }
        case FLOAT32 -> {
          count = Math.min(limit - i, payload / 4);
          for (int k = 0; k < count; k++) {
            putI32(rec, DATA_OFFSET + 4 * k, Float.floatToIntBits((float) samples[i + k]));
          }
        }
        default -> {
          count = Math.min(limit - i, payload / 8);
          for (int k = 0; k < count; k++) {
            long bits = Double.doubleToLongBits(samples[i + k]);
            putI32(rec, DATA_OFFSET + 8 * k, (int) (bits >>> 32));
            putI32(rec, DATA_OFFSET + 8 * k + 4, (int) bits);
          }
        }
      }
      writeHeader(rec, id, seq, start, count, rate, frames);
      out.add(rec);
      i += count;
      seq = seq >= 999_999 ? 1 : seq + 1;
    }
    return out;
  }

  /** Writes the records of one trace, numbered from 1. */
  public void write(Trace trace, OutputStream out) throws IOException {
    write(trace, 1, out);
  }

  /**
   * Writes the records of one trace numbered from {@code startSequence}; returns the sequence
   * number the next record should take.
   */
  public int write(Trace trace, int startSequence, OutputStream out) throws IOException {
    List<byte[]> recs = records(trace, startSequence);
    for (byte[] r : recs) {
      out.write(r);
    }
    return normaliseSequence(
        (int) ((normaliseSequence(startSequence) - 1L + recs.size()) % 999_999 + 1));
  }

  /** Writes several traces one after another with one running sequence number. */
  public static void write(
      List<Trace> traces, Encoding encoding, int recordLength, OutputStream out)
      throws IOException {
    MiniSeed2Writer w = new MiniSeed2Writer(encoding, recordLength);
    int seq = 1;
    for (Trace t : traces) {
      seq = w.write(t, seq, out);
    }
  }

  private static int normaliseSequence(int seq) {
    return seq < 1 || seq > 999_999 ? 1 : seq;
  }

  private void writeHeader(
      byte[] rec, SourceId id, int seq, long start, int count, int[] rate, int frames) {
    byte[] digits = "%06d".formatted(seq).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, rec, 0, 6);
    rec[6] = 'D';
    rec[7] = ' ';
    putCode(rec, 8, 5, id.station());
    putCode(rec, 13, 2, id.location());
    putCode(rec, 15, 3, id.channel());
    putCode(rec, 18, 2, id.network());
    long seconds = Math.floorDiv(start, 1_000_000L);
    int micros = (int) Math.floorMod(start, 1_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    if (t.getYear() < 1900 || t.getYear() > 2200) {
      throw new IllegalArgumentException("start time outside miniSEED years: " + t);
    }
    int offsetMicros = micros % 100;
    putU16(rec, 20, t.getYear());
    putU16(rec, 22, t.getDayOfYear());
    rec[24] = (byte) t.getHour();
    rec[25] = (byte) t.getMinute();
    rec[26] = (byte) t.getSecond();
    putU16(rec, 28, micros / 100);
    putU16(rec, 30, count);
    putU16(rec, 32, rate[0]);
    putU16(rec, 34, rate[1]);
    rec[39] = (byte) (offsetMicros != 0 ? 2 : 1);
    putU16(rec, 44, DATA_OFFSET);
    putU16(rec, 46, 48);
    putU16(rec, 48, 1000);
    putU16(rec, 50, offsetMicros != 0 ? 56 : 0);
    rec[52] = (byte) encoding.code();
    rec[53] = 1; // big-endian
    rec[54] = (byte) Integer.numberOfTrailingZeros(recordLength);
    if (offsetMicros != 0) {
      putU16(rec, 56, 1001);
      putU16(rec, 58, 0);
      rec[61] = (byte) offsetMicros;
      rec[63] = (byte) frames;
    }
  }

  private static void checkCode(String code, int max, String what) {
    if (code.length() > max) {
      throw new IllegalArgumentException(
          "%s code '%s' longer than %d characters: not representable in miniSEED 2"
              .formatted(what, code, max));
    }
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(what + " code '" + code + "' is not printable ASCII");
      }
    }
  }

  private static void putCode(byte[] rec, int at, int len, String code) {
    for (int i = 0; i < len; i++) {
      rec[at + i] = (byte) (i < code.length() ? code.charAt(i) : ' ');
    }
  }

  /**
   * Rounds samples to ints for an integer encoding.
   *
   * @throws IllegalArgumentException naming the first sample that is NaN, infinite or outside the
   *     encoding's range
   */
  static int[] toInts(double[] samples, Encoding encoding, SourceId id) {
    double lo = encoding == Encoding.INT16 ? Short.MIN_VALUE : Integer.MIN_VALUE;
    double hi = encoding == Encoding.INT16 ? Short.MAX_VALUE : Integer.MAX_VALUE;
    int[] out = new int[samples.length];
    for (int i = 0; i < samples.length; i++) {
      double r = Math.rint(samples[i]);
      if (!(r >= lo && r <= hi)) {
        throw new IllegalArgumentException(
            "sample %d of %s (%s) cannot be stored as %s".formatted(i, id, samples[i], encoding));
      }
      out[i] = (int) r;
    }
    return out;
  }

  /**
   * SEED sample rate factor and multiplier that reproduce {@code rate} exactly when read back (as
   * {@link MiniSeed2Parser#nominalRate} computes it).
   *
   * @throws IllegalArgumentException if no pair within 16-bit range comes within 1 ppm
   */
  static int[] factorMultiplier(double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("sample rate must be positive: " + rate);
    }
    List<int[]> candidates = new ArrayList<>();
    if (rate >= 1) {
      double r = Math.rint(rate);
      for (int m = 1; m <= 32767 && r / m >= 1; m++) {
        if (r / m <= 32767 && r % m == 0) {
          candidates.add(new int[] {(int) (r / m), m});
          break;
        }
      }
    } else {
      double period = Math.rint(1 / rate);
      if (period <= 32767) {
        candidates.add(new int[] {(int) -period, 1});
      }
    }
    for (int[] c : candidates) {
      if (MiniSeed2Parser.nominalRate(c[0], c[1]) == rate) {
        return c;
      }
    }
    int[] best = null;
    double bestErr = Double.POSITIVE_INFINITY;
    for (int q = 1; q <= 32767; q++) {
      double p = Math.rint(rate * q);
      if (p < 1 || p > 32767) {
        if (p > 32767) {
          break;
        }
        continue;
      }
      int[][] forms = {{(int) p, -q}, {-q, (int) p}};
      for (int[] c : forms) {
        double got = MiniSeed2Parser.nominalRate(c[0], c[1]);
        if (got == rate) {
          return c;
        }
        double err = Math.abs(got / rate - 1);
        if (err < bestErr) {
          bestErr = err;
          best = c;
        }
      }
    }
    for (int[] c : candidates) {
      double err = Math.abs(MiniSeed2Parser.nominalRate(c[0], c[1]) / rate - 1);
      if (err < bestErr) {
        bestErr = err;
        best = c;
      }
    }
    if (best == null || bestErr > 1e-6) {
      throw new IllegalArgumentException(
          "sample rate " + rate + " cannot be represented by a SEED factor and multiplier");
    }
    return best;
  }

  static void putU16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  static void putI32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
