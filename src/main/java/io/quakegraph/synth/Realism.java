package io.quakegraph.synth;

/**
 * How much of the real world the simulator puts into a record: the one switch between the simulator
 * the first models were trained on and the widened one (issue 11, docs/SIMULATOR.md).
 *
 * <ul>
 *   <li>{@link #IDEAL}: point sources, the exact 1-D model the locators use, stationary Peterson
 *       noise with one level per station, frequency-independent site terms. The default: every seed
 *       gives the same bytes as before the switch existed (the fixed evaluation set, seed 9001,
 *       included).
 *   <li>{@link #REAL_WORLD}: finite ruptures for Mw &ge; {@value FiniteRupture#MIN_MAGNITUDE}
 *       ({@link FiniteRupture}), magnitudes to {@value #MAX_MAGNITUDE} in {@link
 *       ScenarioOptions#realWorld()}, travel-time anomalies the 1-D model does not know ({@link
 *       TravelTimeAnomaly}: a smooth 3-D velocity perturbation and station statics), Vs30-dependent
 *       site amplification and a wider kappa0 per station ({@link SiteResponse}), a random
 *       scattering-coda level, noise spread over the whole NLNM-NHNM band with a day-night cultural
 *       cycle ({@link NoiseConditions}) and recorded noise where the project holds real continuous
 *       data ({@link RecordedNoise}).
 * </ul>
 */
public enum Realism {
  IDEAL,
  REAL_WORLD;

  /** Largest magnitude a real-world scenario draws. */
  public static final double MAX_MAGNITUDE = 8.0;

  /** Parses {@code ideal} / {@code real-world} (case and separators ignored). */
  public static Realism parse(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    try {
      return valueOf(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("realism must be ideal or real-world: " + text, e);
    }
  }

  public boolean isRealWorld() {
    return this == REAL_WORLD;
  }
}
