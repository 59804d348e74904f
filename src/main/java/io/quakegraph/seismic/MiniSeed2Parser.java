package io.quakegraph.seismic;

import java.util.Arrays;

/**
 * Parses and validates one miniSEED 2 (SEED data-only) record.
 *
 * <p>The fixed 48-byte header may be in either byte order; it is recognised by a plausible year and
 * day. The record length, encoding and data byte order come from blockette 1000. Records without
 * one (pre-1000 SEED writers) get the length of the gap to the next record header (or the end of
 * the data), the data byte order of the header and Steim-1 encoding, the one compression those
 * writers used and what libmseed assumes too.
 */
final class MiniSeed2Parser {
  static final int HEADER_BYTES = 48;
  static final int MIN_RECORD = 128;
  static final int MAX_RECORD = 65536;
  private static final int MAX_BLOCKETTES = 64;

  private MiniSeed2Parser() {}

  /** Cheap check of the fixed header signature: sequence digits, quality code, reserved byte. */
  static boolean hasSignature(byte[] b, int p, int avail) {
    if (avail < HEADER_BYTES) {
      return false;
    }
    byte q = b[p + 6];
    if (q != 'D' && q != 'R' && q != 'Q' && q != 'M') {
      return false;
    }
    byte r = b[p + 7];
    if (r != ' ' && r != 0) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      byte c = b[p + i];
      if (!(c >= '0' && c <= '9') && c != ' ' && c != 0) {
        return false;
      }
    }
    return true;
  }

  /** Signature plus a plausible start time in one of the byte orders: worth a full parse. */
  static boolean isPlausibleHeader(byte[] b, int p, int avail) {
    return hasSignature(b, p, avail) && headerOrder(b, p) != 0;
  }

  /** +1 big-endian header, -1 little-endian, 0 when the start time is implausible in both. */
  private static int headerOrder(byte[] b, int p) {
    if (plausibleTime(b, p, true)) {
      return 1;
    }
    if (plausibleTime(b, p, false)) {
      return -1;
    }
    return 0;
  }

  private static boolean plausibleTime(byte[] b, int p, boolean be) {
    int year = SampleDecoder.u16(b, p + 20, be);
    int day = SampleDecoder.u16(b, p + 22, be);
    int fract = SampleDecoder.u16(b, p + 28, be);
    return year >= 1900
        && year <= 2200
        && day >= 1
        && day <= 366
        && (b[p + 24] & 0xff) <= 23
        && (b[p + 25] & 0xff) <= 59
        && (b[p + 26] & 0xff) <= 60
        && fract <= 9999;
  }

  /** Data offset field of a record already validated (header byte order re-detected). */
  static int dataOffset(byte[] rec) {
    return SampleDecoder.u16(rec, 44, headerOrder(rec, 0) >= 0);
  }

  static MiniSeedRecord parse(byte[] b, int p, int avail) throws MiniSeedException {
    if (avail < HEADER_BYTES) {
      throw new MiniSeedException(
          p, "only " + avail + " bytes left, less than a miniSEED 2 header (truncated record)");
    }
    if (!hasSignature(b, p, avail)) {
      throw new MiniSeedException(p, notDataReason(b, p, avail));
    }
    int order = headerOrder(b, p);
    if (order == 0) {
      int year = SampleDecoder.u16(b, p + 20, true);
      int day = SampleDecoder.u16(b, p + 22, true);
      throw new MiniSeedException(
          p,
          "implausible start time in header (year %d day %d %02d:%02d:%02d in big-endian order, in neither byte order a valid time)"
              .formatted(year, day, b[p + 24] & 0xff, b[p + 25] & 0xff, b[p + 26] & 0xff));
    }
    boolean hbe = order > 0;
    int seq = sequence(b, p);
    char quality = (char) b[p + 6];
    String station = code(b, p + 8, 5, p, "station");
    String location = code(b, p + 13, 2, p, "location");
    String channel = code(b, p + 15, 3, p, "channel");
    String network = code(b, p + 18, 2, p, "network");
    if (station.isEmpty() || channel.isEmpty()) {
      throw new MiniSeedException(p, "blank station or channel code");
    }
    int year = SampleDecoder.u16(b, p + 20, hbe);
    int day = SampleDecoder.u16(b, p + 22, hbe);
    int hour = b[p + 24] & 0xff;
    int minute = b[p + 25] & 0xff;
    int second = b[p + 26] & 0xff;
    int fract = SampleDecoder.u16(b, p + 28, hbe);
    int count = SampleDecoder.u16(b, p + 30, hbe);
    int factor = (short) SampleDecoder.u16(b, p + 32, hbe);
    int multiplier = (short) SampleDecoder.u16(b, p + 34, hbe);
    int activity = b[p + 36] & 0xff;
    int timeCorrection = SampleDecoder.i32(b, p + 40, hbe);
    int dataOffset = SampleDecoder.u16(b, p + 44, hbe);
    int blockette = SampleDecoder.u16(b, p + 46, hbe);

    int recordLength = 0;
    Encoding encoding = null;
    Boolean dataBigEndian = null;
    int microOffset = 0;
    int frameCount = 0;
    double actualRate = Double.NaN;
    int seen = 0;
    int limit = avail;
    int blocketteEnd = HEADER_BYTES;
    while (blockette != 0) {
      if (++seen > MAX_BLOCKETTES) {
        throw new MiniSeedException(p, "more than " + MAX_BLOCKETTES + " blockettes: chain loops");
      }
      if (blockette < HEADER_BYTES || blockette + 4 > limit) {
        throw new MiniSeedException(
            p, "blockette offset " + blockette + " outside the record (limit " + limit + ")");
      }
      int bp = p + blockette;
      int type = SampleDecoder.u16(b, bp, hbe);
      int next = SampleDecoder.u16(b, bp + 2, hbe);
      blocketteEnd = Math.max(blocketteEnd, blockette + 4);
      switch (type) {
        case 1000 -> {
          need(blockette, 8, limit, p, type);
          int code = b[bp + 4] & 0xff;
          try {
            encoding = Encoding.fromCode(code);
          } catch (IllegalArgumentException e) {
            throw new MiniSeedException(p, "unknown encoding code " + code + " in blockette 1000");
          }
          int wordOrder = b[bp + 5] & 0xff;
          if (wordOrder > 1) {
            throw new MiniSeedException(
                p, "invalid word order " + wordOrder + " in blockette 1000");
          }
          dataBigEndian = wordOrder == 1;
          int exponent = b[bp + 6] & 0xff;
          if (exponent < 7 || exponent > 16) {
            throw new MiniSeedException(
                p, "record length exponent " + exponent + " in blockette 1000 outside 7..16");
          }
          recordLength = 1 << exponent;
          if (recordLength > avail) {
            throw new MiniSeedException(
                p,
                "record length %d runs past the end of the data (%d bytes left): truncated record"
                    .formatted(recordLength, avail));
          }
          limit = recordLength;
        }
        case 1001 -> {
          need(blockette, 8, limit, p, type);
          microOffset = b[bp + 5];
          frameCount = b[bp + 7] & 0xff;
        }
        case 100 -> {
          need(blockette, 12, limit, p, type);
          actualRate = Float.intBitsToFloat(SampleDecoder.i32(b, bp + 4, hbe));
        }
        default -> {
          // other blockettes (calibration, events, timing) carry nothing we need
        }
      }
      if (next != 0 && next <= blockette) {
        throw new MiniSeedException(
            p, "blockette chain goes backwards (" + blockette + " -> " + next + ")");
      }
      blockette = next;
    }
    if (recordLength == 0) {
      recordLength = guessLength(b, p, avail);
      encoding = Encoding.STEIM1;
      dataBigEndian = hbe;
    }
    if (blocketteEnd > recordLength) {
      throw new MiniSeedException(p, "blockettes run past the record length " + recordLength);
    }

    double rate = Double.isNaN(actualRate) ? nominalRate(factor, multiplier) : actualRate;
    if (!Double.isFinite(rate) || rate < 0) {
      throw new MiniSeedException(p, "invalid sample rate " + rate);
    }
    if (rate == 0 && count > 0 && encoding != Encoding.TEXT) {
      throw new MiniSeedException(p, count + " samples but sample rate 0");
    }
    if (day > (java.time.Year.isLeap(year) ? 366 : 365)) {
      throw new MiniSeedException(p, "day " + day + " does not exist in " + year);
    }
    long start =
        RecordTime.epochMicros(year, day, hour, minute, second) + fract * 100L + microOffset;
    if ((activity & 0x02) == 0 && timeCorrection != 0) {
      // bit 1 clear: the correction (0.0001 s units) has not been applied to the start time yet
      start += timeCorrection * 100L;
    }

    int dataLength = 0;
    if (count > 0) {
      if (dataOffset < HEADER_BYTES || dataOffset >= recordLength) {
        throw new MiniSeedException(
            p,
            "data offset %d outside the record (%d bytes) with %d samples"
                .formatted(dataOffset, recordLength, count));
      }
      dataLength = recordLength - dataOffset;
      if (encoding.isSteim()) {
        int frames = dataLength / Steim.FRAME_BYTES;
        if (frameCount > frames) {
          throw new MiniSeedException(
              p,
              "blockette 1001 says %d Steim frames but the record has room for %d"
                  .formatted(frameCount, frames));
        }
      }
      // Decode once to prove the payload (count, frames, integrity) before handing it out.
      SampleDecoder.checkFits(encoding, dataLength, count, p);
      if (encoding.isInteger()) {
        SampleDecoder.ints(encoding, b, p + dataOffset, dataLength, count, dataBigEndian, p);
      } else if (encoding != Encoding.TEXT) {
        SampleDecoder.doubles(encoding, b, p + dataOffset, dataLength, count, dataBigEndian, p);
      }
    } else if (!encoding.isDecodable()) {
      throw new MiniSeedException(p, "encoding " + encoding + " is not supported");
    }
    SourceId id = new SourceId(network, station, location, channel);
    byte[] raw = Arrays.copyOfRange(b, p, p + recordLength);
    return new MiniSeedRecord(
        id, start, rate, count, encoding, 2, seq, recordLength, dataBigEndian, quality, raw);
  }

  private static void need(int blockette, int size, int limit, long p, int type)
      throws MiniSeedException {
    if (blockette + size > limit) {
      throw new MiniSeedException(p, "blockette " + type + " runs past the record");
    }
  }

  /**
   * Record length of a record without blockette 1000: the first power of two at which another
   * record header, or the end of the data, begins.
   */
  private static int guessLength(byte[] b, int p, int avail) throws MiniSeedException {
    for (int len = MIN_RECORD; len <= MAX_RECORD; len <<= 1) {
      if (len == avail) {
        return len;
      }
      if (len > avail) {
        break;
      }
      if (MiniSeed.isPlausibleHeader(b, p + len, avail - len)) {
        return len;
      }
    }
    throw new MiniSeedException(
        p,
        "no blockette 1000 and the record length cannot be determined (no following header at a power-of-two offset, "
            + avail
            + " bytes left)");
  }

  /** Nominal rate from the SEED sample rate factor and multiplier (SEED manual, fixed header). */
  static double nominalRate(int factor, int multiplier) {
    double rate;
    if (factor > 0) {
      rate = factor;
    } else if (factor < 0) {
      rate = -1.0 / factor;
    } else {
      return 0;
    }
    if (multiplier > 0) {
      rate *= multiplier;
    } else if (multiplier < 0) {
      rate = -rate / multiplier;
    }
    return rate;
  }

  private static int sequence(byte[] b, int p) {
    int seq = 0;
    for (int i = 0; i < 6; i++) {
      byte c = b[p + i];
      if (c >= '0' && c <= '9') {
        seq = seq * 10 + (c - '0');
      }
    }
    return seq;
  }

  private static String code(byte[] b, int at, int len, long p, String what)
      throws MiniSeedException {
    char[] c = new char[len];
    int n = 0;
    for (int i = 0; i < len; i++) {
      int v = b[at + i] & 0xff;
      if (v == 0) {
        v = ' ';
      }
      if (v < 0x20 || v > 0x7e) {
        throw new MiniSeedException(p, "non-ASCII byte 0x%02x in %s code".formatted(v, what));
      }
      c[n++] = (char) v;
    }
    return new String(c, 0, n).trim();
  }

  /** Why the bytes at p are no data record; names SEED control headers of full SEED volumes. */
  private static String notDataReason(byte[] b, int p, int avail) {
    if (avail >= 8) {
      boolean digits = true;
      for (int i = 0; i < 6; i++) {
        digits &= b[p + i] >= '0' && b[p + i] <= '9';
      }
      char type = (char) b[p + 6];
      if (digits && "VAST".indexOf(type) >= 0 && (b[p + 7] == ' ' || b[p + 7] == '*')) {
        return "SEED control header record (type %c: %s), not miniSEED data: a full SEED volume"
            .formatted(
                type,
                switch (type) {
                  case 'V' -> "volume index";
                  case 'A' -> "abbreviation dictionary";
                  case 'S' -> "station";
                  default -> "time span";
                });
      }
    }
    return "not a miniSEED record header: " + preview(b, p, avail);
  }

  static String preview(byte[] b, int p, int avail) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < Math.min(8, avail); i++) {
      int v = b[p + i] & 0xff;
      if (v >= 0x20 && v < 0x7f) {
        s.append((char) v);
      } else {
        s.append("\\x%02x".formatted(v));
      }
    }
    return s.append('"').toString();
  }
}
