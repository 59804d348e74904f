package io.quakegraph.synth;

/**
 * How a scenario's earthquakes are drawn (see {@link ScenarioCatalog}).
 *
 * @param minMagnitude smallest Mw drawn
 * @param maxMagnitude largest Mw drawn
 * @param bValue Gutenberg-Richter b-value of the main component
 * @param largeEventShare weight of the uniform-in-magnitude component of the mixture, which
 *     over-samples large events: a pure b=1 law between 2.5 and 6.5 gives one M >= 5 in ~300
 *     events, far too few to train or test magnitude estimation on
 * @param marginDeg how far outside the stations' bounding box epicentres may fall, degrees
 * @param minDepthKm shallowest hypocentre, km
 * @param maxDepthKm deepest hypocentre, km
 * @param stressDropMedianMPa median of the log-normal Brune stress drop, MPa
 * @param stressDropSigmaLn standard deviation of ln(stress drop)
 * @param codaBaseSeconds coda length after the S wave at the farthest station for the smallest
 *     event: part of the time an event "occupies"
 * @param codaSecondsPerMagnitude extra coda length per magnitude unit above {@code minMagnitude}
 * @param allowOverlap whether events may occupy overlapping time (origin times are then drawn
 *     independently)
 * @param realism how the simulator records the events ({@link Realism#IDEAL} by default); what a
 *     sample source or scenario writer passes on to {@link SimulationOptions#realism()}
 */
