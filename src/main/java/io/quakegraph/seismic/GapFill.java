package io.quakegraph.seismic;

/** How {@link Gaps#fill} fills samples that no segment provides. */
public enum GapFill {
  /** Zeros: neutral for demeaned or corrected data. */
  ZERO,
  /** A straight line between the samples either side (the nearest sample at the window ends). */
  LINEAR,
  /** The last sample before the gap (the first after it at the window start). */
  HOLD,
  /** No fill: missing samples are {@link Double#NaN}. */
  NONE
}
