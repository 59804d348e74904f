package io.quakegraph.seismic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Steim-1 and Steim-2 difference compression (SEED manual, appendix B), both byte orders.
 *
 * <p>A Steim payload is a run of 64-byte frames of sixteen 32-bit words. Word 0 of each frame holds
 * sixteen 2-bit nibbles that say how the other fifteen words are packed; in the first frame words 1
 * and 2 are the forward (first sample, X0) and reverse (last sample, Xn) integration constants. The
 * first difference of a record refers to the previous record and is ignored on decode, so any
 * record can be decoded alone. Decoding checks that the frames hold the stated number of samples
 * and that the integrated last sample equals Xn: a mismatch means the frames are corrupt.
 *
 * <p>In little-endian Steim (found in old archives) each difference is byte-swapped on its own, as
 * libmseed and qlib2 define it: 8-bit differences keep their byte order, 16-bit ones stay in place,
 * and only 32-bit, 30-bit and the packed Steim-2 words (which carry their own sub-code) are swapped
 * as whole words.
 *
 * <p>The decoder reads words straight from the byte array through a {@link VarHandle} view and
 * writes differences into the output array, then integrates in a second pass over memory that is
 * already in cache; it allocates nothing per frame.
 */
public final class Steim {
  private static final VarHandle BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Bytes per Steim frame. */
  public static final int FRAME_BYTES = 64;

  /** Most differences one Steim-2 frame can hold (15 words of seven 4-bit differences). */
  public static final int MAX_SAMPLES_PER_FRAME_STEIM2 = 105;

  /** Most differences one Steim-1 frame can hold (15 words of four 8-bit differences). */
  public static final int MAX_SAMPLES_PER_FRAME_STEIM1 = 60;

  private Steim() {}

  /** How many samples one call to an encoder packed, and into how many frames. */
  public record Packed(int samples, int frames) {}

  private static int word(byte[] b, int at, boolean bigEndian) {
    return bigEndian ? (int) BE.get(b, at) : (int) LE.get(b, at);
  }

  private static void putWord(byte[] b, int at, int value, boolean bigEndian) {
    if (bigEndian) {
      BE.set(b, at, value);
    } else {
      LE.set(b, at, value);
    }
  }

  /**
   * Most samples that {@code frames} frames of this Steim level can possibly hold; a header count
   * above this is corrupt.
   */
  public static long capacity(Encoding level, int frames) {
    return (long) frames
        * (level == Encoding.STEIM2 ? MAX_SAMPLES_PER_FRAME_STEIM2 : MAX_SAMPLES_PER_FRAME_STEIM1);
  }

  /**
   * Decodes {@code count} samples from Steim frames.
   *
   * @param level {@link Encoding#STEIM1} or {@link Encoding#STEIM2}
   * @param buf the bytes holding the frames
   * @param offset where the first frame starts
   * @param frames how many whole frames are available
   * @param count how many samples the header says the frames hold
   * @param bigEndian word byte order
   * @param out receives the samples; at least {@code count} long
   * @param recordOffset offset of the record, only for error messages
   * @throws MiniSeedException if the frames hold fewer samples than {@code count}, use an undefined
   *     packing, or fail the reverse integration check
   */
  public static void decode(
      Encoding level,
      byte[] buf,
      int offset,
      int frames,
      int count,
      boolean bigEndian,
      int[] out,
      long recordOffset)
      throws MiniSeedException {
    if (count == 0) {
      return;
    }
    if (frames <= 0) {
      throw new MiniSeedException(
          recordOffset, "no room for a Steim frame but " + count + " samples");
    }
    if (offset < 0 || (long) offset + (long) frames * FRAME_BYTES > buf.length) {
      throw new MiniSeedException(recordOffset, "Steim frames run past the end of the record");
    }
    if (out.length < count) {
      throw new IllegalArgumentException("output array shorter than sample count");
    }
    int x0 = word(buf, offset + 4, bigEndian);
    int xn = word(buf, offset + 8, bigEndian);
    int n =
        level == Encoding.STEIM2
            ? differences2(buf, offset, frames, count, bigEndian, out, recordOffset)
            : differences1(buf, offset, frames, count, bigEndian, out);
    if (n < count) {
      throw new MiniSeedException(
          recordOffset,
          "%s frames (%d) hold only %d of the %d samples in the header"
              .formatted(level, frames, n, count));
    }
    out[0] = x0;
    int last = x0;
    for (int i = 1; i < count; i++) {
      last += out[i];
      out[i] = last;
    }
    if (last != xn) {
      throw new MiniSeedException(
          recordOffset,
          "%s integrity check failed: last sample %d != reverse integration constant %d"
              .formatted(level, last, xn));
    }
  }

  /** Convenience: decodes into a new array of exactly {@code count} samples. */
  public static int[] decode(
      Encoding level,
      byte[] buf,
      int offset,
      int frames,
      int count,
      boolean bigEndian,
      long recordOffset)
      throws MiniSeedException {
    int[] out = new int[count];
    decode(level, buf, offset, frames, count, bigEndian, out, recordOffset);
    return out;
  }

