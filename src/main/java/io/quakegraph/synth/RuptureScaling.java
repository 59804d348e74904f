package io.quakegraph.synth;

/**
 * Rupture dimensions from moment magnitude: the Wells and Coppersmith (1994, BSSA 84(4):974-1002,
 * Table 2A, all slip types) regressions of subsurface rupture length {@code log10 RLD = -2.44 +
 * 0.59 M}, down-dip width {@code log10 RW = -1.01 + 0.32 M} and area {@code log10 RA = -3.49 + 0.91
 * M} (km, km^2), valid for M 4.8-8.1.
 */
public final class RuptureScaling {
  private RuptureScaling() {}

  /** Subsurface rupture length, km. */
  public static double lengthKm(double mw) {
    return Math.pow(10, -2.44 + 0.59 * mw);
  }

  /** Down-dip rupture width, km. */
  public static double widthKm(double mw) {
    return Math.pow(10, -1.01 + 0.32 * mw);
  }

  /** Rupture area, km^2. */
  public static double areaKm2(double mw) {
    return Math.pow(10, -3.49 + 0.91 * mw);
  }
}
