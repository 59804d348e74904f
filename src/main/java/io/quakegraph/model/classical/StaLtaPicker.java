package io.quakegraph.model.classical;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.seismic.Butterworth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * First-P picker: the recursive STA/LTA trigger of Allen (1978) in the recursive form of Withers et
 * al. (1998) on the band-passed vertical velocity, with the onset refined by the AIC picker of
 * Maeda (1985).
 *
 * <p>Steps for one station:
 *
 * <ol>
 *   <li>Causal band-pass (Butterworth, default 1-10 Hz, 4 poles) of the vertical velocity, started
 *       in the steady state of the first sample. Causal, so the filtered sample {@code i} depends
 *       only on samples {@code <= i}.
 *   <li>Characteristic function: the squared filtered velocity (energy). STA and LTA are
 *       exponential averages with time constants {@code staS} and {@code ltaS}; during the first
 *       {@code ltaS} seconds after the start or after a gap each is the plain running mean of the
 *       energies so far, so the ratio is not inflated by a half-filled LTA, and no trigger is
 *       allowed before the LTA has seen {@code ltaS} seconds of data. Unrecorded samples (gaps, a
 *       masked station) reset both averages.
 *   <li>Trigger: a sample where {@code STA > triggerRatio * LTA}.
 *   <li>Onset: the minimum of Maeda's AIC, {@code AIC(k) = k log var(x[0..k]) + (N-k-1) log
 *       var(x[k+1..N))}, over the filtered trace from {@code aicBeforeS} before the trigger to
 *       {@code aicAfterS} after it (never later than the trigger). The pick's decision sample is
 *       the end of that window: the pick exists for cut times after it.
 *   <li>Quality: the RMS of the filtered trace from the onset to the decision sample over its RMS
 *       in the 2 s before the onset. A trigger below {@code minSnr} is rejected (noise bursts reach
 *       an STA/LTA of 4 with an SNR near 2, clear first arrivals are far above), and the search
 *       goes on once the ratio has fallen below {@code detriggerRatio}.
 * </ol>
 *
 * <p>The first accepted trigger of a station is its pick: this is a single-event early-warning
 * picker, and a later trigger on the same station is usually the S wave.
 */
public final class StaLtaPicker {

  /**
   * Picker settings.
   *
   * @param staS short-term average time constant, s
   * @param ltaS long-term average time constant (and warm-up), s
   * @param triggerRatio STA/LTA ratio that declares a trigger
   * @param detriggerRatio ratio below which a rejected trigger re-arms the trigger
   * @param minSnr smallest accepted pick quality (see the class comment)
   * @param lowHz band-pass low corner, Hz
   * @param highHz band-pass high corner, Hz
   * @param order Butterworth prototype order (the band-pass has twice as many poles)
   * @param aicBeforeS AIC window start before the trigger, s
   * @param aicAfterS AIC window end after the trigger (the decision delay), s
   */
  public record Settings(
      double staS,
      double ltaS,
      double triggerRatio,
      double detriggerRatio,
      double minSnr,
      double lowHz,
      double highHz,
      int order,
      double aicBeforeS,
      double aicAfterS) {

    public Settings {
      if (!(staS > 0) || !(ltaS > staS)) {
        throw new IllegalArgumentException("need 0 < STA < LTA: " + staS + ", " + ltaS);
      }
      if (!(triggerRatio > 1) || !(detriggerRatio < triggerRatio)) {
        throw new IllegalArgumentException(
            "need trigger ratio > 1 and detrigger < trigger: "
                + triggerRatio
                + ", "
                + detriggerRatio);
      }
      if (!(aicBeforeS > 0) || !(aicAfterS >= 0)) {
        throw new IllegalArgumentException(
            "AIC window must start before the trigger: " + aicBeforeS + ", " + aicAfterS);
      }
    }

    /**
     * STA 0.5 s, LTA 10 s, trigger 4, re-arm below 1.5, SNR >= 4, 1-10 Hz 4-pole band-pass, AIC
     * from -2.5 s to +0.25 s.
     */
    public static Settings defaults() {
      return new Settings(0.5, 10.0, 4.0, 1.5, 4.0, 1.0, 10.0, 2, 2.5, 0.25);
    }
  }

  private final Settings settings;
  private final double sampleRate;
  private final Butterworth bandPass;
  private final int nSta;
  private final int nLta;
  private final int nBefore;
  private final int nAfter;
  private final int nNoise;

  public StaLtaPicker(Settings settings, double sampleRate) {
    this.settings = settings;
    this.sampleRate = sampleRate;
    this.bandPass =
        Butterworth.bandPass(settings.order(), settings.lowHz(), settings.highHz(), sampleRate);
    this.nSta = Math.max(1, (int) Math.round(settings.staS() * sampleRate));
    this.nLta = Math.max(nSta + 1, (int) Math.round(settings.ltaS() * sampleRate));
    this.nBefore = Math.max(2, (int) Math.round(settings.aicBeforeS() * sampleRate));
    this.nAfter = (int) Math.round(settings.aicAfterS() * sampleRate);
    this.nNoise = Math.max(2, (int) Math.round(2.0 * sampleRate));
  }

