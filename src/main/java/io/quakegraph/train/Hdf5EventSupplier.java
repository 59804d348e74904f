package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.Hdf5SampleSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Events of an HDF5 dataset by index, cycling: event {@code i} is sample {@code i mod count} of the
 * dataset. The file is read forwards; asking for an earlier index reopens it (only on resume or a
 * new pass), so the trainer's increasing indices read each sample once per pass.
 */
public final class Hdf5EventSupplier implements EventSupplier {
  private final Path file;
  private final long count;
  private Hdf5SampleSource source;
  private long cursor;

  public Hdf5EventSupplier(Path file) throws IOException {
    this.file = file;
    this.source = Hdf5SampleSource.open(file);
    OptionalLong n = source.count();
    this.count = n.isPresent() ? n.getAsLong() : countByReading();
    if (count <= 0) {
      throw new IllegalArgumentException(file + ": the dataset holds no samples");
    }
  }

  private long countByReading() throws IOException {
    long n = 0;
    while (source.next().isPresent()) {
      n++;
    }
    reopen();
    return n;
  }

  private void reopen() throws IOException {
    source.close();
    source = Hdf5SampleSource.open(file);
    cursor = 0;
  }

  /** Samples in the dataset. */
  public long count() {
    return count;
  }

  @Override
  public synchronized EventSample event(long index) throws IOException {
    long want = Math.floorMod(index, count);
    if (want < cursor) {
      reopen();
    }
    while (true) {
      EventSample s =
          source.next().orElseThrow(() -> new IOException(file + ": fewer samples than announced"));
      cursor++;
      if (cursor - 1 == want) {
        return s;
      }
    }
  }

  @Override
  public String describe() {
    return "HDF5 dataset " + file + " (" + count + " samples, cycled)";
  }

  @Override
  public synchronized void close() throws IOException {
    source.close();
  }
}
