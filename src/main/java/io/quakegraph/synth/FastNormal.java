package io.quakegraph.synth;

import java.util.SplittableRandom;

/**
 * Approximately Gaussian deviates at the cost of one 64-bit random number: the Irwin-Hall sum of
 * four 16-bit uniforms, centred and scaled to unit variance (kurtosis 2.7 instead of 3; tails
 * beyond 3.46 sigma absent). The stochastic method only needs random phases and a flat expected
 * spectrum (Boore 2003 normalises each spectrum to unit mean square), and shaped noise is a sum of
 * thousands of such numbers, Gaussian by the central limit theorem.
 */
final class FastNormal {
  private static final double SCALE = Math.sqrt(12.0 / 4) / 65536.0;
  private static final double CENTRE = 4 * 32767.5;

  private FastNormal() {}

  static double next(SplittableRandom rng) {
    long r = rng.nextLong();
    long s = (r & 0xFFFF) + ((r >>> 16) & 0xFFFF) + ((r >>> 32) & 0xFFFF) + (r >>> 48);
    return (s - CENTRE) * SCALE;
  }
}
