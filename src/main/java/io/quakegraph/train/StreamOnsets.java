package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.model.CausalOnsets;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.StepGrid;
import io.quakegraph.model.classical.TriggerState;
import io.quakegraph.model.fusion.FusedEstimator;
import io.quakegraph.stream.AssociationState;
import io.quakegraph.stream.Associator;
import io.quakegraph.stream.EventState;
import io.quakegraph.stream.TriggerOnset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The onsets the job would fuse for the earthquake of an event sample at a cut time: the stream's
 * trigger replayed on the job's step grid ({@link CausalOnsets}), every new onset handed to the
 * job's {@link Associator} step by step as the head hands it, and each station's first onset in the
 * event that holds the most onsets at the cut ({@link EventState#firstOnsets}). So the {@code
 * fused} method of an evaluation locates with what the stream would have, not with a better picker
 * the stream does not run.
 *
 * <p>A station is live for the association's coverage test when its vertical was recorded in the
 * last sample before the step (the stream's node is live when its window holds signal; the two
 * differ only for a station whose data stop inside its window). Events are not closed here: an
 * evaluation's cuts end well within the job's event lifetime.
 *
 * <p>One instance per sample; steps already taken are kept, so cuts in any order cost one step each
 * after the first pass.
 */
public final class StreamOnsets {
  private final EventSample sample;
  private final CausalOnsets trigger;
  private final Associator associator;
  private final TreeMap<Long, Step> atStep = new TreeMap<>();

  /** The association and each station's last onset after a step. */
  private record Step(AssociationState state, long[] lastOnset, TriggerState[] triggers) {}

  /**
   * @param sample the event's stations
   * @param windowSamples W of the model (the stream's trigger sees the model window)
   * @param associator the job's association settings
   */
  public StreamOnsets(EventSample sample, int windowSamples, Associator associator) {
    this(sample, new CausalOnsets(sample, windowSamples), associator);
  }

  /** With the sample's trigger replay already made (it is shared with the model's features). */
  public StreamOnsets(EventSample sample, CausalOnsets trigger, Associator associator) {
    this.sample = sample;
    this.trigger = trigger;
    this.associator = associator;
  }

  /** The trigger replay of the sample (to share with a view of some of its stations). */
  public CausalOnsets trigger() {
    return trigger;
  }

  /** What the stream knows of each station at {@code cutMicros}, for the fusion. */
  public FusedEstimator.StationOnsets at(long cutMicros) {
    Step last = stepTo(cutMicros);
    int n = sample.stations().size();
    long[] first = new long[n];
    Arrays.fill(first, Long.MIN_VALUE);
    boolean[] on = new boolean[n];
    for (int i = 0; i < n; i++) {
      on[i] = last.triggers()[i].on();
    }
    EventState event = busiest(last.state(), cutMicros);
    if (event != null) {
      Map<String, TriggerOnset> firsts = event.firstOnsets(cutMicros);
      for (int i = 0; i < n; i++) {
        TriggerOnset p = firsts.get(sample.stations().get(i).stationId());
        if (p != null) {
          first[i] = p.onsetMicros();
        }
      }
    }
    return new FusedEstimator.StationOnsets(first, on);
  }

  /**
   * The onsets the model's pick features see at {@code cutMicros}, as the head gives them: each
   * station's current (or last) trigger onset, except one older than the event's first onset by
   * more than {@link EventState#FEATURE_ONSET_LEAD_MICROS} ({@link EventState#showsOnset}). Before
   * any event has formed (the job would not run the head yet) every onset is shown, as in training.
   */
  public long[] featureOnsets(long cutMicros) {
    Step last = stepTo(cutMicros);
    int n = sample.stations().size();
    long[] out = new long[n];
    EventState event = busiest(last.state(), cutMicros);
    for (int i = 0; i < n; i++) {
      long on = last.triggers()[i].onMicros();
      out[i] = event == null || event.showsOnset(on) ? on : Long.MIN_VALUE;
    }
    return out;
  }

  private synchronized Step stepTo(long cutMicros) {
    long step = CausalOnsets.STEP_MICROS;
    long firstStep = StepGrid.DEFAULT.atOrAfter(sample.windowStartMicros());
    long lastGrid = StepGrid.DEFAULT.before(cutMicros);
    var floor = atStep.floorEntry(lastGrid);
    Step s;
    long t;
    if (floor == null) {
      long[] none = new long[sample.stations().size()];
      Arrays.fill(none, Long.MIN_VALUE);
      s = new Step(AssociationState.empty(), none, null);
      t = firstStep;
    } else {
      s = floor.getValue();
      t = floor.getKey() + step;
    }
    for (; t <= lastGrid; t += step) {
      s = advance(s, t);
      atStep.put(t, s);
    }
    return advance(s, cutMicros);
  }

  private Step advance(Step before, long t) {
    TriggerState[] states = trigger.statesAt(t);
    long[] seen = before.lastOnset().clone();
    List<TriggerOnset> picks = new ArrayList<>();
    List<Associator.Site> live = new ArrayList<>();
    int last = GraphFeatures.visibleSamples(sample.windowStartMicros(), sample.sampleRate(), t) - 1;
    for (int i = 0; i < states.length; i++) {
      StationWaveform w = sample.stations().get(i);
      long on = states[i].onMicros();
      if (on != Long.MIN_VALUE && on != seen[i]) {
        seen[i] = on;
        picks.add(new TriggerOnset(w.stationId(), w.latitude(), w.longitude(), on));
      }
      if (last >= 0 && last < w.samples() && w.componentPresent()[0] && w.observed()[0][last]) {
        live.add(new Associator.Site(w.stationId(), w.latitude(), w.longitude()));
      }
    }
    return new Step(associator.step(before.state(), picks, t, live), seen, states);
  }

  /** The event with the most onsets by the cut (the earlier one on a tie), or null. */
  private static EventState busiest(AssociationState state, long cutMicros) {
    EventState best = null;
    int most = 0;
    for (EventState e : state.events()) {
      int k = e.firstOnsets(cutMicros).size();
      if (k > most
          || (k == most && best != null && e.firstOnsetMicros() < best.firstOnsetMicros())) {
        best = e;
        most = k;
      }
    }
    return best;
  }
}
