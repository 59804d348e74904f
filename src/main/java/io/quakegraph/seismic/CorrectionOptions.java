package io.quakegraph.seismic;

/**
 * Settings of {@link InstrumentCorrection}: the causal Butterworth high-pass applied to velocity
 * sensors, and to accelerometers both before and after integration.
 *
 * @param highPassHz high-pass corner in Hz; {@link #DEFAULT} uses 0.075 Hz, below the band any
 *     local-earthquake magnitude or location needs and above the band where integration drift and
 *     long-period noise dominate strong-motion records
 * @param order number of poles of the high-pass (2 is enough to make the integrated accelerogram
 *     drift-free: a two-pole high-pass followed by an integrator still rejects DC)
 */
public record CorrectionOptions(double highPassHz, int order) {
  /** 0.075 Hz, two poles. */
  public static final CorrectionOptions DEFAULT = new CorrectionOptions(0.075, 2);

  public CorrectionOptions {
    if (!(highPassHz > 0) || Double.isInfinite(highPassHz)) {
      throw new IllegalArgumentException("high-pass corner must be positive Hz: " + highPassHz);
    }
    if (order < 1 || order > 8) {
      throw new IllegalArgumentException("high-pass order must be 1..8: " + order);
    }
  }
}