  /** Writes the raw Steim-2 differences into out; returns how many (at most count). */
  private static int differences2(
      byte[] buf, int offset, int frames, int count, boolean be, int[] out, long recordOffset)
      throws MiniSeedException {
    int n = 0;
    int[] tail = null;
    for (int f = 0; f < frames; f++) {
      int fp = offset + f * FRAME_BYTES;
      int ctrl = word(buf, fp, be);
      for (int w = f == 0 ? 3 : 1; w < 16; w++) {
        int nib = (ctrl >>> (30 - 2 * w)) & 3;
        if (nib == 0) {
          continue;
        }
        int v = word(buf, fp + 4 * w, be);
        if (!be && nib == 1) {
          v = Integer.reverseBytes(v); // 8-bit differences are stored in byte order, never swapped
        }
        if (n <= count - 7) {
          int k = unpack2(nib, v, out, n);
          if (k < 0) {
            throw badNibble(recordOffset, f, w, nib, v);
          }
          n += k;
        } else {
          if (n >= count) {
            return n;
          }
          if (tail == null) {
            tail = new int[7];
          }
          int k = unpack2(nib, v, tail, 0);
          if (k < 0) {
            throw badNibble(recordOffset, f, w, nib, v);
          }
          int take = Math.min(k, count - n);
          System.arraycopy(tail, 0, out, n, take);
          n += take;
          if (n >= count) {
            return n;
          }
        }
      }
    }
    return n;
  }

  private static MiniSeedException badNibble(long recordOffset, int frame, int w, int nib, int v) {
    return new MiniSeedException(
        recordOffset,
        "undefined Steim-2 packing (nibble %d, dnib %d) in frame %d word %d"
            .formatted(nib, v >>> 30, frame, w));
  }

  /** Unpacks one Steim-2 word; returns the number of differences, or -1 for an undefined code. */
  private static int unpack2(int nib, int v, int[] d, int at) {
    if (nib == 1) {
      d[at] = v >> 24;
      d[at + 1] = (v << 8) >> 24;
      d[at + 2] = (v << 16) >> 24;
      d[at + 3] = (v << 24) >> 24;
      return 4;
    }
    int dnib = v >>> 30;
    if (nib == 2) {
      switch (dnib) {
        case 1:
          d[at] = (v << 2) >> 2;
          return 1;
        case 2:
          d[at] = (v << 2) >> 17;
          d[at + 1] = (v << 17) >> 17;
          return 2;
        case 3:
          d[at] = (v << 2) >> 22;
          d[at + 1] = (v << 12) >> 22;
          d[at + 2] = (v << 22) >> 22;
          return 3;
        default:
          return -1;
      }
    }
    switch (dnib) {
      case 0:
        d[at] = (v << 2) >> 26;
        d[at + 1] = (v << 8) >> 26;
        d[at + 2] = (v << 14) >> 26;
        d[at + 3] = (v << 20) >> 26;
        d[at + 4] = (v << 26) >> 26;
        return 5;
      case 1:
        d[at] = (v << 2) >> 27;
        d[at + 1] = (v << 7) >> 27;
        d[at + 2] = (v << 12) >> 27;
        d[at + 3] = (v << 17) >> 27;
        d[at + 4] = (v << 22) >> 27;
        d[at + 5] = (v << 27) >> 27;
        return 6;
      case 2:
        d[at] = (v << 4) >> 28;
        d[at + 1] = (v << 8) >> 28;
        d[at + 2] = (v << 12) >> 28;
        d[at + 3] = (v << 16) >> 28;
        d[at + 4] = (v << 20) >> 28;
        d[at + 5] = (v << 24) >> 28;
        d[at + 6] = (v << 28) >> 28;
        return 7;
      default:
        return -1;
    }
  }

