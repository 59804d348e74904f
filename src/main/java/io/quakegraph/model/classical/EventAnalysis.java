package io.quakegraph.model.classical;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-event work shared by every cut time of one event: each station's STA/LTA pick and its
 * causal Wood-Anderson horizontals, computed once on the whole window and then read up to each cut.
 *
 * <p>Both are causal (a pick carries the index of the last sample it used; the Wood-Anderson value
 * at a sample depends only on earlier samples), so reading them up to a cut gives exactly what
 * processing the data ending at the cut would give. Results are keyed by the identity of the {@link
 * StationWaveform}, so a copy of the sample with stations dropped (evaluation's station dropout)
 * reuses them, while a station whose data were replaced is processed afresh.
 */
final class EventAnalysis {
  private final String eventId;
  private final long windowStartMicros;
  private final StaLtaPicker picker;
  private final CausalWoodAnderson woodAnderson;
  private final Map<StationWaveform, StationWork> work = new IdentityHashMap<>();

  EventAnalysis(EventSample sample, StaLtaPicker picker, CausalWoodAnderson woodAnderson) {
    this.eventId = sample.eventId();
    this.windowStartMicros = sample.windowStartMicros();
    this.picker = picker;
    this.woodAnderson = woodAnderson;
  }

  /** Whether this analysis belongs to the sample's event (same id and window). */
  boolean serves(EventSample sample) {
    return sample.eventId().equals(eventId) && sample.windowStartMicros() == windowStartMicros;
  }

  /** The station's whole-window STA/LTA pick (station index as in the given sample). */
  Optional<PhasePick> pick(StationWaveform w, int stationIndex) {
    StationWork s = work.computeIfAbsent(w, k -> new StationWork());
    if (s.pick == null) {
      s.pick = picker.pick(w, stationIndex);
    }
    return s.pick.map(
        p ->
            p.station() == stationIndex
                ? p
                : new PhasePick(
                    stationIndex, p.stationId(), p.onsetS(), p.decisionS(), p.decisionIndex(),
                    p.snr()));
  }

  /**
   * Peak absolute Wood-Anderson amplitude (mm) of component {@code c} (1 = N, 2 = E) over samples
   * {@code [from, to)}; 0 when the component is absent or the span holds no recorded sample.
   */
  double peakWoodAndersonMm(StationWaveform w, int c, int from, int to) {
    if (!w.componentPresent()[c]) {
      return 0;
    }
    StationWork s = work.computeIfAbsent(w, k -> new StationWork());
    if (s.wa[c] == null) {
      s.wa[c] = woodAnderson.filter(w.velocity()[c]);
    }
    double[] wa = s.wa[c];
    boolean[] observed = w.observed()[c];
    double peak = 0;
    for (int i = Math.max(0, from); i < Math.min(to, wa.length); i++) {
      if (observed[i]) {
        peak = Math.max(peak, Math.abs(wa[i]));
      }
    }
    return peak;
  }

  private static final class StationWork {
    Optional<PhasePick> pick;
    final double[][] wa = new double[3][];
  }
}
