package io.quakegraph.model;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an event sample and a cut time {@code t} into one graph of model input ({@link
 * GraphInput}): plain float arrays, no DJL.
 *
 * <p>Per station: the {@code W = spec.windowSamples()} samples whose time stamps are at or before
 * {@code t} (sample {@code i} is at {@code windowStart + i / rate}), so nothing recorded after the
 * cut is ever read. Window parts before the sample's data, and samples marked unobserved, are zero.
 * Each trace is divided by the station's peak |v| over the three components in the window, and
 * {@code log10(peak)} is kept separately, because the shape of the record carries the phases while
 * magnitude needs the absolute amplitude. A station is live when it has at least one observed,
 * non-zero sample in the window; a dead one has zero waveforms, {@link #LOG_PEAK_FLOOR} and {@code
 * live = 0}.
 */
public final class GraphFeatures {
  /** log10 peak velocity (m/s) given to stations with no signal: well below ambient noise. */
  public static final float LOG_PEAK_FLOOR = -10f;

  /** Elevation scale: km / 3, so station elevations (0-3 km) are about [0, 1]. */
  public static final double ELEVATION_KM_PER_UNIT = 3.0;

  private GraphFeatures() {}

  /**
   * The graph of {@code sample} cut at {@code cutMicros}, with every station of the sample; a v2
   * spec's onsets come from the stream's trigger replayed over the sample ({@link CausalOnsets}).
   */
  public static GraphInput build(EventSample s, long cutMicros, ModelSpec spec) {
    return build(
        s,
        cutMicros,
        spec,
        spec.usesPicks() ? new CausalOnsets(s, spec.windowSamples()).at(cutMicros) : null);
  }

  /**
   * The graph of {@code sample} cut at {@code cutMicros} with the onsets {@link CausalOnsets} holds
   * for that cut (one instance per sample, reused across cuts).
   */
  public static GraphInput build(
      EventSample s, long cutMicros, ModelSpec spec, CausalOnsets onsets) {
    return build(s, cutMicros, spec, spec.usesPicks() ? onsets.at(cutMicros) : null);
  }

  /**
   * The graph of {@code sample} cut at {@code cutMicros}, given each station's trigger onset at the
   * cut ({@link Long#MIN_VALUE} if none; ignored, and may be null, for a v1 spec). The stream
   * passes its own trigger's onset.
   */
  public static GraphInput build(
      EventSample s, long cutMicros, ModelSpec spec, long[] onsetMicros) {
    if (Math.abs(s.sampleRate() - spec.sampleRate()) > 1e-9 * spec.sampleRate()) {
      throw new IllegalArgumentException(
          "sample %s is at %s Hz, the model at %s Hz"
              .formatted(s.eventId(), s.sampleRate(), spec.sampleRate()));
    }
    List<StationWaveform> st = s.stations();
    int n = st.size();
    int w = spec.windowSamples();
    int end = visibleSamples(s.windowStartMicros(), s.sampleRate(), cutMicros);
    float[] wave = new float[n * 3 * w];
    float[] logPeak = new float[n];
    float[] coords = new float[n * 3];
    float[] live = new float[n];
    String[] ids = new String[n];
    int p = spec.pickFeatures();
    float[] picks = new float[n * p];
    NetworkFrame frame = spec.frame();
    for (int i = 0; i < n; i++) {
      StationWaveform sw = st.get(i);
      ids[i] = sw.stationId();
      coords[3 * i] = (float) frame.normLat(sw.latitude());
      coords[3 * i + 1] = (float) frame.normLon(sw.longitude());
      coords[3 * i + 2] = (float) (sw.elevationM() / 1000.0 / ELEVATION_KM_PER_UNIT);
      int total = sw.samples();
      int from = Math.max(0, end - w);
      int to = Math.min(end, total);
      double peak = 0;
      for (int c = 0; c < 3; c++) {
        float[] v = sw.velocity()[c];
        boolean[] obs = sw.observed()[c];
        int base = (i * 3 + c) * w - (end - w);
        for (int j = from; j < to; j++) {
          if (obs[j]) {
            wave[base + j] = v[j];
            peak = Math.max(peak, Math.abs(v[j]));
          }
        }
      }
      if (p > 0 && peak > 0 && Double.isFinite(peak)) {
        int zFrom = i * 3 * w;
        float[] z = Arrays.copyOfRange(wave, zFrom, zFrom + w);
        boolean[] zObs = new boolean[w];
        boolean[] obs = sw.observed()[0];
        for (int j = from; j < to; j++) {
          zObs[j - (end - w)] = obs[j];
        }
        long zStart = s.windowStartMicros() + Math.round((end - w) * 1e6 / s.sampleRate());
        PickFeatures.compute(
            z, zObs, s.sampleRate(), zStart, cutMicros, onsetMicros[i], picks, i * p);
      }
      if (peak > 0 && Double.isFinite(peak)) {
        float inv = (float) (1.0 / peak);
        for (int j = i * 3 * w; j < (i + 1) * 3 * w; j++) {
          wave[j] *= inv;
        }
        logPeak[i] = (float) Math.max(LOG_PEAK_FLOOR, Math.log10(peak));
        live[i] = 1f;
      } else {
        Arrays.fill(wave, i * 3 * w, (i + 1) * 3 * w, 0f);
        logPeak[i] = LOG_PEAK_FLOOR;
      }
    }
    return new GraphInput(s.eventId(), cutMicros, n, wave, logPeak, coords, live, ids, picks);
  }