public record ScenarioOptions(
    double minMagnitude,
    double maxMagnitude,
    double bValue,
    double largeEventShare,
    double marginDeg,
    double minDepthKm,
    double maxDepthKm,
    double stressDropMedianMPa,
    double stressDropSigmaLn,
    double codaBaseSeconds,
    double codaSecondsPerMagnitude,
    boolean allowOverlap,
    Realism realism) {

  public ScenarioOptions {
    java.util.Objects.requireNonNull(realism, "realism");
    if (!(minMagnitude <= maxMagnitude) || !(minMagnitude > -2) || !(maxMagnitude < 10)) {
      throw new IllegalArgumentException(
          "magnitude range must satisfy -2 < min <= max < 10: "
              + minMagnitude
              + ".."
              + maxMagnitude);
    }
    if (!(bValue > 0)) {
      throw new IllegalArgumentException("b-value must be positive: " + bValue);
    }
    if (!(largeEventShare >= 0 && largeEventShare <= 1)) {
      throw new IllegalArgumentException("large-event share must be in [0, 1]: " + largeEventShare);
    }
    if (!(marginDeg >= 0)) {
      throw new IllegalArgumentException("margin must be >= 0 degrees: " + marginDeg);
    }
    if (!(minDepthKm >= 0 && minDepthKm <= maxDepthKm && maxDepthKm <= 700)) {
      throw new IllegalArgumentException(
          "depth range must satisfy 0 <= min <= max <= 700 km: " + minDepthKm + ".." + maxDepthKm);
    }
    if (!(stressDropMedianMPa > 0) || !(stressDropSigmaLn >= 0)) {
      throw new IllegalArgumentException(
          "stress drop needs a positive median and a sigma >= 0: "
              + stressDropMedianMPa
              + ", "
              + stressDropSigmaLn);
    }
    if (!(codaBaseSeconds >= 0) || !(codaSecondsPerMagnitude >= 0)) {
      throw new IllegalArgumentException("coda lengths must be >= 0");
    }
  }

  /** Options for the ideal simulator. */
  public ScenarioOptions(
      double minMagnitude,
      double maxMagnitude,
      double bValue,
      double largeEventShare,
      double marginDeg,
      double minDepthKm,
      double maxDepthKm,
      double stressDropMedianMPa,
      double stressDropSigmaLn,
      double codaBaseSeconds,
      double codaSecondsPerMagnitude,
      boolean allowOverlap) {
    this(
        minMagnitude,
        maxMagnitude,
        bValue,
        largeEventShare,
        marginDeg,
        minDepthKm,
        maxDepthKm,
        stressDropMedianMPa,
        stressDropSigmaLn,
        codaBaseSeconds,
        codaSecondsPerMagnitude,
        allowOverlap,
        Realism.IDEAL);
  }

  /**
   * Mw 2.5-6.5 (the design's range), b = 1, a quarter of the events uniform in magnitude, 0.5°
   * margin, depth 0-25 km, the simulator's stress-drop law ({@link
   * BruneSource#MEDIAN_STRESS_DROP_MPA}, {@link BruneSource#STRESS_DROP_SIGMA_LN}, the values its
   * magnitude calibration assumes), coda 30 s plus 30 s per magnitude unit, no overlap.
   */
  public static ScenarioOptions defaults() {
    return new ScenarioOptions(
        2.5,
        6.5,
        1.0,
        0.25,
        0.5,
        0.0,
        25.0,
        BruneSource.MEDIAN_STRESS_DROP_MPA,
        BruneSource.STRESS_DROP_SIGMA_LN,
        30.0,
        30.0,
        false);
  }

  /**
   * The real-world training and evaluation distribution of issue 11: the {@link #defaults()} with
   * magnitudes up to {@value Realism#MAX_MAGNITUDE} (the large ones still over-sampled by the
   * uniform component), recorded by the {@link Realism#REAL_WORLD} simulator.
   */
  public static ScenarioOptions realWorld() {
    return defaults().withRealism(Realism.REAL_WORLD);
  }

  /** These options with another magnitude range. */
  public ScenarioOptions withMagnitudes(double min, double max) {
    return new ScenarioOptions(
        min,
        max,
        bValue,
        largeEventShare,
        marginDeg,
        minDepthKm,
        maxDepthKm,
        stressDropMedianMPa,
        stressDropSigmaLn,
        codaBaseSeconds,
        codaSecondsPerMagnitude,
        allowOverlap,
        realism);
  }

  /** These options with events placed {@code marginDeg} around the stations, at these depths. */
  public ScenarioOptions withPlacement(double margin, double minDepth, double maxDepth) {
    return new ScenarioOptions(
        minMagnitude,
        maxMagnitude,
        bValue,
        largeEventShare,
        margin,
        minDepth,
        maxDepth,
        stressDropMedianMPa,
        stressDropSigmaLn,
        codaBaseSeconds,
        codaSecondsPerMagnitude,
        allowOverlap,
        realism);
  }

  /** These options with overlap allowed or not. */
  public ScenarioOptions withAllowOverlap(boolean allow) {
    return new ScenarioOptions(
        minMagnitude,
        maxMagnitude,
        bValue,
        largeEventShare,
        marginDeg,
        minDepthKm,
        maxDepthKm,
        stressDropMedianMPa,
        stressDropSigmaLn,
        codaBaseSeconds,
        codaSecondsPerMagnitude,
        allow,
        realism);
  }

  /**
   * These options with another realism; {@link Realism#REAL_WORLD} also raises a maximum magnitude
   * of 6.5 (the ideal default) to {@value Realism#MAX_MAGNITUDE}.
   */
  public ScenarioOptions withRealism(Realism r) {
    double max = r.isRealWorld() && maxMagnitude == 6.5 ? Realism.MAX_MAGNITUDE : maxMagnitude;
    return new ScenarioOptions(
        minMagnitude,
        max,
        bValue,
        largeEventShare,
        marginDeg,
        minDepthKm,
        maxDepthKm,
        stressDropMedianMPa,
        stressDropSigmaLn,
        codaBaseSeconds,
        codaSecondsPerMagnitude,
        allowOverlap,
        r);
  }

  /**
   * The probability that a drawn magnitude is at least {@code m}: the mixture's survival function,
   * {@code (1 - w) * GR(m) + w * U(m)} with the doubly truncated Gutenberg-Richter and uniform laws
   * on [min, max].
   */
  public double probabilityAtLeast(double m) {
    if (m <= minMagnitude) {
      return 1;
    }
    if (m >= maxMagnitude) {
      return 0;
    }
    double beta = bValue * Math.log(10);
    double span = maxMagnitude - minMagnitude;
    double gr =
        (Math.exp(-beta * (m - minMagnitude)) - Math.exp(-beta * span))
            / (1 - Math.exp(-beta * span));
    double uniform = (maxMagnitude - m) / span;
    return (1 - largeEventShare) * gr + largeEventShare * uniform;
  }
}
