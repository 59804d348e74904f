package io.quakegraph.model;

import io.quakegraph.dataset.EventSample;

/**
 * Anything that estimates an earthquake source from the waveforms seen up to a cut time: the
 * learned models (through {@link GraphFeatures}) and the classical locators. Evaluation runs them
 * all on the very same samples and cut times.
 *
 * <p>Implementations need not be thread-safe; make one per thread.
 */
public interface SourceEstimator {

  /** The estimate from everything recorded up to {@code cutMicros} (nothing later may be used). */
  Estimate estimate(EventSample sample, long cutMicros);

  /** Short name for tables, e.g. {@code stgnn}, {@code gcn}, {@code classical}, {@code oracle}. */
  String name();
}
