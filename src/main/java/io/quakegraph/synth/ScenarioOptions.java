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

  /**
   * These options with another realism; {@link Realism#REAL_WORLD} also raises a maximum magnitude
   * of 6.5 (the ideal default) to {@value Realism#MAX_MAGNITUDE}.
   */
  public ScenarioOptions withRealism(Realism r) {
    double max = r.isRealWorld() && maxMagnitude == 6.5 ? Realism.MAX_MAGNITUDE : maxMagnitude;
    return toBuilder().maxMagnitude(max).realism(r).build();
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

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link ScenarioOptions}; {@link #build} checks them as the
   * constructor does.
   */
  public static final class Builder {
    private double minMagnitude;
    private double maxMagnitude;
    private double bValue;
    private double largeEventShare;
    private double marginDeg;
    private double minDepthKm;
    private double maxDepthKm;
    private double stressDropMedianMPa;
    private double stressDropSigmaLn;
    private double codaBaseSeconds;
    private double codaSecondsPerMagnitude;
    private boolean allowOverlap;
    private Realism realism;

    private Builder(ScenarioOptions from) {
      minMagnitude = from.minMagnitude;
      maxMagnitude = from.maxMagnitude;
      bValue = from.bValue;
      largeEventShare = from.largeEventShare;
      marginDeg = from.marginDeg;
      minDepthKm = from.minDepthKm;
      maxDepthKm = from.maxDepthKm;
      stressDropMedianMPa = from.stressDropMedianMPa;
      stressDropSigmaLn = from.stressDropSigmaLn;
      codaBaseSeconds = from.codaBaseSeconds;
      codaSecondsPerMagnitude = from.codaSecondsPerMagnitude;
      allowOverlap = from.allowOverlap;
      realism = from.realism;
    }

    public Builder minMagnitude(double value) {
      minMagnitude = value;
      return this;
    }

    public Builder maxMagnitude(double value) {
      maxMagnitude = value;
      return this;
    }

    public Builder bValue(double value) {
      bValue = value;
      return this;
    }

    public Builder largeEventShare(double value) {
      largeEventShare = value;
      return this;
    }

    public Builder marginDeg(double value) {
      marginDeg = value;
      return this;
    }

    public Builder minDepthKm(double value) {
      minDepthKm = value;
      return this;
    }

    public Builder maxDepthKm(double value) {
      maxDepthKm = value;
      return this;
    }

    public Builder stressDropMedianMPa(double value) {
      stressDropMedianMPa = value;
      return this;
    }

    public Builder stressDropSigmaLn(double value) {
      stressDropSigmaLn = value;
      return this;
    }

    public Builder codaBaseSeconds(double value) {
      codaBaseSeconds = value;
      return this;
    }

    public Builder codaSecondsPerMagnitude(double value) {
      codaSecondsPerMagnitude = value;
      return this;
    }

    public Builder allowOverlap(boolean value) {
      allowOverlap = value;
      return this;
    }

    public Builder realism(Realism value) {
      realism = value;
      return this;
    }

    public ScenarioOptions build() {
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
          allowOverlap,
          realism);
    }
  }
}
