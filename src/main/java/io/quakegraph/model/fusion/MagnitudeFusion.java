package io.quakegraph.model.fusion;

/**
 * The published magnitude: the network's Gaussian magnitude combined with the amplitude evidence
 * (Hutton-Boore ML at the fused hypocentre) by inverse-variance weighting.
 *
 * <p>ML is used only once stations have seen their S waves (before that it measures P amplitudes
 * and is a lower bound) and from at least {@link #MIN_STATIONS} stations; its variance gets a model
 * term {@code modelSigma²} for the scatter between early ML and Mw, which the ML's own spread over
 * stations does not show (a growing rupture, a window that has not yet held the S peak everywhere).
 *
 * <p>ML saturates for large earthquakes: the Wood-Anderson instrument's short periods stop growing
 * with the moment from about M6 and ML levels off near 7 (Kanamori, 1983, Tectonophysics 93), and a
 * rupture still growing has not yet radiated its peak. From {@link #ML_SATURATION_ONSET} on, ML is
 * therefore only a lower bound: it raises a network magnitude below it and says nothing against one
 * above it.
 */
public final class MagnitudeFusion {
  static final int MIN_STATIONS = 2;

  /** ML from which it is treated as a lower bound on Mw (saturation), magnitude units. */
  static final double ML_SATURATION_ONSET = 6.0;

  private final double modelSigma;

  /**
   * @param modelSigma 1σ of early ML about Mw beyond its between-station spread
   */
  public MagnitudeFusion(double modelSigma) {
    if (!(modelSigma >= 0)) {
      throw new IllegalArgumentException("model sigma must be >= 0: " + modelSigma);
    }
    this.modelSigma = modelSigma;
  }

  /** The fused magnitude and its 1σ, {@code {m, sigma}}. */
  public double[] fuse(
      double priorM, double priorSigma, double ml, double mlSigma, int stations, boolean afterS) {
    boolean evidence =
        afterS && stations >= MIN_STATIONS && Double.isFinite(ml) && Double.isFinite(mlSigma);
    boolean prior = Double.isFinite(priorM) && Double.isFinite(priorSigma) && priorSigma > 0;
    if (!evidence) {
      return new double[] {priorM, priorSigma};
    }
    double varMl = mlSigma * mlSigma + modelSigma * modelSigma;
    if (!prior) {
      return new double[] {ml, Math.sqrt(varMl)};
    }
    if (ml >= ML_SATURATION_ONSET && priorM >= ml) {
      return new double[] {priorM, priorSigma};
    }
    double wp = 1 / (priorSigma * priorSigma);
    double wm = 1 / varMl;
    return new double[] {(wp * priorM + wm * ml) / (wp + wm), Math.sqrt(1 / (wp + wm))};
  }
}
