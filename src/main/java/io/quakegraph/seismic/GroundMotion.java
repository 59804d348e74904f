package io.quakegraph.seismic;

import java.util.Locale;

/** The physical quantity a sensor measures. */
public enum GroundMotion {
  DISPLACEMENT,
  VELOCITY,
  ACCELERATION,
  UNKNOWN;

  /** Classifies StationXML input units such as {@code m/s}, {@code M/S**2}, {@code nm/s}. */
  public static GroundMotion fromUnits(String units) {
    if (units == null) {
      return UNKNOWN;
    }
    String u = units.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (u.matches("(n|u|c|m)?m/s(\\*\\*2|\\^2|2|/s)")) {
      return ACCELERATION;
    }
    if (u.matches("(n|u|c|m)?m/s")) {
      return VELOCITY;
    }
    if (u.matches("(n|u|c|m)?m")) {
      return DISPLACEMENT;
    }
    return UNKNOWN;
  }

  /** Guess from the SEED instrument code (second letter of the channel) when no metadata exists. */
  public static GroundMotion fromChannel(String channel) {
    if (channel.length() < 2) {
      return UNKNOWN;
    }
    return switch (channel.charAt(1)) {
      case 'H', 'L' -> VELOCITY;
      case 'N', 'G' -> ACCELERATION;
      default -> UNKNOWN;
    };
  }
}
