package io.quakegraph.ingest.replay;

import io.quakegraph.ingest.DeadLetters;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads the records of one miniSEED file from a stream, one at a time, so a replay holds a small
 * window of each open file instead of whole day files. Corrupt bytes are not skipped silently: they
 * come out as {@link Item.Bad} items (the bytes up to the next plausible record header, with the
 * parser's reason), for the caller to dead-letter, and reading resumes at that header, as {@link
 * MiniSeed#read} does for whole files.
 */
final class RecordCursor implements AutoCloseable {
  /**
   * Bytes kept ahead of the read position when the stream has them: the longest miniSEED 2 record
   * plus a header, so the parser can see where a record without blockette 1000 ends.
   */
  private static final int LOOKAHEAD = 65_536 + 64;

  /** The most bytes of garbage (or of one record) held at once; larger runs are cut. */
  static final int MAX_RUN = 1 << 20;

  /** One thing read from the file. */
  sealed interface Item permits Item.Good, Item.Bad {
    /** A valid record. */
    record Good(MiniSeedRecord record) implements Item {}

    /**
     * Bytes that are not a valid record.
     *
     * @param raw the bytes, at most {@link #MAX_RUN}
     * @param offset byte offset in the file
     * @param category the dead-letter reason
     * @param reason why, naming the file and offset
     */
    record Bad(byte[] raw, long offset, DeadLetterReason category, String reason) implements Item {}
  }

  private final InputStream in;
  private final String name;
  private byte[] buf = new byte[128 * 1024];
  private int pos;
  private int limit;
  private long consumed; // file offset of buf[0]
  private boolean eof;

  RecordCursor(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** File bytes consumed so far (records returned). */
  long bytesConsumed() {
    return consumed + pos;
  }

  /** The next record or bad run; null at the end of the file. */
  Item next() throws IOException {
    fill(LOOKAHEAD);
    if (pos >= limit) {
      return null;
    }
    while (true) {
      int avail = limit - pos;
      try {
        MiniSeedRecord rec = MiniSeed.parse(buf, pos, avail);
        pos += rec.recordLength();
        return new Item.Good(rec);
      } catch (MiniSeedException e) {
        if (!eof && mayNeedMore(e) && avail < MAX_RUN) {
          fill(Math.min(MAX_RUN, Math.max(2 * avail, LOOKAHEAD)));
          if (limit - pos > avail) {
            continue;
          }
        }
        return bad(DeadLetters.classify(e), e.reason());
      } catch (RuntimeException e) {
        // a parser bug must not end the replay: the bytes are reported like corrupt ones
        return bad(DeadLetterReason.CORRUPT_RECORD, "parser failure: " + e);
      }
    }
  }

  private static boolean mayNeedMore(MiniSeedException e) {
    String r = e.reason().toLowerCase(Locale.ROOT);
    return r.contains("truncated")
        || r.contains("runs past")
        || r.contains("past the end")
        || r.contains("cannot be determined");
  }

  /** Bytes from pos up to the next plausible header (or the end), as one bad item. */
  private Item bad(DeadLetterReason category, String reason) throws IOException {
    long offset = consumed + pos;
    int q = pos + 1;
    while (true) {
      while (q < limit && !MiniSeed.isPlausibleHeader(buf, q, limit - q)) {
        q++;
      }
      if (q < limit || eof || q - pos >= MAX_RUN) {
        break;
      }
      int scanned = q - pos;
      fill(Math.min(MAX_RUN + 64, scanned + LOOKAHEAD));
      q = pos + scanned;
      if (limit - pos <= scanned) {
        break; // no more data arrived
      }
    }
    int end = Math.min(q, pos + MAX_RUN);
    byte[] raw = Arrays.copyOfRange(buf, pos, end);
    pos = end;
    return new Item.Bad(
        raw,
        offset,
        category,
        "%s: miniSEED at byte %d: %s (%d bytes skipped)"
            .formatted(name, offset, reason, raw.length));
  }

  /** Reads until at least {@code want} bytes lie ahead of pos, or the stream ends. */
  private void fill(int want) throws IOException {
    if (limit - pos >= want || eof) {
      return;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      consumed += pos;
      pos = 0;
    }
    if (buf.length < want) {
      buf = Arrays.copyOf(buf, Math.max(want, buf.length * 2));
    }
    while (limit < want) {
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
        return;
      }
      limit += n;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
