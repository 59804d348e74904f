package io.quakegraph.model.classical;

import io.quakegraph.seismic.Butterworth;
import java.io.Serializable;

/**
 * A station's streaming P trigger: recursive STA/LTA of the squared vertical velocity band-passed
 * 1-10 Hz (the band of {@link io.quakegraph.model.classical.StaLtaPicker}, where local P onsets
 * stand out of microseism and cultural noise), fed at each step with the samples that are new since
 * the previous step.
 *
 * <p>Recursive (exponential) averages rather than boxcar windows: the state is two numbers, so it
 * fits a small {@link TriggerState} in Flink state instead of a sample buffer. The band-pass runs
 * over the whole step window each time (its start transient is 20 s before the new samples, long
 * decayed), so it needs no state either. Unobserved samples (gaps) are skipped, so a gap followed
 * by data is not an onset. The trigger turns on when STA/LTA exceeds {@code onRatio} after {@code
 * warmUpS} of warm-up, and off when it falls below {@code offRatio}.
 *
 * <p>When a station's data start (the job starts, or the station comes back after its state
 * expired), the conditioning filters ring for a few seconds, on every station at the same moment:
 * the first {@code settleS} are skipped, and the averages are plain running means until they have
 * the samples of one time constant, so the start of a stream is not a network-wide onset. The
 * warm-up is shorter than the LTA's time constant: a few seconds of noise already fix its level
 * well enough for a ratio of 4 (a 3 s mean of 1-10 Hz noise scatters by ~20 %), and an archive's
 * event files often start only 10-20 s before the first P (the La Verne M4.4's nearest station,
 * CE.23178, 13 km away, has 13 s: with a 10 s warm-up after the settling its P came too early and
 * it triggered on its S).
 *
 * @param staS short-term time constant, s
 * @param ltaS long-term time constant and warm-up, s
 * @param onRatio trigger-on ratio
 * @param offRatio trigger-off ratio
 * @param lowHz band-pass low corner, Hz
 * @param highHz band-pass high corner, Hz
 * @param settleS data skipped at the start of a station's stream, s
 * @param warmUpS data after the settling before the trigger may turn on, s
 */
public record StaLtaTrigger(
    double staS,
    double ltaS,
    double onRatio,
    double offRatio,
    double lowHz,
    double highHz,
    double settleS,
    double warmUpS)
    implements Serializable {
  private static final double AIC_BEFORE_S = StaLtaPicker.Settings.defaults().aicBeforeS();
  private static final double AIC_AFTER_S = StaLtaPicker.Settings.defaults().aicAfterS();

  /**
   * STA 0.5 s, LTA 10 s, on at 4, off below 1.5, 1-10 Hz: the classical picker's settings; the
   * first 5 s of a station's data are skipped, and 3 s more before it may trigger.
   */
  public static StaLtaTrigger defaults() {
    return new StaLtaTrigger(0.5, 10.0, 4.0, 1.5, 1.0, 10.0, 5.0, 3.0);
  }

  public StaLtaTrigger {
    if (!(staS > 0)
        || !(ltaS > staS)
        || !(onRatio > offRatio)
        || !(offRatio > 0)
        || !(settleS >= 0)
        || !(warmUpS > staS)) {
      throw new IllegalArgumentException("bad STA/LTA settings");
    }
  }

  /**
   * Feeds the samples of {@code z} later than {@code state.lastMicros()} into the trigger.
   *
   * @param state the state after the previous step
   * @param z vertical velocity on the model grid
   * @param observed which samples were recorded
   * @param startMicros time of {@code z[0]}
   * @param rate sample rate, Hz
   * @return the state after the last sample of {@code z}
   */
  public TriggerState advance(
      TriggerState state, float[] z, boolean[] observed, long startMicros, double rate) {
    int n = z.length;
    double highHz = Math.min(this.highHz, 0.45 * rate);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = observed[i] ? z[i] : 0.0;
    }
    double[] f = Butterworth.bandPass(2, lowHz, highHz, rate).filterInitialized(x);
    double aSta = 1.0 / Math.max(1.0, staS * rate);
    double aLta = 1.0 / Math.max(1.0, ltaS * rate);
    long settle = Math.round(settleS * rate);
    long warmUp = settle + Math.round(warmUpS * rate);
    double sta = state.sta();
    double lta = state.lta();
    long seen = state.samples();
    boolean on = state.on();
    long onMicros = state.onMicros();
    long last = state.lastMicros();
    for (int i = 0; i < n; i++) {
      long ti = startMicros + Math.round(i * 1e6 / rate);
      if (ti <= state.lastMicros() || !observed[i]) {
        continue;
      }
      seen++;
      last = ti;
      if (seen <= settle) {
        continue; // the conditioning's start-up transient: neither noise nor signal
      }
      double e = f[i] * f[i];
      // Plain running means until the exponential ones have their memory: an exponential
      // average started from one sample is biased by that sample for a whole time constant.
      long k = seen - settle;
      sta += Math.max(aSta, 1.0 / k) * (e - sta);
      lta += Math.max(aLta, 1.0 / k) * (e - lta);
      double ratio = lta > 0 ? sta / lta : 0;
      if (!on && seen >= warmUp && ratio >= onRatio) {
        on = true;
        onMicros = startMicros + Math.round(onset(f, observed, i, rate) * 1e6 / rate);
      } else if (on && ratio < offRatio) {
        on = false;
      }
    }
    return new TriggerState(sta, lta, seen, on, onMicros, last);
  }

  /**
   * The onset of a trigger at sample {@code trigger}: Maeda's AIC minimum over the filtered trace
   * from the classical picker's AIC window before it to its window after it (as far as the step's
   * window goes), as {@link StaLtaPicker} refines its picks. The trigger itself lags the onset by
   * the time the short-term average needs to rise, which grows with distance as first motions get
   * emergent.
   */
  private static int onset(double[] f, boolean[] observed, int trigger, double rate) {
    int from = trigger;
    int before = (int) Math.round(AIC_BEFORE_S * rate);
    while (from > 0 && trigger - from < before && observed[from - 1]) {
      from--;
    }
    int to = trigger;
    int after = (int) Math.round(AIC_AFTER_S * rate);
    while (to < f.length - 1 && to - trigger < after && observed[to + 1]) {
      to++;
    }
    return StaLtaPicker.aicOnset(f, from, to, trigger);
  }
}
