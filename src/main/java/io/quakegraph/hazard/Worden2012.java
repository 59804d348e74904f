package io.quakegraph.hazard;

/**
 * The ground-motion to intensity conversion (GMICE) of Worden, Gerstenberger, Rhoades &amp; Wald
 * (2012), <i>Probabilistic relationships between ground-motion parameters and modified Mercalli
 * intensity in California</i>, BSSA 102(1), 204-221: their bilinear equation 3 without the distance
 * and magnitude residual terms (as ShakeMap applies it), clipped to MMI I-X.
 */
public final class Worden2012 {
  /** Lowest and highest intensity of the scale. */
  public static final double MMI_MIN = 1.0;

  public static final double MMI_MAX = 10.0;

  // {c1, c2, c3, c4, t1}: MMI = c1 + c2 log10(Y) for log10(Y) <= t1, else c3 + c4 log10(Y)
  private static final double[] PGA = {1.78, 1.55, -1.60, 3.70, 1.57};
  private static final double[] PGV = {3.78, 1.47, 2.89, 3.16, 0.53};

  /** Standard deviation of MMI given PGA (σ of the paper's table 1, without residual terms). */
  public static final double SIGMA_MMI_PGA = 0.73;

  /** Standard deviation of MMI given PGV. */
  public static final double SIGMA_MMI_PGV = 0.65;

  private Worden2012() {}

  /** MMI from peak ground acceleration in cm/s². */
  public static double fromPga(double pgaCmS2) {
    return convert(PGA, pgaCmS2);
  }

  /** MMI from peak ground velocity in cm/s. */
  public static double fromPgv(double pgvCmS) {
    return convert(PGV, pgvCmS);
  }

  /**
   * The intensity an alert reports: the larger of the PGA and PGV conversions. Worden et al. find
   * PGV the better predictor of strong shaking and PGA of weak shaking; taking the larger errs on
   * the side of warning.
   */
  public static double fromPgaAndPgv(double pgaCmS2, double pgvCmS) {
    return Math.max(fromPga(pgaCmS2), fromPgv(pgvCmS));
  }

  private static double convert(double[] c, double y) {
    if (!(y > 0)) {
      return MMI_MIN;
    }
    double l = Math.log10(y);
    double mmi = l <= c[4] ? c[0] + c[1] * l : c[2] + c[3] * l;
    return Math.max(MMI_MIN, Math.min(MMI_MAX, mmi));
  }

  /** The Roman numeral of an intensity rounded to the nearest integer (I..X). */
  public static String roman(double mmi) {
    String[] r = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};
    int i = (int) Math.round(Math.max(MMI_MIN, Math.min(MMI_MAX, mmi)));
    return r[i - 1];
  }
}
