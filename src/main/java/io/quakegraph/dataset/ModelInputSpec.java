package io.quakegraph.dataset;

/**
 * What the model sees of one station: ground velocity on a fixed sample grid around an event.
 *
 * <p>The defaults and why:
 *
 * <ul>
 *   <li>{@code sampleRate} 50 Hz. The energy early warning uses (P onset, S amplitude, corner
 *       frequencies of M2.5-6.5 events) lies below about 20 Hz at local distances; 50 Hz keeps that
 *       band below the resampler's anti-alias corner and halves compute and storage against the
 *       100 Hz of HH? channels. It is also above the 40 Hz of many BH? channels, whose content stops
 *       at 20 Hz anyway, so broadband and high-rate stations carry the same band into the model.
 *   <li>{@code windowBeforeOriginS} 30 s, {@code windowAfterOriginS} 60 s. Early-warning training
 *       cuts windows ending 0.5-40 s after the first P arrival; for events in and around the network
 *       the first P comes a few seconds after the origin, so 60 s covers the latest cut with margin,
 *       and 30 s of pre-event noise leaves room for an encoder window ending at the earliest cut.
 *   <li>{@code conditioningPadS} 60 s. The instrument correction's causal high-pass (0.075 Hz) needs
 *       a few periods to forget the first sample; data that far before the window is corrected and
 *       discarded, so the window holds settled velocity. Only data that exists is used.
 *   <li>{@code maxGapFillS} 0.5 s. Gaps up to this long are interpolated (a few lost packets);
 *       longer gaps stay zero and are marked unobserved, so the model never sees invented signal.
 * </ul>
 *
 * @param sampleRate model sample rate, Hz
 * @param windowBeforeOriginS window start before the catalogue origin time, s
 * @param windowAfterOriginS window end after the origin time, s
 * @param conditioningPadS seconds of data before the window corrected only to settle filters, s
 * @param maxGapFillS longest gap filled by interpolation; longer gaps stay masked, s
 */
public record ModelInputSpec(
    double sampleRate,
    double windowBeforeOriginS,
    double windowAfterOriginS,
    double conditioningPadS,
    double maxGapFillS) {

  /** 50 Hz, 30 s before to 60 s after the origin, 60 s filter pad, gaps up to 0.5 s filled. */
  public static final ModelInputSpec DEFAULT = new ModelInputSpec(50.0, 30.0, 60.0, 60.0, 0.5);

  public ModelInputSpec {
    if (!(sampleRate > 0) || sampleRate > 1000) {
      throw new IllegalArgumentException("model sample rate must be in (0, 1000] Hz: " + sampleRate);
    }
    if (!(windowBeforeOriginS + windowAfterOriginS > 0)
        || !Double.isFinite(windowBeforeOriginS)
        || !Double.isFinite(windowAfterOriginS)) {
      throw new IllegalArgumentException(
          "window must have positive length: before "
              + windowBeforeOriginS
              + " s, after "
              + windowAfterOriginS
              + " s");
    }
    if (!(conditioningPadS >= 0) || !Double.isFinite(conditioningPadS)) {
      throw new IllegalArgumentException("conditioning pad must be >= 0 s: " + conditioningPadS);
    }
    if (!(maxGapFillS >= 0) || !Double.isFinite(maxGapFillS)) {
      throw new IllegalArgumentException("max gap fill must be >= 0 s: " + maxGapFillS);
    }
    long n = Math.round((windowBeforeOriginS + windowAfterOriginS) * sampleRate);
    if (n < 1 || n > 10_000_000) {
      throw new IllegalArgumentException("window of " + n + " samples is out of range");
    }
  }

  /** The same spec with another rate and window (pad and gap fill kept). */
  public ModelInputSpec withWindow(double rate, double beforeS, double afterS) {
    return new ModelInputSpec(rate, beforeS, afterS, conditioningPadS, maxGapFillS);
  }

  /** Samples per window: {@code round((before + after) * rate)}. */
  public int samples() {
    return (int) Math.round((windowBeforeOriginS + windowAfterOriginS) * sampleRate);
  }

  /** Window start for an event, epoch µs: origin minus {@code windowBeforeOriginS}. */
  public long windowStart(long originMicros) {
    return originMicros - Math.round(windowBeforeOriginS * 1e6);
  }

  /** End (exclusive) of a window starting at {@code windowStartMicros}: start + samples / rate. */
  public long windowEnd(long windowStartMicros) {
    return windowStartMicros + Math.round(samples() * 1e6 / sampleRate);
  }

  /** Padding before the window, µs. */
  public long padMicros() {
    return Math.round(conditioningPadS * 1e6);
  }

  /** A compact, stable text of the spec for provenance. */
  public String describe() {
    return "rate=%s Hz, before=%s s, after=%s s, pad=%s s, maxGapFill=%s s, samples=%d"
        .formatted(
            fmt(sampleRate),
            fmt(windowBeforeOriginS),
            fmt(windowAfterOriginS),
            fmt(conditioningPadS),
            fmt(maxGapFillS),
            samples());
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
