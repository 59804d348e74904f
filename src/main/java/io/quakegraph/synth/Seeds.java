package io.quakegraph.synth;

/**
 * Derives independent, reproducible seeds for the many random streams of the simulator (per
 * station, channel, event and noise block) from one user seed, with the SplitMix64 finaliser
 * (Steele, Lea and Flood 2014) so that neighbouring inputs give unrelated streams.
 */
final class Seeds {
  private Seeds() {}

  static long mix(long seed, long... parts) {
    long h = mix64(seed ^ 0x9E3779B97F4A7C15L);
    for (long p : parts) {
      h = mix64(h + 0x9E3779B97F4A7C15L + mix64(p));
    }
    return h;
  }

  /** A stable hash of a string (for event ids); String.hashCode is specified and stable. */
  static long of(String text) {
    long h = 1125899906842597L;
    for (int i = 0; i < text.length(); i++) {
      h = 31 * h + text.charAt(i);
    }
    return mix64(h);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
