package io.quakegraph.ingest;

import io.quakegraph.schema.DeadLetterReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of an ingest process (bridge or replay): packets accepted, dead letters per reason, and
 * named event counters (reconnects, stalls...). Thread-safe and lock-free on the hot path; {@link
 * #toString()} prints one line for logs and progress output.
 */
public final class IngestMetrics {
  private final LongAdder accepted = new LongAdder();
  private final Map<DeadLetterReason, LongAdder> rejected = new EnumMap<>(DeadLetterReason.class);
  private final ConcurrentHashMap<String, LongAdder> events = new ConcurrentHashMap<>();

  public IngestMetrics() {
    // Every reason has its adder from the start, so the EnumMap is never written after
    // construction and can be read from any thread.
    for (DeadLetterReason r : DeadLetterReason.values()) {
      rejected.put(r, new LongAdder());
    }
  }

  /** Counts one accepted packet. */
  public void accepted() {
    accepted.increment();
  }

  /** Counts one dead letter. */
  public void rejected(DeadLetterReason reason) {
    rejected.get(reason).increment();
  }

  /** Counts one occurrence of a named event, e.g. {@code reconnect} or {@code stall}. */
  public void increment(String event) {
    events.computeIfAbsent(event, k -> new LongAdder()).increment();
  }

  /** Adds {@code n} to a named counter. */
  public void add(String event, long n) {
    events.computeIfAbsent(event, k -> new LongAdder()).add(n);
  }

  /** Packets accepted so far. */
  public long acceptedCount() {
    return accepted.sum();
  }

  /** Dead letters of one reason so far. */
  public long rejectedCount(DeadLetterReason reason) {
    return rejected.get(reason).sum();
  }

  /** Dead letters of all reasons so far. */
  public long rejectedCount() {
    long n = 0;
    for (LongAdder a : rejected.values()) {
      n += a.sum();
    }
    return n;
  }

  /** A named counter (0 if never incremented). */
  public long count(String event) {
    LongAdder a = events.get(event);
    return a == null ? 0 : a.sum();
  }

  /** Non-zero dead-letter counts by reason, in the enum's order. */
  public Map<DeadLetterReason, Long> rejectedByReason() {
    Map<DeadLetterReason, Long> out = new LinkedHashMap<>();
    rejected.forEach(
        (r, a) -> {
          long n = a.sum();
          if (n > 0) {
            out.put(r, n);
          }
        });
    return out;
  }

  /** Named counters, sorted by name. */
  public Map<String, Long> events() {
    Map<String, Long> out = new TreeMap<>();
    events.forEach((k, a) -> out.put(k, a.sum()));
    return out;
  }

  /** E.g. {@code accepted=120 rejected=3 {DUPLICATE=2, CORRUPT_RECORD=1} events {reconnect=1}}. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("accepted=")
            .append(acceptedCount())
            .append(" rejected=")
            .append(rejectedCount());
    Map<DeadLetterReason, Long> byReason = rejectedByReason();
    if (!byReason.isEmpty()) {
      sb.append(' ').append(byReason);
    }
    Map<String, Long> ev = events();
    if (!ev.isEmpty()) {
      sb.append(" events ").append(ev);
    }
    return sb.toString();
  }
}
