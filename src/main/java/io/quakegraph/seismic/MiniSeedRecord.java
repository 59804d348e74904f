package io.quakegraph.seismic;

/**
 * One miniSEED record (format version 2 or 3), validated, with its raw bytes.
 *
 * <p>Instances come from {@link MiniSeed#parse}, which has already decoded the payload once to
 * check it (sample count, Steim integrity, CRC), so the sample accessors here cannot meet corrupt
 * data unless someone changed {@link #bytes()} afterwards. Samples are decoded on each call and not
 * cached: a record is a value, and most records are decoded exactly once.
 *
 * @param id the channel
 * @param startMicros time of the first sample, epoch microseconds UTC (miniSEED 3 nanoseconds are
 *     truncated to microseconds; a miniSEED 2 time correction not yet applied is applied)
 * @param sampleRate samples per second; 0 for text and other non-waveform records
 * @param sampleCount samples in the record (bytes for {@link Encoding#TEXT})
 * @param encoding payload encoding
 * @param formatVersion 2 or 3
 * @param sequenceNumber miniSEED 2 sequence number; 0 for miniSEED 3
 * @param recordLength bytes in the record
 * @param bigEndian byte order of the data payload
 * @param quality miniSEED 2 data quality indicator (D, R, Q, M); for miniSEED 3 derived from the
 *     publication version (1 R, 2 D, 3 Q, 4 and above M, as libmseed does)
 * @param bytes the raw record bytes, exactly as read
 */
public record MiniSeedRecord(
    SourceId id,
    long startMicros,
    double sampleRate,
    int sampleCount,
    Encoding encoding,
    int formatVersion,
    int sequenceNumber,
    int recordLength,
    boolean bigEndian,
    char quality,
    byte[] bytes) {

  /** Decoded samples; integer encodings give exact integer values, text gives none. */
  public double[] samples() {
    try {
      return SampleDecoder.doubles(
          encoding, bytes, dataOffset(), dataLength(), sampleCount, bigEndian, 0);
    } catch (MiniSeedException e) {
      throw new IllegalStateException("record bytes changed after validation: " + e.reason(), e);
    }
  }

  /**
   * Decoded samples of an integer encoding.
   *
   * @throws IllegalStateException for float, gain-ranged floating (GEOSCOPE 16-bit) or text records
   */
  public int[] intSamples() {
    if (!encoding.isInteger()) {
      throw new IllegalStateException(
          "record of " + id + " holds " + encoding + " samples, not integers");
    }
    try {
      return SampleDecoder.ints(
          encoding, bytes, dataOffset(), dataLength(), sampleCount, bigEndian, 0);
    } catch (MiniSeedException e) {
      throw new IllegalStateException("record bytes changed after validation: " + e.reason(), e);
    }
  }

  /**
   * The text of a {@link Encoding#TEXT} record (log messages, detections).
   *
   * @throws IllegalStateException for a waveform record
   */
  public String text() {
    if (encoding != Encoding.TEXT) {
      throw new IllegalStateException("record of " + id + " is " + encoding + ", not text");
    }
    return SampleDecoder.text(bytes, dataOffset(), dataLength(), sampleCount);
  }

  /** Time just after the last sample: the expected start of the next contiguous record. */
  public long endMicros() {
    if (!(sampleRate > 0) || encoding == Encoding.TEXT) {
      return startMicros;
    }
    return startMicros + Math.round(sampleCount * 1e6 / sampleRate);
  }

  /** Whether this record carries waveform samples (not text, not empty, positive rate). */
  public boolean hasWaveform() {
    return encoding != Encoding.TEXT && sampleCount > 0 && sampleRate > 0;
  }

  /**
   * The samples as a one-record trace.
   *
   * @throws IllegalStateException if the record holds no waveform
   */
  public Trace toTrace() {
    if (!hasWaveform()) {
      throw new IllegalStateException("record of " + id + " holds no waveform samples");
    }
    return new Trace(id, startMicros, sampleRate, samples());
  }

  /** Offset of the data payload inside {@link #bytes()}. */
  public int dataOffset() {
    return formatVersion == 3
        ? MiniSeed3Parser.dataOffset(bytes)
        : MiniSeed2Parser.dataOffset(bytes);
  }

  /** Length of the data payload in bytes. */
  public int dataLength() {
    if (formatVersion == 3) {
      return MiniSeed3Parser.dataLength(bytes);
    }
    return sampleCount == 0 ? 0 : recordLength - dataOffset();
  }

  @Override
  public String toString() {
    return "MiniSeedRecord[%s v%d %s %.6g Hz n=%d %s %s %d bytes]"
        .formatted(
            id,
            formatVersion,
            Times.format(startMicros),
            sampleRate,
            sampleCount,
            encoding,
            bigEndian ? "BE" : "LE",
            recordLength);
  }
}
