package io.quakegraph.seismic;

import java.util.List;

/**
 * An analogue poles-and-zeros stage in Laplace form (rad/s), normalised by {@code normalization} at
 * {@code normalizationFrequencyHz}; {@code stageGain} is the stage gain (e.g. V per m/s).
 */
public record PolesZeros(
    List<Complex> poles,
    List<Complex> zeros,
    double normalization,
    double normalizationFrequencyHz,
    double stageGain) {

  /** A complex number; kept minimal because only responses need one. */
  public record Complex(double re, double im) {}
}
