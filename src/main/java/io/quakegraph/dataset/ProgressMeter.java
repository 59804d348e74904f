package io.quakegraph.dataset;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Prints {@code events done/total, rate, ETA} lines while a build runs, at most one line per
 * interval (and always for the last event), so a long build is visibly alive without flooding the
 * terminal.
 */
public final class ProgressMeter {
  private final PrintStream out;
  private final long total;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final long startNanos;
  private long lastPrint;

  /**
   * @param out where lines go (null for silence)
   * @param total number of work items, when known (else 0)
   * @param intervalSeconds minimum time between lines
   */
  public ProgressMeter(PrintStream out, long total, double intervalSeconds) {
    this(out, total, intervalSeconds, System::nanoTime);
  }

  ProgressMeter(PrintStream out, long total, double intervalSeconds, LongSupplier clock) {
    this.out = out;
    this.total = total;
    this.intervalNanos = (long) (intervalSeconds * 1e9);
    this.clock = clock;
    this.startNanos = clock.getAsLong();
    this.lastPrint = startNanos;
  }

  /** Reports that {@code done} items are finished; {@code extra} is appended to the line. */
  public void update(long done, String extra) {
    long now = clock.getAsLong();
    boolean last = total > 0 && done >= total;
    if (out == null || (!last && now - lastPrint < intervalNanos)) {
      return;
    }
    lastPrint = now;
    out.println(line(done, now) + (extra == null || extra.isEmpty() ? "" : ", " + extra));
  }

  /** The progress text for {@code done} items at {@code nowNanos}. */
  String line(long done, long nowNanos) {
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = done / seconds;
    StringBuilder sb = new StringBuilder();
    sb.append("events ").append(done);
    if (total > 0) {
      sb.append('/').append(total);
    }
    sb.append(String.format(java.util.Locale.ROOT, ", %.2f events/s", rate));
    if (total > 0 && done < total && rate > 0) {
      sb.append(", ETA ").append(duration((total - done) / rate));
    } else {
      sb.append(", elapsed ").append(duration(seconds));
    }
    return sb.toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return "%d min %02d s".formatted(s / 60, s % 60);
    }
    return "%d h %02d min".formatted(s / 3600, (s % 3600) / 60);
  }
}
