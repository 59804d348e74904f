package io.quakegraph.model.classical;

/**
 * An event local magnitude from the data up to a cut time.
 *
 * @param ml median Hutton and Boore ML of the component magnitudes (NaN when no amplitude)
 * @param sigma 1σ of {@code ml}, see {@link HuttonBooreMagnitude}
 * @param stations stations contributing
 * @param components horizontal components contributing
 * @param afterS whether every contributing station had its (predicted) S wave before the cut; when
 *     false only P-wave amplitudes were available and the ML is a lower bound (P amplitudes) with a wide σ
 */
public record MagnitudeResult(
    double ml, double sigma, int stations, int components, boolean afterS) {

  static MagnitudeResult none() {
    return new MagnitudeResult(Double.NaN, Double.NaN, 0, 0, false);
  }
}
