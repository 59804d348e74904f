package io.quakegraph.ingest.seedlink;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Time formats of SeedLink: {@code YYYY,MM,DD,hh,mm,ss[.ffffff]} in commands, slashes in XML. */
public final class SeedLinkTime {
  private static final DateTimeFormatter XML =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter COMMAND =
      DateTimeFormatter.ofPattern("yyyy,MM,dd,HH,mm,ss").withZone(ZoneOffset.UTC);

  private SeedLinkTime() {}

  /**
   * Parses a command time: year, month, day, hour, minute, second separated by commas; the seconds
   * may have a fraction.
   *
   * @throws IllegalArgumentException naming the text when it is not such a time
   */
  public static long parse(String text) {
    String[] f = text.split(",", -1);
    if (f.length != 6) {
      throw new IllegalArgumentException("not a SeedLink time YYYY,MM,DD,hh,mm,ss: '" + text + "'");
    }
    try {
      int[] v = new int[5];
      for (int i = 0; i < 5; i++) {
        v[i] = Integer.parseInt(f[i]);
      }
      double sec = Double.parseDouble(f[5]);
      if (!(sec >= 0 && sec < 61)) {
        throw new IllegalArgumentException("seconds out of range in '" + text + "'");
      }
      long whole = (long) Math.floor(sec);
      long micros = Math.round((sec - whole) * 1e6);
      LocalDateTime t = LocalDateTime.of(v[0], v[1], v[2], v[3], v[4], 0);
      return (t.toEpochSecond(ZoneOffset.UTC) + whole) * 1_000_000L + micros;
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a SeedLink time YYYY,MM,DD,hh,mm,ss: '" + text + "'", e);
    }
  }

  /** The command form of a time (whole seconds, rounded down). */
  public static String formatCommand(long micros) {
    return COMMAND.format(java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)));
  }

  /** The XML form, e.g. {@code 2019/07/06 03:00:00.0000}. */
  static String formatXml(long micros) {
    return XML.format(
        java.time.Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
  }
}
