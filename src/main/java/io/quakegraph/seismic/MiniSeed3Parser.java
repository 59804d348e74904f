package io.quakegraph.seismic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Parses and validates one miniSEED 3 record (FDSN miniSEED 3.0).
 *
 * <p>The 40-byte fixed header is little-endian; it is followed by the FDSN source identifier, the
 * JSON extra headers and the payload. The CRC-32C of the whole record (CRC field zeroed) must
 * match. Steim payloads are big-endian by definition of the format; the other numeric encodings are
 * little-endian.
 */
final class MiniSeed3Parser {
  static final int HEADER_BYTES = 40;

  /** Upper bound on a record, as in libmseed: anything larger is a corrupt length field. */
  static final int MAX_RECORD = 10 * 1024 * 1024;

  private MiniSeed3Parser() {}

  static boolean hasSignature(byte[] b, int p, int avail) {
    return avail >= 3 && b[p] == 'M' && b[p + 1] == 'S' && b[p + 2] == 3;
  }

  static boolean isPlausibleHeader(byte[] b, int p, int avail) {
    if (avail < HEADER_BYTES || !hasSignature(b, p, avail)) {
      return false;
    }
    int year = SampleDecoder.u16(b, p + 8, false);
    int day = SampleDecoder.u16(b, p + 10, false);
    return year >= 1900
        && year <= 2200
        && day >= 1
        && day <= 366
        && (b[p + 12] & 0xff) <= 23
        && (b[p + 13] & 0xff) <= 59
        && (b[p + 14] & 0xff) <= 60
        && (b[p + 33] & 0xff) > 0;
  }

  static int dataOffset(byte[] rec) {
    return HEADER_BYTES + (rec[33] & 0xff) + SampleDecoder.u16(rec, 34, false);
  }

  static int dataLength(byte[] rec) {
    return SampleDecoder.i32(rec, 36, false);
  }

  static MiniSeedRecord parse(byte[] b, int p, int avail) throws MiniSeedException {
    if (avail < HEADER_BYTES) {
      throw new MiniSeedException(
          p, "only " + avail + " bytes left, less than a miniSEED 3 header (truncated record)");
    }
    if (!hasSignature(b, p, avail)) {
      throw new MiniSeedException(p, "not a miniSEED 3 header");
    }
    long nanos = SampleDecoder.i32(b, p + 4, false) & 0xffffffffL;
    int year = SampleDecoder.u16(b, p + 8, false);
    int day = SampleDecoder.u16(b, p + 10, false);
    int hour = b[p + 12] & 0xff;
    int minute = b[p + 13] & 0xff;
    int second = b[p + 14] & 0xff;
    int code = b[p + 15] & 0xff;
    long rateBits =
        (SampleDecoder.i32(b, p + 16, false) & 0xffffffffL)
            | ((long) SampleDecoder.i32(b, p + 20, false) << 32);
    double rateOrPeriod = Double.longBitsToDouble(rateBits);
    long count = SampleDecoder.i32(b, p + 24, false) & 0xffffffffL;
    int crc = SampleDecoder.i32(b, p + 28, false);
    int pubVersion = b[p + 32] & 0xff;
    int sidLength = b[p + 33] & 0xff;
    int extraLength = SampleDecoder.u16(b, p + 34, false);
    long dataLength = SampleDecoder.i32(b, p + 36, false) & 0xffffffffL;

    if (year < 1900 || year > 2200 || day < 1 || day > (java.time.Year.isLeap(year) ? 366 : 365)) {
      throw new MiniSeedException(p, "implausible start year/day " + year + "/" + day);
    }
    if (hour > 23 || minute > 59 || second > 60 || nanos > 999_999_999L) {
      throw new MiniSeedException(
          p, "invalid start time %02d:%02d:%02d.%09d".formatted(hour, minute, second, nanos));
    }
    long length = HEADER_BYTES + (long) sidLength + extraLength + dataLength;
    if (length > MAX_RECORD) {
      throw new MiniSeedException(p, "record length " + length + " is implausibly large");
    }
    if (length > avail) {
      throw new MiniSeedException(
          p,
          "record length %d runs past the end of the data (%d bytes left): truncated record"
              .formatted(length, avail));
    }
    int recordLength = (int) length;
    CRC32C crc32c = new CRC32C();
    crc32c.update(b, p, 28);
    crc32c.update(new byte[4], 0, 4);
    crc32c.update(b, p + 32, recordLength - 32);
    int actual = (int) crc32c.getValue();
    if (actual != crc) {
      throw new MiniSeedException(
          p, "CRC-32C mismatch: header 0x%08X, computed 0x%08X".formatted(crc, actual));
    }
    if (sidLength == 0) {
      throw new MiniSeedException(p, "empty source identifier");
    }
    String sid = new String(b, p + HEADER_BYTES, sidLength, StandardCharsets.US_ASCII);
    SourceId id;
    try {
      id = SourceId.parse(sid);
    } catch (IllegalArgumentException e) {
      throw new MiniSeedException(p, "unparseable source identifier '" + sid + "'");
    }
    Encoding encoding;
    try {
      encoding = Encoding.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new MiniSeedException(p, "unknown encoding code " + code);
    }
    double rate = rateOrPeriod < 0 ? -1.0 / rateOrPeriod : rateOrPeriod;
    if (!Double.isFinite(rate) || rate < 0) {
      throw new MiniSeedException(p, "invalid sample rate/period " + rateOrPeriod);
    }
    if (count > Integer.MAX_VALUE) {
      throw new MiniSeedException(p, "sample count " + count + " too large");
    }
    if (rate == 0 && count > 0 && encoding != Encoding.TEXT) {
      throw new MiniSeedException(p, count + " samples but sample rate 0");
    }
    boolean bigEndian = encoding.isSteim();
    int dataOffset = HEADER_BYTES + sidLength + extraLength;
    int n = (int) count;
    if (n > 0) {
      SampleDecoder.checkFits(encoding, (int) dataLength, n, p);
      if (encoding.isInteger()) {
        SampleDecoder.ints(encoding, b, p + dataOffset, (int) dataLength, n, bigEndian, p);
      } else if (encoding != Encoding.TEXT) {
        SampleDecoder.doubles(encoding, b, p + dataOffset, (int) dataLength, n, bigEndian, p);
      }
    } else if (!encoding.isDecodable()) {
      throw new MiniSeedException(p, "encoding " + encoding + " is not supported");
    }
    long start =
        RecordTime.epochMicros(year, day, hour, minute, second) + Math.floorDiv(nanos, 1000L);
    char quality =
        switch (pubVersion) {
          case 1 -> 'R';
          case 2, 0 -> 'D';
          case 3 -> 'Q';
          default -> 'M';
        };
    byte[] raw = Arrays.copyOfRange(b, p, p + recordLength);
    return new MiniSeedRecord(
        id, start, rate, n, encoding, 3, 0, recordLength, bigEndian, quality, raw);
  }
}
