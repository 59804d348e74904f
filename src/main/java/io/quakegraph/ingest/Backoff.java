package io.quakegraph.ingest;

import java.util.SplittableRandom;

/**
 * Exponential reconnect delays: {@code initial}, doubling per failed attempt up to {@code max},
 * each scaled by a jitter factor in [0.5, 1) so that many bridges restarted together do not
 * reconnect in lock-step. The jitter comes from a seeded generator: the same seed gives the same
 * delays (tests, reproducible incidents).
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final SplittableRandom random;
  private int attempt;

  public Backoff(long initialMillis, long maxMillis, long seed) {
    if (initialMillis < 1 || maxMillis < initialMillis) {
      throw new IllegalArgumentException(
          "backoff needs 1 <= initial <= max: " + initialMillis + ", " + maxMillis);
    }
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
    this.random = new SplittableRandom(seed);
  }

  /** The delay before the next attempt, in milliseconds; each call counts one more failure. */
  public long nextDelayMillis() {
    long base = initialMillis << Math.min(attempt, 30);
    if (base <= 0 || base > maxMillis) {
      base = maxMillis;
    }
    attempt++;
    return Math.max(1, (long) (base * (0.5 + 0.5 * random.nextDouble())));
  }

  /** After a success: the next failure waits {@code initial} again. */
  public void reset() {
    attempt = 0;
  }

  /** Failures since the last reset. */
  public int attempts() {
    return attempt;
  }
}
