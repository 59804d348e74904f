package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent events the trainer draws its graphs from. Simulating an event costs about a second on
 * this machine while a graph costs a fraction of that to learn from, so every event serves many
 * graphs (cut times, subsets, dropout) before it leaves.
 *
 * <p>At step {@code s} the pool holds events {@code [hi - size + 1, hi]} with {@code hi = size - 1
 * + floor(s / stepsPerNewEvent)}: a function of the step alone, so a resumed run sees exactly the
 * pool an uninterrupted run would, without replaying earlier events.
 */
public final class EventPool {
  private final EventFeed feed;
  private final int size;
  private final int stepsPerNewEvent;
  private final TreeMap<Long, EventSample> events = new TreeMap<>();

  public EventPool(EventFeed feed, int size, int stepsPerNewEvent) {
    this.feed = feed;
    this.size = size;
    this.stepsPerNewEvent = stepsPerNewEvent;
  }

  /** Highest event index in the pool at {@code step}. */
  public long highest(long step) {
    return size - 1 + step / stepsPerNewEvent;
  }

  /** Lowest event index in the pool at {@code step}. */
  public long lowest(long step) {
    return highest(step) - size + 1;
  }

  /** Brings the pool to its contents at {@code step} (loading and evicting as needed). */
  public void advanceTo(long step) throws IOException {
    long lo = lowest(step);
    long hi = highest(step);
    events.headMap(lo).clear();
    feed.dropBelow(lo);
    for (long i = lo; i <= hi; i++) {
      if (!events.containsKey(i)) {
        events.put(i, feed.get(i));
      }
    }
    // look ahead for the next events while the trainer works
    for (long i = hi + 1; i <= hi + 2; i++) {
      feed.schedule(i);
    }
  }

  /** Event {@code index}, which must be in the pool. */
  public EventSample get(long index) {
    EventSample s = events.get(index);
    if (s == null) {
      throw new IllegalStateException("event " + index + " is not in the pool " + events.keySet());
    }
    return s;
  }

  /** The pool's events by index. */
  public Map<Long, EventSample> events() {
    return events;
  }

  public int size() {
    return size;
  }
}
