package io.quakegraph.synth;

import java.util.SplittableRandom;

/**
 * Real-world noise levels: where between Peterson's NLNM and NHNM a station lies, and how its level
 * follows the time of day.
 *
 * <ul>
 *   <li>Level: the ideal network draws each station's fraction of the way from NLNM to NHNM (dB)
 *       from a triangle on 0.1-0.8 ({@link SyntheticNetwork}); here that draw is mapped through the
 *       triangle's distribution function onto 0-1, so stations span the whole band (the quietest
 *       vault to the noisiest urban site) and keep their rank.
 *   <li>Day and night: cultural noise (traffic, industry) raises the level above ~1 Hz in the local
 *       day by up to {@value #DAY_NIGHT_DB} dB at the noisiest sites and hardly at all at quiet
 *       ones (McNamara and Buland 2004, BSSA 94(4):1517: day-night differences of 10-15 dB at urban
 *       stations). The gain is {@code fraction * }{@value #DAY_NIGHT_DB}{@code * (1 + cos(2 pi (h -
 *       13) / 24)) / 2} dB at local solar hour h (peak early afternoon), applied to the whole noise
 *       record, plus a per-record scatter of {@value #SCATTER_DB} dB (wind, weather).
 * </ul>
 */
final class NoiseConditions {
  static final double DAY_NIGHT_DB = 12;
  static final double SCATTER_DB = 2;

  private NoiseConditions() {}

  /** The whole-band fraction of a station whose ideal fraction is {@code idealFraction}. */
  static double realWorldFraction(double idealFraction) {
    // The ideal draw is 0.1 + 0.7 * (U1 + U2) / 2: a triangle on [0.1, 0.8] peaking at 0.45.
    double x = Math.max(0, Math.min(1, (idealFraction - 0.1) / 0.7));
    return x <= 0.5 ? 2 * x * x : 1 - 2 * (1 - x) * (1 - x);
  }

  /**
   * Amplitude gain of the noise of a station with whole-band {@code fraction} at {@code longitude}
   * at {@code micros} (epoch), with the scatter of the station's {@code seed}.
   */
  static double gain(double fraction, double longitude, long micros, long seed) {
    double hours = Math.floorMod(micros, 86_400_000_000L) / 3.6e9 + longitude / 15;
    double day = 0.5 * (1 + Math.cos(2 * Math.PI * (hours - 13) / 24));
    double db = fraction * DAY_NIGHT_DB * day;
    // The scatter is drawn per hour of the epoch and interpolated: records of adjacent spans join.
    double epochHours = micros / 3.6e9;
    long h0 = (long) Math.floor(epochHours);
    double w = epochHours - h0;
    double s0 = new SplittableRandom(Seeds.mix(seed, h0)).nextGaussian();
    double s1 = new SplittableRandom(Seeds.mix(seed, h0 + 1)).nextGaussian();
    db += SCATTER_DB * ((1 - w) * s0 + w * s1);
    return Math.pow(10, db / 20);
  }
}
