package io.quakegraph.dataset;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A stream of event samples: simulated on the fly ({@link SyntheticSampleSource}) or read from an
 * HDF5 dataset ({@link Hdf5SampleSource}). Trainers and evaluators consume both the same way.
 *
 * <p>Not thread-safe: one consumer per source.
 */
public interface SampleSource extends AutoCloseable {

  /** The next sample, or empty when the source is exhausted. */
  Optional<EventSample> next() throws IOException;

  /** How many samples the source yields in total, when known in advance. */
  OptionalLong count();

  @Override
  void close() throws IOException;
}
