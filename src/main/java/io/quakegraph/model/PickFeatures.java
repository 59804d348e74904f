package io.quakegraph.model;

/**
 * What a locator and an early-warning magnitude know about a station beyond its waveform shape: its
 * P onset from the causal trigger the stream runs, and the amplitude measures of on-site early
 * warning since that onset, on the vertical component of the window that ends at the cut.
 *
 * <p>The {@value #COUNT} features, each scaled to about [-3, 3]:
 *
 * <ol>
 *   <li>onset flag: 1 when the trigger has an onset at or before the cut, else 0 (and every other
 *       feature 0). A live station without an onset says the P has not reached it yet.
 *   <li>time since the onset, {@code (t - onset) / 10 s}; an onset older than {@value #MAX_AGE_S} s
 *       counts as none (the stream's trigger remembers its last onset for ever, an event sample
 *       starts 22 s before the origin, and both must mean the same): the relative arrival time
 *       across stations, which a window ending at {@code t} loses once the onset leaves it (after
 *       20.48 s for the nearest stations).
 *   <li>log10 Pd, peak displacement (m) since the onset, {@code (log10 Pd + 5) / 2}: velocity
 *       integrated from the onset and high-passed at {@value #PD_HIGH_PASS_HZ} Hz (Wu and Zhao
 *       2006, Kanamori 2005). Pd grows with magnitude and falls with distance.
 *   <li>log10 Pv, peak |velocity| (m/s) since the onset, {@code (log10 Pv + 5) / 2}.
 *   <li>log10 Pa, peak |acceleration| (m/s²) since the onset, {@code (log10 Pa + 3) / 2}.
 *   <li>log10 τc (s), {@code 2π √(Σu² / Σu̇²)} over the first {@value #TAU_C_S} s after the onset
 *       (Kanamori 2005): the period of the first P motion, which grows with magnitude and hardly
 *       with distance.
 * </ol>
 *
 * <p>Only the samples of the window are used, in the stream and offline alike: no state outside the
 * window, so the two paths compute the same numbers from the same window.
 */
public final class PickFeatures {
  /** Features per station. */
  public static final int COUNT = 6;

  /** Cap of the onset age, s (the early-warning regime ends at about 40 s after the first P). */
  public static final double MAX_AGE_S = 60.0;

  /** Corner of the displacement high-pass, Hz. */
  public static final double PD_HIGH_PASS_HZ = 0.075;

  /** Length of the τc window after the onset, s. */
  public static final double TAU_C_S = 3.0;

  private static final double AGE_SCALE_S = 10.0;
  private static final double FLOOR = 1e-12;

  private PickFeatures() {}

  /**
   * The features of a station as they would read {@code seconds} later with no new sample: only the
   * onset's age grows (and an onset that ages past {@value #MAX_AGE_S} s counts as none). The
   * amplitude measures stay, since nothing after the cut was seen.
   *
   * @param features one station's {@value #COUNT} features, as {@link #compute} wrote them
   * @param seconds how much later, s (>= 0)
   * @return a new array; {@code features} is not changed
   */
  public static float[] aged(float[] features, double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("age by a negative time: " + seconds);
    }
    float[] out = features.clone();
    if (out[0] != 1f) {
      return out;
    }
    double age = out[1] * AGE_SCALE_S + seconds;
    if (age > MAX_AGE_S) {
      java.util.Arrays.fill(out, 0f);
      return out;
    }
    out[1] = (float) (age / AGE_SCALE_S);
    return out;
  }

  /**
   * Writes the features of one station into {@code out[offset .. offset + COUNT)}.
   *
   * @param z vertical velocity of the window, m/s
   * @param observed which samples were recorded (others count as zero)
   * @param rate sample rate, Hz
   * @param startMicros time of {@code z[0]}
   * @param cutMicros the cut t (the window's last sample is at or before it)
   * @param onsetMicros the trigger's onset, {@link Long#MIN_VALUE} if none
   */
  public static void compute(
      float[] z,
      boolean[] observed,
      double rate,
      long startMicros,
      long cutMicros,
      long onsetMicros,
      float[] out,
      int offset) {
    java.util.Arrays.fill(out, offset, offset + COUNT, 0f);
    if (onsetMicros == Long.MIN_VALUE
        || onsetMicros > cutMicros
        || cutMicros - onsetMicros > MAX_AGE_S * 1e6) {
      return;
    }
    out[offset] = 1f;
    double age = (cutMicros - onsetMicros) / 1e6;
    out[offset + 1] = (float) (age / AGE_SCALE_S);
    int n = z.length;
    int k0 = (int) Math.max(0, Math.ceil((onsetMicros - startMicros) * rate / 1e6 - 1e-6));
    if (k0 >= n) {
      out[offset + 2] = scaled(FLOOR, 5);
      out[offset + 3] = scaled(FLOOR, 5);
      out[offset + 4] = scaled(FLOOR, 3);
      return;
    }
    double dt = 1.0 / rate;
    // one-pole high-pass of the running integral: y[j] = a (y[j-1] + x[j] - x[j-1])
    double rc = 1.0 / (2 * Math.PI * PD_HIGH_PASS_HZ);
    double a = rc / (rc + dt);
    int tauEnd = Math.min(n, k0 + (int) Math.round(TAU_C_S * rate));
    double integral = 0;
    double prevIntegral = 0;
    double u = 0;
    double prevV = 0;
    double pd = 0;
    double pv = 0;
    double pa = 0;
    double sumU2 = 0;
    double sumV2 = 0;
    for (int j = k0; j < n; j++) {
      double v = observed[j] ? z[j] : 0.0;
      integral += v * dt;
      u = j == k0 ? 0 : a * (u + integral - prevIntegral);
      prevIntegral = integral;
      pd = Math.max(pd, Math.abs(u));
      pv = Math.max(pv, Math.abs(v));
      if (j > k0) {
        pa = Math.max(pa, Math.abs(v - prevV) * rate);
      }
      prevV = v;
      if (j < tauEnd) {
        sumU2 += u * u;
        sumV2 += v * v;
      }
    }
    out[offset + 2] = scaled(pd, 5);
    out[offset + 3] = scaled(pv, 5);
    out[offset + 4] = scaled(pa, 3);
    double tauC = sumV2 > 0 && sumU2 > 0 ? 2 * Math.PI * Math.sqrt(sumU2 / sumV2) : 0.01;
    out[offset + 5] = (float) Math.log10(Math.max(0.01, Math.min(100, tauC)));
  }

  private static float scaled(double x, double centre) {
    return (float) ((Math.log10(Math.max(FLOOR, x)) + centre) / 2.0);
  }
}
