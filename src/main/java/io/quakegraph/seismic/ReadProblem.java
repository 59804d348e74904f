package io.quakegraph.seismic;

/**
 * A part of a miniSEED file that could not be read as a record and was skipped.
 *
 * @param file the file (or stream) name
 * @param byteOffset offset of the first skipped byte
 * @param reason why it was skipped, and where reading resumed
 */
public record ReadProblem(String file, long byteOffset, String reason) {
  @Override
  public String toString() {
    return file + " @ byte " + byteOffset + ": " + reason;
  }
}
