package io.quakegraph.seismic;

/**
 * A miniSEED record that cannot be trusted: a malformed header, a payload that does not fit, a
 * failed CRC or a Steim integrity check. Carries the byte offset of the record (within the buffer
 * or file being read) so a reader can say where the damage is.
 */
public final class MiniSeedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long byteOffset;
  private final String reason;

  public MiniSeedException(long byteOffset, String reason) {
    super("miniSEED record at byte " + byteOffset + ": " + reason);
    this.byteOffset = byteOffset;
    this.reason = reason;
  }

  /** Byte offset of the start of the offending record. */
  public long byteOffset() {
    return byteOffset;
  }

  /** What is wrong, without the offset prefix. */
  public String reason() {
    return reason;
  }
}
