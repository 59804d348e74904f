package io.quakegraph.synth;

import java.util.Locale;

/**
 * How many flaws a synthetic archive gets. Rates are fractions of the stations (outages, timing
 * offsets) or of the channels (gaps, dead channels; clipped: of the broadband channels); every kind
 * gets at least one instance unless the level is {@link #NONE}, so even a small test network
 * exercises each code path.
 */
public enum ImperfectionLevel {
  /** A perfect archive. */
  NONE(0, 0, 0, 0, 0),
  /** About what a real network has on a typical day. */
  DEFAULT(0.03, 0.03, 0.05, 0.01, 0.02),
  /** A bad day: several times the default rates. */
  HEAVY(0.10, 0.10, 0.20, 0.04, 0.06);

  private final double outageRate;
  private final double timingRate;
  private final double gapRate;
  private final double deadRate;
  private final double clipRate;

  ImperfectionLevel(
      double outageRate, double timingRate, double gapRate, double deadRate, double clipRate) {
    this.outageRate = outageRate;
    this.timingRate = timingRate;
    this.gapRate = gapRate;
    this.deadRate = deadRate;
    this.clipRate = clipRate;
  }

  /** Fraction of stations with an outage. */
  public double outageRate() {
    return outageRate;
  }

  /** Fraction of stations with a timing offset. */
  public double timingRate() {
    return timingRate;
  }

  /** Fraction of channels with a gap. */
  public double gapRate() {
    return gapRate;
  }

  /** Fraction of channels that go dead. */
  public double deadRate() {
    return deadRate;
  }

  /** Fraction of broadband channels that clip low. */
  public double clipRate() {
    return clipRate;
  }

  /** The lower-case name used on the command line and in files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The level named {@code text} ({@code none}, {@code default} or {@code heavy}, any case).
   *
   * @throws IllegalArgumentException for any other text
   */
  public static ImperfectionLevel parse(String text) {
    for (ImperfectionLevel l : values()) {
      if (l.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown imperfection level '" + text + "' (expected none, default or heavy)");
  }
}
