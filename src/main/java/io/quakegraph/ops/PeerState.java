package io.quakegraph.ops;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * Whether a peer (a broker, a SeedLink server) answers, logged once per change: one WARN when it
 * stops answering, saying since when, and one INFO when it answers again, saying for how long it
 * was down. Failed retries in between are DEBUG, so a peer that is down for an hour does not fill
 * the terminal.
 */
public final class PeerState {
  private final String name;
  private final Logger log;
  private boolean up = true;
  private long lastUpNanos = System.nanoTime();
  private long downSinceNanos;
  private int failures;

  /**
   * @param name the peer as the operator knows it, e.g. "Kafka at 127.0.0.1:9092"
   * @param log where the changes go
   */
  public PeerState(String name, Logger log) {
    this.name = name;
    this.log = log;
  }

  /** The peer answered. */
  public synchronized void up() {
    long now = System.nanoTime();
    if (!up) {
      log.info(
          "{} is back after {} down ({} failed attempts)",
          name,
          human(Duration.ofNanos(now - downSinceNanos)),
          failures);
    }
    up = true;
    failures = 0;
    lastUpNanos = now;
  }

  /** The peer did not answer; {@code reason} says how. */
  public synchronized void down(String reason) {
    long now = System.nanoTime();
    failures++;
    if (up) {
      up = false;
      downSinceNanos = lastUpNanos;
      log.warn(
          "{} is down: {} (last answer {} ago); retrying, a line follows when it is back",
          name,
          reason,
          human(Duration.ofNanos(now - lastUpNanos)));
    } else {
      log.debug(
          "{} still down after {}: {}",
          name,
          human(Duration.ofNanos(now - downSinceNanos)),
          reason);
    }
  }

  /** True unless the last report was a failure. */
  public synchronized boolean isUp() {
    return up;
  }

  /** A duration as an operator reads it: 850 ms, 12 s, 3 min 5 s, 2 h 4 min. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s / 3600 + " h " + (s % 3600) / 60 + " min";
  }
}