  /**
   * Number of samples at or before {@code cutMicros} on a grid starting at {@code startMicros} (may
   * exceed the data length, or be zero or negative before the start).
   */
  public static int visibleSamples(long startMicros, double rate, long cutMicros) {
    double pos = (cutMicros - startMicros) * rate / 1e6;
    // Tolerance: a cut exactly on a sample's stamp sees that sample despite rounding.
    return (int) Math.floor(pos + 1e-6) + 1;
  }

  /** The same graph keeping only the given stations, in the given order. */
  public static GraphInput subset(GraphInput in, int[] indices) {
    int w = in.windowSamples();
    int n = indices.length;
    float[] wave = new float[n * 3 * w];
    float[] logPeak = new float[n];
    float[] coords = new float[n * 3];
    float[] live = new float[n];
    String[] ids = new String[n];
    int p = in.pickCount();
    float[] picks = new float[n * p];
    for (int k = 0; k < n; k++) {
      int i = indices[k];
      System.arraycopy(in.picks(), i * p, picks, k * p, p);
      System.arraycopy(in.waveforms(), i * 3 * w, wave, k * 3 * w, 3 * w);
      logPeak[k] = in.logPeak()[i];
      System.arraycopy(in.coords(), 3 * i, coords, 3 * k, 3);
      live[k] = in.live()[i];
      ids[k] = in.stationIds()[i];
    }
    return new GraphInput(in.eventId(), in.cutMicros(), n, wave, logPeak, coords, live, ids, picks);
  }

  /**
   * The same graph with the stations where {@code drop[i]} is true masked out (live 0, waveforms
   * zero, log peak at the floor): station dropout in training, a dead station in evaluation.
   */
  public static GraphInput mask(GraphInput in, boolean[] drop) {
    if (drop.length != in.stations()) {
      throw new IllegalArgumentException(drop.length + " flags for " + in.stations() + " stations");
    }
    int w = in.windowSamples();
    float[] wave = in.waveforms().clone();
    float[] logPeak = in.logPeak().clone();
    float[] live = in.live().clone();
    float[] picks = in.picks().clone();
    int p = in.pickCount();
    for (int i = 0; i < drop.length; i++) {
      if (drop[i]) {
        Arrays.fill(picks, i * p, (i + 1) * p, 0f);
        Arrays.fill(wave, i * 3 * w, (i + 1) * 3 * w, 0f);
        logPeak[i] = LOG_PEAK_FLOOR;
        live[i] = 0f;
      }
    }
    return new GraphInput(
        in.eventId(),
        in.cutMicros(),
        in.stations(),
        wave,
        logPeak,
        in.coords().clone(),
        live,
        in.stationIds().clone(),
        picks);
  }
}
