package io.quakegraph.ingest.replay;

import io.quakegraph.seismic.SourceId;
import java.io.IOException;
import java.io.InputStream;

/**
 * One miniSEED file of an archive, found but not yet read.
 *
 * @param name the file's path or URI, used in messages and as the dead letters' origin
 * @param size bytes
 * @param id the channel it holds (from an SCEDC name, or from its first record header); null when
 *     no record header could be read, in which case the file is replayed on its own and its bytes
 *     all become dead letters
 * @param startMicros the time of its first sample (the day start for an SCEDC day file), used to
 *     chain a channel's files in time order
 * @param opener opens the file's bytes
 */
public record ArchiveFile(String name, long size, SourceId id, long startMicros, Opener opener) {

  /** Opens a file's bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }
}