  public Settings settings() {
    return settings;
  }

  public double sampleRate() {
    return sampleRate;
  }

  /** The first-P pick of every station of the sample that has one, over the whole window. */
  public List<PhasePick> pickAll(EventSample sample) {
    checkRate(sample.sampleRate());
    List<PhasePick> picks = new ArrayList<>();
    for (int i = 0; i < sample.stations().size(); i++) {
      pick(sample.stations().get(i), i).ifPresent(picks::add);
    }
    return picks;
  }

  /** The first-P pick of one station over its whole window, if it triggers. */
  public Optional<PhasePick> pick(StationWaveform w, int stationIndex) {
    if (!w.componentPresent()[0]) {
      return Optional.empty();
    }
    float[] z = w.velocity()[0];
    boolean[] observed = w.observed()[0];
    int n = z.length;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = z[i];
    }
    x = bandPass.filterInitialized(x);
    // Recursive STA/LTA (Withers 1998); running means until each average has its full memory.
    double sta = 0;
    double lta = 0;
    int seen = 0; // samples since the start or the last unrecorded sample
    boolean armed = true;
    for (int i = 0; i < n; i++) {
      if (!observed[i]) {
        seen = 0;
        sta = 0;
        lta = 0;
        armed = true;
        continue;
      }
      double e = x[i] * x[i];
      seen++;
      sta += (e - sta) / Math.min(seen, nSta);
      lta += (e - lta) / Math.min(seen, nLta);
      if (seen < nLta || !(lta > 0)) {
        continue;
      }
      if (!armed) {
        armed = sta < settings.detriggerRatio() * lta;
        continue;
      }
      if (sta > settings.triggerRatio() * lta) {
        PhasePick p = refine(w, stationIndex, x, observed, i);
        if (p != null && p.snr() >= settings.minSnr()) {
          return Optional.of(p);
        }
        armed = false;
      }
    }
    return Optional.empty();
  }

  /**
   * Onset, decision sample and quality of a trigger at {@code trigger}; null when the samples up to
   * {@code aicAfterS} after it were not all recorded (the end of the data, a gap): a pick is only
   * made once its whole window exists, so it is the same whenever the data end later.
   */
  private PhasePick refine(
      StationWaveform w, int stationIndex, double[] x, boolean[] observed, int trigger) {
    int n = x.length;
    // The AIC window stays inside the recorded stretch the trigger belongs to.
    int from = trigger;
    while (from > 0 && trigger - from < nBefore && observed[from - 1]) {
      from--;
    }
    int to = trigger + nAfter;
    if (to >= n) {
      return null;
    }
    for (int i = trigger + 1; i <= to; i++) {
      if (!observed[i]) {
        return null;
      }
    }
    int onset = aicOnset(x, from, to, trigger);
    double snr = snr(x, onset, to);
    return new PhasePick(stationIndex, w.stationId(), onset / sampleRate, to / sampleRate, to, snr);
  }

  /** Maeda's AIC minimum over x[from..to] (inclusive), not later than {@code latest}. */
  public static int aicOnset(double[] x, int from, int to, int latest) {
    int len = to - from + 1;
    if (len < 4) {
      return latest;
    }
    double[] s1 = new double[len + 1];
    double[] s2 = new double[len + 1];
    for (int k = 0; k < len; k++) {
      double v = x[from + k];
      s1[k + 1] = s1[k] + v;
      s2[k + 1] = s2[k] + v * v;
    }
    int best = latest;
    double bestAic = Double.POSITIVE_INFINITY;
    int last = Math.min(len - 2, latest - from);
    for (int k = 1; k <= last; k++) {
      // Segment before: samples 0..k (k + 1 values); after: k + 1..len - 1.
      int na = k + 1;
      int nb = len - na;
      double va = variance(s1[na], s2[na], na);
      double vb = variance(s1[len] - s1[na], s2[len] - s2[na], nb);
      double aic = na * Math.log(va) + nb * Math.log(vb);
      if (aic < bestAic) {
        bestAic = aic;
        best = from + k;
      }
    }
    return best;
  }

  private static double variance(double sum, double sumSq, int n) {
    double mean = sum / n;
    // A floor keeps log finite on an exactly flat stretch (zeros of a masked start).
    return Math.max(sumSq / n - mean * mean, 1e-30);
  }

  private double snr(double[] x, int onset, int to) {
    double signal = rms(x, onset, to + 1);
    double noise = rms(x, Math.max(0, onset - nNoise), onset);
    return noise > 0 ? signal / noise : Double.POSITIVE_INFINITY;
  }

  private static double rms(double[] x, int from, int to) {
    if (to <= from) {
      return 0;
    }
    double s = 0;
    for (int i = from; i < to; i++) {
      s += x[i] * x[i];
    }
    return Math.sqrt(s / (to - from));
  }

  private void checkRate(double rate) {
    if (Math.abs(rate - sampleRate) > 1e-9 * sampleRate) {
      throw new IllegalArgumentException(
          "picker built for " + sampleRate + " Hz, sample at " + rate + " Hz");
    }
  }
}
