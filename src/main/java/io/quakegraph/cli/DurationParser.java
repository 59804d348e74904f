package io.quakegraph.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses durations as people type them: {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code
 * 250ms}, combinations such as {@code 1h30m}, or ISO-8601 ({@code PT1H30M}). A bare number means
 * seconds.
 */
public final class DurationParser implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|d|h|m|s)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|d|h|m|s))+");

  /**
   * The duration {@code text} stands for.
   *
   * @throws IllegalArgumentException naming the text when it is not a duration, or not positive
   */
  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    Duration d;
    if (s.startsWith("p")) {
      try {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(invalid(text), e);
      }
    } else if (s.matches("\\d+(\\.\\d+)?")) {
      d = ofSeconds(Double.parseDouble(s));
    } else if (WHOLE.matcher(s).matches()) {
      d = Duration.ZERO;
      Matcher m = PART.matcher(s);
      while (m.find()) {
        double value = Double.parseDouble(m.group(1));
        double seconds =
            switch (m.group(2)) {
              case "ms" -> value / 1000;
              case "s" -> value;
              case "m" -> value * 60;
              case "h" -> value * 3600;
              default -> value * 86400;
            };
        d = d.plus(ofSeconds(seconds));
      }
    } else {
      throw new IllegalArgumentException(invalid(text));
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("duration must be positive: '" + text + "'");
    }
    return d;
  }

  @Override
  public Duration convert(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  private static Duration ofSeconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private static String invalid(String text) {
    return "not a duration: '" + text + "' (examples: 90s, 10m, 1h, 2d, 1h30m, PT1H)";
  }
}
