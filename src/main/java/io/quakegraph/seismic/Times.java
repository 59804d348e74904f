package io.quakegraph.seismic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Epoch-microsecond time helpers: the one time representation inside QuakeGraph. */
public final class Times {
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** Formats as {@code 2019-07-06T03:19:53.040000Z}. */
  public static String format(long micros) {
    return ISO_MICROS.format(instant(micros));
  }

  /**
   * Parses an ISO-8601 UTC time; a missing zone means UTC, and a bare date means midnight.
   *
   * @throws IllegalArgumentException naming the text when it is not a time
   */
  public static long parse(String text) {
    String s = text.trim();
    try {
      if (s.length() == 10) {
        s = s + "T00:00:00Z";
      } else if (!s.endsWith("Z") && !s.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        s = s + "Z";
      }
      return micros(java.time.OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO-8601 time: '" + text + "'", e);
    }
  }
}
