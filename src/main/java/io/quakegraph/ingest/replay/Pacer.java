package io.quakegraph.ingest.replay;

/**
 * Holds a replay to a speed: the packet whose data ends at {@code t} is sent at wall time {@code
 * wall0 + (t - t0) / speed}, where {@code t0} is the end of the first packet and {@code wall0} the
 * moment it was sent. Pacing is relative to the first packet, not per packet, so sleep overshoot
 * does not accumulate. An infinite speed never waits.
 */
final class Pacer {
  private final double speed;
  private long t0 = Long.MIN_VALUE;
  private long wall0;

  Pacer(double speed) {
    this.speed = speed;
  }

  /** Waits until the packet that ends at {@code dataMicros} is due. */
  void await(long dataMicros) throws InterruptedException {
    if (Double.isInfinite(speed)) {
      return;
    }
    long now = System.nanoTime();
    if (t0 == Long.MIN_VALUE) {
      t0 = dataMicros;
      wall0 = now;
      return;
    }
    long due = wall0 + (long) ((dataMicros - t0) * 1000.0 / speed);
    long wait = due - now;
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
    }
  }
}
