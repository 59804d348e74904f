package io.quakegraph.ingest;

/**
 * Tolerances of {@link PacketValidator}.
 *
 * @param futureToleranceMicros how far a record may end after its receive time before it is an
 *     impossible time (station clocks drift, receive clocks too; a record from the future beyond
 *     this is a broken clock or a corrupt header)
 * @param outOfOrderToleranceMicros how far a record may start before the end of the previous record
 *     of its channel before it is out of order (half a sample period is always allowed on top, as
 *     in {@link io.quakegraph.seismic.Traces})
 * @param duplicateMemory how many recent (start, sample count) pairs are remembered per channel for
 *     the duplicate check
 * @param maxStreams how many channels the validator keeps state for; the least recently seen is
 *     forgotten beyond that, so garbage source ids (corrupt headers that still parse) cannot grow
 *     memory without bound
 * @param rateTolerance relative difference allowed between a record's sample rate and the rate its
 *     channel has in the inventory (1e-4, libmseed's tolerance)
 */
public record ValidatorOptions(
    long futureToleranceMicros,
    long outOfOrderToleranceMicros,
    int duplicateMemory,
    int maxStreams,
    double rateTolerance) {

  /** Lowest sample rate a record may have, Hz (one sample per 1000 s). */
  public static final double MIN_RATE = 0.001;

  /** Highest sample rate a record may have, Hz. */
  public static final double MAX_RATE = 10_000;

  /**
   * 10 min into the future, no backwards overlap beyond half a sample, 256 remembered records per
   * channel, 20,000 channels, 1e-4 rate tolerance.
   */
  public static final ValidatorOptions DEFAULTS =
      new ValidatorOptions(600_000_000L, 0, 256, 20_000, 1e-4);

  public ValidatorOptions {
    if (futureToleranceMicros < 0 || outOfOrderToleranceMicros < 0) {
      throw new IllegalArgumentException("tolerances must be >= 0");
    }
    if (duplicateMemory < 1 || maxStreams < 1) {
      throw new IllegalArgumentException("duplicateMemory and maxStreams must be >= 1");
    }
    if (!(rateTolerance >= 0)) {
      throw new IllegalArgumentException("rateTolerance must be >= 0: " + rateTolerance);
    }
  }

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link ValidatorOptions}; {@link #build} checks them as the
   * constructor does.
   */
  public static final class Builder {
    private long futureToleranceMicros;
    private long outOfOrderToleranceMicros;
    private int duplicateMemory;
    private int maxStreams;
    private double rateTolerance;

    private Builder(ValidatorOptions from) {
      futureToleranceMicros = from.futureToleranceMicros;
      outOfOrderToleranceMicros = from.outOfOrderToleranceMicros;
      duplicateMemory = from.duplicateMemory;
      maxStreams = from.maxStreams;
      rateTolerance = from.rateTolerance;
    }

    public Builder futureToleranceMicros(long value) {
      futureToleranceMicros = value;
      return this;
    }

    public Builder outOfOrderToleranceMicros(long value) {
      outOfOrderToleranceMicros = value;
      return this;
    }

    public Builder duplicateMemory(int value) {
      duplicateMemory = value;
      return this;
    }

    public Builder maxStreams(int value) {
      maxStreams = value;
      return this;
    }

    public Builder rateTolerance(double value) {
      rateTolerance = value;
      return this;
    }

    public ValidatorOptions build() {
      return new ValidatorOptions(
          futureToleranceMicros,
          outOfOrderToleranceMicros,
          duplicateMemory,
          maxStreams,
          rateTolerance);
    }
  }
}
