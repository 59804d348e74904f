package io.quakegraph.stream;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the job writes alerts to Kafka.
 *
 * <p>{@link #AT_LEAST_ONCE} (the default) sends each version the moment it is computed; a restart
 * from a checkpoint may send versions again, and because event ids and versions are a function of
 * the input, a repeated version carries the same estimate, so consumers that drop versions they
 * have seen ({@link io.quakegraph.stream.alerts.AlertConsumer}) see each version exactly once.
 * {@link #EXACTLY_ONCE} writes versions in Kafka transactions that commit at each checkpoint: no
 * repeats, but a read_committed consumer sees a version only up to a checkpoint interval later,
 * which an early warning cannot afford.
 */
public enum AlertDelivery {
  AT_LEAST_ONCE("at-least-once"),
  EXACTLY_ONCE("exactly-once");

  private final String label;

  AlertDelivery(String label) {
    this.label = label;
  }

  /** The option value, e.g. {@code at-least-once}. */
  public String label() {
    return label;
  }

  /** The delivery named {@code at-least-once} or {@code exactly-once} (case-insensitive). */
  public static AlertDelivery parse(String s) {
    String l = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(d -> d.label.equals(l))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "delivery must be at-least-once or exactly-once: " + s));
  }

  @Override
  public String toString() {
    return label;
  }
}
