package io.quakegraph.ingest.seedlink;

import io.quakegraph.seismic.SourceId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One SeedLink 3 {@code SELECT} pattern: {@code [!][LL]CCC[.T]}.
 *
 * <ul>
 *   <li>{@code CCC}: channel, with {@code ?} (one character) or {@code *} wildcards, e.g. {@code
 *       HH?}, {@code ??Z}; any location.
 *   <li>{@code LLCCC}: location and channel, e.g. {@code 00HHZ}; a blank location is written {@code
 *       --} (or two spaces, as on the wire).
 *   <li>{@code .T}: packet type; this server only has data packets, type {@code D}, so any other
 *       type selects nothing.
 *   <li>{@code !}: a negative selector, which removes what it matches.
 * </ul>
 *
 * @param negative whether this selector excludes
 * @param location location pattern ({@code --} for blank), or null for any
 * @param channel channel pattern
 * @param type packet type letter, or null for any
 */
public record StreamSelector(boolean negative, String location, String channel, String type) {
  private static final Pattern CODE = Pattern.compile("[A-Z0-9?*\\-]+");

  /**
   * Parses a selector.
   *
   * @throws IllegalArgumentException naming the text when it is not a selector
   */
  public static StreamSelector parse(String text) {
    String s = text.toUpperCase(Locale.ROOT);
    boolean negative = s.startsWith("!");
    if (negative) {
      s = s.substring(1);
    }
    String type = null;
    int dot = s.indexOf('.');
    if (dot >= 0) {
      type = s.substring(dot + 1);
      s = s.substring(0, dot);
      if (type.length() != 1 || "DECTLO?".indexOf(type.charAt(0)) < 0) {
        throw new IllegalArgumentException("bad packet type in selector '" + text + "'");
      }
    }
    s = s.replace(' ', '-');
    String location;
    String channel;
    if (s.length() == 5) {
      location = s.substring(0, 2);
      channel = s.substring(2);
    } else if (s.length() >= 1 && s.length() <= 3) {
      location = null;
      channel = s;
    } else {
      throw new IllegalArgumentException(
          "selector '" + text + "' is not [LL]CCC[.T] (3 or 5 characters before the type)");
    }
    if (!CODE.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "selector '" + text + "' has characters outside A-Z 0-9 ? * -");
    }
    if (channel.length() < 3 && !channel.contains("*")) {
      throw new IllegalArgumentException(
          "selector '" + text + "' has a channel shorter than 3 characters");
    }
    return new StreamSelector(negative, location, channel, type);
  }

  /** Whether this selector's pattern (ignoring negation) matches a data packet of the channel. */
  public boolean matches(SourceId id) {
    if (type != null && !type.equals("D") && !type.equals("?")) {
      return false;
    }
    if (location != null) {
      String loc = id.location().isEmpty() ? "--" : id.location();
      if (!Glob.matches(location, loc)) {
        return false;
      }
    }
    return Glob.matches(channel, id.channel());
  }

  @Override
  public String toString() {
    return (negative ? "!" : "")
        + (location == null ? "" : location)
        + channel
        + (type == null ? "" : "." + type);
  }
}
