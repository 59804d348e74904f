package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import java.io.IOException;

/**
 * Events by index: {@code event(i)} is always the same sample for the same supplier settings, so a
 * training run can be resumed at any step without replaying the events before it.
 *
 * <p>Implementations are thread-safe: an {@link EventFeed} asks for several indices at once.
 */
public interface EventSupplier extends AutoCloseable {

  /** Event number {@code index} (0-based) of the stream. */
  EventSample event(long index) throws IOException;

  /** One line saying where the events come from (for logs and the model card). */
  String describe();

  @Override
  default void close() throws IOException {}
}