  /** Writes the raw Steim-1 differences into out; returns how many (at most count). */
  private static int differences1(
      byte[] buf, int offset, int frames, int count, boolean be, int[] out) {
    int n = 0;
    for (int f = 0; f < frames; f++) {
      int fp = offset + f * FRAME_BYTES;
      int ctrl = word(buf, fp, be);
      for (int w = f == 0 ? 3 : 1; w < 16; w++) {
        int nib = (ctrl >>> (30 - 2 * w)) & 3;
        if (nib == 0) {
          continue;
        }
        int v = word(buf, fp + 4 * w, be);
        if (!be) {
          // Little-endian Steim-1 swaps each difference on its own: bytes stay in order and the
          // two 16-bit differences keep their places; only a 32-bit difference is a swapped word.
          if (nib == 1) {
            v = Integer.reverseBytes(v);
          } else if (nib == 2) {
            v = Integer.rotateLeft(v, 16);
          }
        }
        if (n <= count - 4) {
          switch (nib) {
            case 1 -> {
              out[n] = v >> 24;
              out[n + 1] = (v << 8) >> 24;
              out[n + 2] = (v << 16) >> 24;
              out[n + 3] = (v << 24) >> 24;
              n += 4;
            }
            case 2 -> {
              out[n] = v >> 16;
              out[n + 1] = (short) v;
              n += 2;
            }
            default -> out[n++] = v;
          }
        } else {
          if (n >= count) {
            return n;
          }
          int k = nib == 1 ? 4 : nib == 2 ? 2 : 1;
          int bits = 32 / k;
          for (int j = 0; j < k && n < count; j++) {
            out[n++] = (v << (bits * j)) >> (32 - bits);
          }
          if (n >= count) {
            return n;
          }
        }
      }
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Encoding

  private static final int[] CAP2 = {0, 30, 15, 10, 8, 6, 5, 4};
  private static final int[] CAP1 = {0, 32, 16, 0, 8};

  private static int width(int v) {
    return 33 - Integer.numberOfLeadingZeros(v ^ (v >> 31));
  }

  /**
   * Packs as many samples of {@code x[from..to)} as fit into at most {@code maxFrames} frames.
   *
   * <p>Steim-2 cannot hold a difference wider than 30 bits; the packing then stops before that
   * sample, which becomes the first sample (X0, no difference needed) of the next record. So every
   * int series can be encoded, and a return of fewer samples than offered simply means "start a new
   * record here".
   *
   * @param level {@link Encoding#STEIM1} or {@link Encoding#STEIM2}
   * @param dst zero-filled destination; frames start at {@code offset}
   * @return samples packed (at least 1 when {@code from < to} and {@code maxFrames >= 1}) and
   *     frames used
   */
  public static Packed encode(
      Encoding level,
      int[] x,
      int from,
      int to,
      byte[] dst,
      int offset,
      int maxFrames,
      boolean bigEndian) {
    if (!level.isSteim()) {
      throw new IllegalArgumentException("not a Steim level: " + level);
    }
    if (from >= to || maxFrames <= 0) {
      return new Packed(0, 0);
    }
    if ((long) offset + (long) maxFrames * FRAME_BYTES > dst.length) {
      throw new IllegalArgumentException("destination too short for " + maxFrames + " frames");
    }
    boolean two = level == Encoding.STEIM2;
    int i = from; // next sample whose difference is to be packed
    int framesUsed = 0;
    int[] d = new int[8];
    boolean stop = false;
    for (int f = 0; f < maxFrames; f++) {
      if (i >= to) {
        break;
      }
      int fp = offset + f * FRAME_BYTES;
      int ctrl = 0;
      framesUsed = f + 1;
      for (int w = f == 0 ? 3 : 1; w < 16; w++) {
        if (i >= to) {
          break;
        }
        int avail = Math.min(7, to - i);
        int maxWidth = 0;
        int best = 0;
        int bestCap = 0;
        int[] caps = two ? CAP2 : CAP1;
        int kmax = two ? avail : Math.min(4, avail);
        for (int k = 1; k <= kmax; k++) {
          int s = i + k - 1;
          int diff = s == from ? 0 : x[s] - x[s - 1];
          d[k - 1] = diff;
          maxWidth = Math.max(maxWidth, width(diff));
          int cap = caps[k];
          if (cap != 0) {
            if (maxWidth > cap) {
              break; // capacities shrink as k grows: a wider difference never fits more per word
            }
            best = k;
            bestCap = cap;
          }
        }
        if (best == 0) {
          // Steim-2: the difference exceeds 30 bits; this sample starts the next record.
          stop = true;
          break;
        }
        int value;
        int nib;
        if (!two) {
          nib = best == 4 ? 1 : best == 2 ? 2 : 3;
          value = pack(d, best, bestCap);
        } else if (best == 4) {
          nib = 1;
          value = pack(d, 4, 8);
        } else if (best <= 3) {
          nib = 2;
          value = (best << 30) | pack(d, best, bestCap); // dnib 1,2,3 = 1,2,3 differences
        } else {
          nib = 3;
          value = ((best - 5) << 30) | pack(d, best, bestCap); // dnib 0,1,2 = 5,6,7 differences
        }
        ctrl |= nib << (30 - 2 * w);
        if (!bigEndian) {
          if (nib == 1) {
            value = Integer.reverseBytes(value);
          } else if (!two && nib == 2) {
            value = Integer.rotateLeft(value, 16);
          }
        }
        putWord(dst, fp + 4 * w, value, bigEndian);
        i += best;
      }
      putWord(dst, fp, ctrl, bigEndian);
      if (stop) {
        break;
      }
    }
    int packed = i - from;
    putWord(dst, offset + 4, x[from], bigEndian);
    putWord(dst, offset + 8, x[i - 1], bigEndian);
    return new Packed(packed, framesUsed);
  }

  private static int pack(int[] d, int k, int bits) {
    int mask = bits == 32 ? -1 : (1 << bits) - 1;
    int v = 0;
    for (int j = 0; j < k; j++) {
      v |= (d[j] & mask) << (bits * (k - 1 - j));
    }
    return v;
  }
}
