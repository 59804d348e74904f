package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulates (or reads) events ahead of their consumer on background threads, so the trainer's
 * optimiser steps and the simulator overlap. What a consumer gets for index {@code i} does not
 * depend on the timing: prefetching only changes when an event is ready, never which event it is.
 */
public final class EventFeed implements AutoCloseable {
  private final EventSupplier supplier;
  private final ExecutorService pool;
  private final int ahead;
  private final Map<Long, CompletableFuture<EventSample>> pending = new ConcurrentHashMap<>();
  // indices handed out: several consumers may ask at once, and one must not schedule again an
  // index another has taken (it would be simulated twice and kept for ever)
  private final java.util.Set<Long> taken = ConcurrentHashMap.newKeySet();
  private volatile long produced;
  private volatile double busySeconds;

  /**
   * @param supplier the events
   * @param threads background threads
   * @param ahead how many indices after the last request are prepared
   */
  public EventFeed(EventSupplier supplier, int threads, int ahead) {
    this.supplier = supplier;
    this.ahead = Math.max(0, ahead);
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, "event-feed-" + n.incrementAndGet());
              t.setDaemon(true);
              // below the trainer: the optimiser step is never starved by look-ahead
              t.setPriority(Thread.NORM_PRIORITY - 1);
              return t;
            });
  }

  /** Event {@code index}; schedules the next {@code ahead} indices and waits for this one. */
  public EventSample get(long index) throws IOException {
    for (long i = index; i <= index + ahead; i++) {
      schedule(i);
    }
    CompletableFuture<EventSample> f;
    synchronized (taken) {
      schedule(index);
      taken.add(index);
      f = pending.remove(index);
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for event " + index, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new IOException("event " + index + ": " + c, c);
    }
  }

  /** Starts preparing {@code index} if it is not being prepared already. */
  public void schedule(long index) {
    synchronized (taken) {
      if (!taken.contains(index)) {
        prepare(index);
      }
    }
  }

  private void prepare(long index) {
    pending.computeIfAbsent(
        index,
        i ->
            CompletableFuture.supplyAsync(
                () -> {
                  long t0 = System.nanoTime();
                  try {
                    EventSample s = supplier.event(i);
                    synchronized (this) {
                      produced++;
                      busySeconds += (System.nanoTime() - t0) / 1e9;
                    }
                    return s;
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                pool));
  }

  /** Forgets prepared events below {@code index} (the consumer will not ask for them). */
  public void dropBelow(long index) {
    pending.keySet().removeIf(i -> i < index);
    taken.removeIf(i -> i < index);
  }

  /** Events prepared so far. */
  public long produced() {
    return produced;
  }

  /** Wall seconds the background threads spent preparing events (summed over threads). */
  public double busySeconds() {
    return busySeconds;
  }

  public EventSupplier supplier() {
    return supplier;
  }

  @Override
  public void close() throws IOException {
    pool.shutdownNow();
    pending.clear();
    supplier.close();
  }
}
