package io.quakegraph.seismic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads miniSEED 2 and miniSEED 3 records and files.
 *
 * <p><b>Corrupt data.</b> {@link #read(Path)} never gives up on a file because of one bad record. A
 * record that fails validation is logged (WARN, naming the file, byte offset and reason), listed in
 * {@link MiniSeedFile#problems()}, and reading resumes at the next byte offset that holds a
 * plausible record header. The search for that header goes byte by byte rather than in 128- or
 * 512-byte steps: miniSEED 3 records have arbitrary lengths, files may mix record lengths, and a
 * damaged length field says nothing about where the next record starts. The check at each byte is a
 * few comparisons (quality code, sequence digits, then a plausible start time), so even a megabyte
 * of garbage is skipped in milliseconds, and a false header is then rejected by the full parse
 * (blockettes, payload, Steim integrity, CRC).
 *
 * <p>A miniSEED 2 record whose blockette 1000 length would swallow a following valid record (a
 * damaged length exponent) is rejected too: the reader looks for a record header at each smaller
 * power-of-two offset inside it.
 *
 * <p>A full SEED volume (with V/A/S control headers) is read for its data records; the control
 * headers are reported as skipped, non-miniSEED bytes.
 */
public final class MiniSeed {
  private static final Logger LOG = LoggerFactory.getLogger(MiniSeed.class);

  private MiniSeed() {}

  /**
   * Parses and validates the record that starts at {@code offset}; the version (2 or 3) is detected
   * from the header.
   *
   * @param length bytes available from {@code offset} (the record may be shorter)
   * @throws MiniSeedException naming {@code offset} and what is wrong
   */
  public static MiniSeedRecord parse(byte[] buf, int offset, int length) throws MiniSeedException {
    if (offset < 0 || length < 0 || (long) offset + length > buf.length) {
      throw new IllegalArgumentException(
          "range %d+%d outside buffer of %d".formatted(offset, length, buf.length));
    }
    if (MiniSeed3Parser.hasSignature(buf, offset, length)) {
      return MiniSeed3Parser.parse(buf, offset, length);
    }
    return MiniSeed2Parser.parse(buf, offset, length);
  }

  /** Parses a buffer that holds exactly one record. */
  public static MiniSeedRecord parse(byte[] record) throws MiniSeedException {
    return parse(record, 0, record.length);
  }

  /** Whether a plausible miniSEED 2 or 3 record header starts at {@code offset}. */
  public static boolean isPlausibleHeader(byte[] buf, int offset, int length) {
    return MiniSeed3Parser.isPlausibleHeader(buf, offset, length)
        || MiniSeed2Parser.isPlausibleHeader(buf, offset, length);
  }

  /**
   * Reads every record of a miniSEED file (miniSEED 2 and/or 3, any record lengths).
   *
   * @throws IOException naming the file when it cannot be read or holds no valid record at all
   */
  public static MiniSeedFile read(Path file) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("miniSEED file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IOException("cannot read miniSEED file " + file + ": " + e.getMessage(), e);
    }
    return read(data, file.toString());
  }

  /** Reads every record from a stream (read to its end); {@code name} is used in messages. */
  public static MiniSeedFile read(InputStream in, String name) throws IOException {
    byte[] data;
    try {
      data = in.readAllBytes();
    } catch (IOException e) {
      throw new IOException("cannot read miniSEED stream " + name + ": " + e.getMessage(), e);
    }
    return read(data, name);
  }

  /**
   * Reads every record of an in-memory miniSEED file; {@code name} is used in messages.
   *
   * @throws IOException naming the file when it is empty or holds no valid record at all
   */
  public static MiniSeedFile read(byte[] data, String name) throws IOException {
    if (data.length == 0) {
      throw new IOException(name + " is empty: not a miniSEED file");
    }
    List<MiniSeedRecord> records = new ArrayList<>();
    List<ReadProblem> problems = new ArrayList<>();
    int p = 0;
    int n = data.length;
    while (p < n) {
      String reason;
      try {
        MiniSeedRecord rec = parse(data, p, n - p);
        int inner = rec.formatVersion() == 2 ? embeddedRecord(data, p, rec.recordLength()) : -1;
        if (inner < 0) {
          records.add(rec);
          p += rec.recordLength();
          continue;
        }
        reason =
            "record length %d overlaps the valid record that starts at byte %d"
                .formatted(rec.recordLength(), inner);
      } catch (MiniSeedException e) {
        reason = e.reason();
      }
      int q = nextHeader(data, p + 1);
      String where =
          q < n
              ? "; skipped %d bytes, resumed at byte %d".formatted(q - p, q)
              : "; skipped the remaining %d bytes (no further record header)".formatted(n - p);
      ReadProblem problem = new ReadProblem(name, p, reason + where);
      LOG.warn("miniSEED {} at byte {}: {}", name, p, problem.reason());
      problems.add(problem);
      p = q;
    }
    if (records.isEmpty()) {
      throw new IOException(
          name
              + " is not a miniSEED file: no valid record in "
              + n
              + " bytes (at byte 0: "
              + problems.get(0).reason()
              + ")");
    }
    return new MiniSeedFile(name, records, problems);
  }

  /** {@code Traces.assemble(read(file).records())}. */
  public static List<Trace> readTraces(Path file) throws IOException {
    return Traces.assemble(read(file).records());
  }

  private static int nextHeader(byte[] data, int from) {
    int n = data.length;
    for (int q = from; q < n; q++) {
      if (isPlausibleHeader(data, q, n - q)) {
        return q;
      }
    }
    return n;
  }

  /**
   * Offset of a valid record that starts inside the record at {@code p} on a power-of-two boundary,
   * or -1. Catches a corrupt blockette 1000 length that would swallow the next record.
   */
  private static int embeddedRecord(byte[] data, int p, int length) {
    for (int k = MiniSeed2Parser.MIN_RECORD; k < length; k <<= 1) {
      int q = p + k;
      if (isPlausibleHeader(data, q, data.length - q)) {
        try {
          parse(data, q, data.length - q);
          return q;
        } catch (MiniSeedException e) {
          // not a record: the bytes only look like a header
        }
      }
    }
    return -1;
  }
}
