package io.quakegraph.seismic;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a miniSEED data payload in any of the encodings {@link Encoding#isDecodable()} names.
 *
 * <p>Every decode checks that the payload can hold the stated number of samples before touching it,
 * so a corrupt count can never cause an out-of-bounds read or a huge allocation. The legacy
 * gain-ranged formulas (GEOSCOPE, CDSN, SRO, DWWSSN) follow the SEED manual, appendix A, as
 * implemented by rdseed and libmseed.
 */
final class SampleDecoder {
  private SampleDecoder() {}

  /**
   * Decodes integer samples.
   *
   * @throws MiniSeedException if the payload is too short or corrupt
   * @throws IllegalStateException if the encoding does not yield integers
   */
  static int[] ints(
      Encoding enc, byte[] b, int off, int len, int count, boolean be, long recordOffset)
      throws MiniSeedException {
    if (enc.isSteim()) {
      int frames = len / Steim.FRAME_BYTES;
      if (Steim.capacity(enc, frames) < count) {
        throw new MiniSeedException(
            recordOffset,
            "%d samples cannot fit in %d %s frames (%d payload bytes)"
                .formatted(count, frames, enc, len));
      }
      return Steim.decode(enc, b, off, frames, count, be, recordOffset);
    }
    checkFits(enc, len, count, recordOffset);
    int[] out = new int[count];
    switch (enc) {
      case INT16, DWWSSN -> {
        for (int i = 0; i < count; i++) {
          out[i] = (short) u16(b, off + 2 * i, be);
        }
      }
      case INT24, GEOSCOPE_24 -> {
        for (int i = 0; i < count; i++) {
          int p = off + 3 * i;
          int v =
              be
                  ? ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff)
                  : ((b[p + 2] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
          out[i] = (v << 8) >> 8;
        }
      }
      case INT32 -> {
        for (int i = 0; i < count; i++) {
          out[i] = i32(b, off + 4 * i, be);
        }
      }
      case CDSN -> {
        for (int i = 0; i < count; i++) {
          int w = u16(b, off + 2 * i, be);
          int mantissa = (w & 0x3fff) - 0x1fff;
          int shift =
              switch (w >>> 14) {
                case 0 -> 0;
                case 1 -> 2;
                case 2 -> 4;
                default -> 7;
              };
          out[i] = mantissa << shift;
        }
      }
      case SRO -> {
        for (int i = 0; i < count; i++) {
          int w = u16(b, off + 2 * i, be);
          int mantissa = w & 0x0fff;
          if (mantissa > 0x7ff) {
            mantissa -= 0x1000;
          }
          int exponent = 10 - (w >>> 12);
          if (exponent < 0) {
            throw new MiniSeedException(
                recordOffset,
                "SRO gain-range exponent out of range (%d) at sample %d".formatted(exponent, i));
          }
          out[i] = mantissa << exponent;
        }
      }
      default -> throw new IllegalStateException(enc + " does not decode to integers");
    }
    return out;
  }

  /** Decodes samples as doubles (exact for every integer encoding). */
  static double[] doubles(
      Encoding enc, byte[] b, int off, int len, int count, boolean be, long recordOffset)
      throws MiniSeedException {
    if (enc == Encoding.TEXT) {
      checkFits(enc, len, count, recordOffset);
      return new double[0];
    }
    if (enc.isInteger()) {
      int[] v = ints(enc, b, off, len, count, be, recordOffset);
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        out[i] = v[i];
      }
      return out;
    }
    checkFits(enc, len, count, recordOffset);
    double[] out = new double[count];
    switch (enc) {
      case FLOAT32 -> {
        for (int i = 0; i < count; i++) {
          out[i] = Float.intBitsToFloat(i32(b, off + 4 * i, be));
        }
      }
      case FLOAT64 -> {
        for (int i = 0; i < count; i++) {
          int p = off + 8 * i;
          long hi = i32(b, be ? p : p + 4, be) & 0xffffffffL;
          long lo = i32(b, be ? p + 4 : p, be) & 0xffffffffL;
          out[i] = Double.longBitsToDouble((hi << 32) | lo);
        }
      }
      case GEOSCOPE_16_3, GEOSCOPE_16_4 -> {
        int gainMask = enc == Encoding.GEOSCOPE_16_3 ? 0x7000 : 0xf000;
        for (int i = 0; i < count; i++) {
          int w = u16(b, off + 2 * i, be);
          int mantissa = w & 0x0fff;
          int exponent = (w & gainMask) >>> 12;
          out[i] = (mantissa - 2048) / (double) (1 << exponent);
        }
      }
      default ->
          throw new MiniSeedException(
              recordOffset, "encoding " + enc + " (" + enc.code() + ") is not supported");
    }
    return out;
  }

  /** The text of a {@link Encoding#TEXT} payload (UTF-8; trailing NUL padding removed). */
  static String text(byte[] b, int off, int len, int count) {
    int n = Math.min(len, count);
    while (n > 0 && b[off + n - 1] == 0) {
      n--;
    }
    return new String(b, off, n, StandardCharsets.UTF_8);
  }

  /**
   * Checks, without decoding, that a payload of {@code len} bytes can hold {@code count} samples.
   */
  static void checkFits(Encoding enc, int len, int count, long recordOffset)
      throws MiniSeedException {
    if (!enc.isDecodable()) {
      throw new MiniSeedException(
          recordOffset, "encoding " + enc + " (" + enc.code() + ") is not supported");
    }
    long need;
    if (enc == Encoding.TEXT) {
      need = count;
    } else if (enc.isSteim()) {
      long frames = len / Steim.FRAME_BYTES;
      if (Steim.capacity(enc, (int) frames) < count) {
        throw new MiniSeedException(
            recordOffset, "%d samples cannot fit in %d %s frames".formatted(count, frames, enc));
      }
      return;
    } else {
      need = (long) count * enc.bytesPerSample();
    }
    if (need > len) {
      throw new MiniSeedException(
          recordOffset,
          "payload of %d bytes cannot hold %d %s samples (needs %d)"
              .formatted(len, count, enc, need));
    }
  }

  static int u16(byte[] b, int p, boolean be) {
    return be ? ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff) : ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
  }

  static int i32(byte[] b, int p, boolean be) {
    return be
        ? (b[p] << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff)
        : (b[p + 3] << 24) | ((b[p + 2] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
  }
}
