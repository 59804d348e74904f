package io.quakegraph.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Start-up checks that do not depend on each other, run side by side: the model's load, the
 * broker's round trips and the folder probes take a second or more one after the other, mostly
 * waiting. The failure reported is the one a sequential run would report: the first in the order
 * the checks were {@link #add added}, as soon as every check before it has passed. Checks still
 * running then are left to end on their own (their threads are daemons; the command exits).
 */
public final class ParallelChecks {
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "preflight");
            t.setDaemon(true);
            return t;
          });
  private final List<CompletableFuture<Void>> started = new ArrayList<>();

  /** Starts {@code check} at once. */
  public ParallelChecks add(Runnable check) {
    started.add(CompletableFuture.runAsync(check, pool));
    return this;
  }

  /**
   * Waits for the checks in the order they were added; rethrows the first failure (a {@link
   * PreflightException} as it was thrown).
   */
  public void await() throws InterruptedException {
    try {
      for (CompletableFuture<Void> c : started) {
        try {
          c.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}
