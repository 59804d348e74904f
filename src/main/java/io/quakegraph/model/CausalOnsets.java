package io.quakegraph.model;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.model.classical.StaLtaTrigger;
import io.quakegraph.model.classical.TriggerState;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The P onsets the stream's trigger would hold at a cut time, computed offline from an event
 * sample: {@link StaLtaTrigger} advanced as the job advances it, one step every {@link
 * #STEP_MICROS} (steps on the job's {@link StepGrid#DEFAULT}), each step seeing the model window of
 * {@code W} samples that ends at the step, and a last step to the cut itself.
 *
 * <p>One instance per sample; states are kept at every grid step reached, so cuts in any order cost
 * one step each after the first pass.
 */
public final class CausalOnsets {
  /** The job's default step (1 s). */
  public static final long STEP_MICROS = StepGrid.DEFAULT.stepMicros();

  private final EventSample sample;
  private final StaLtaTrigger trigger;
  private final int window;
  private final TreeMap<Long, TriggerState[]> atStep = new TreeMap<>();
  private final CausalOnsets parent;
  private final int[] indices;

  /**
   * @param sample the event's stations
   * @param windowSamples W of the model
   */
  public CausalOnsets(EventSample sample, int windowSamples) {
    this(sample, windowSamples, StaLtaTrigger.defaults());
  }

  CausalOnsets(EventSample sample, int windowSamples, StaLtaTrigger trigger) {
    this.sample = sample;
    this.window = windowSamples;
    this.trigger = trigger;
    this.parent = null;
    this.indices = null;
  }

  private CausalOnsets(CausalOnsets parent, EventSample view, int[] indices) {
    this.sample = view;
    this.window = parent.window;
    this.trigger = parent.trigger;
    this.parent = parent;
    this.indices = indices.clone();
  }

  /**
   * The onsets of a sample that keeps the stations {@code indices} of this one ({@code view}): each
   * station's trigger sees only its own data, so the replay is shared, not repeated.
   */
  public CausalOnsets subset(EventSample view, int[] indices) {
    if (view.stations().size() != indices.length) {
      throw new IllegalArgumentException("the view has another station count");
    }
    return new CausalOnsets(this, view, indices);
  }

  /**
   * Per station (in sample order): the onset of the current or last trigger at {@code cutMicros},
   * {@link Long#MIN_VALUE} if none.
   */
  public long[] at(long cutMicros) {
    TriggerState[] last = statesAt(cutMicros);
    long[] out = new long[last.length];
    for (int i = 0; i < last.length; i++) {
      out[i] = last[i].onMicros();
    }
    return out;
  }

  /** Per station (in sample order): the trigger's whole state at {@code cutMicros}. */
  public synchronized TriggerState[] statesAt(long cutMicros) {
    if (parent != null) {
      TriggerState[] all = parent.statesAt(cutMicros);
      TriggerState[] mine = new TriggerState[indices.length];
      for (int k = 0; k < indices.length; k++) {
        mine[k] = all[indices[k]];
      }
      return mine;
    }
    long firstStep = StepGrid.DEFAULT.atOrAfter(sample.windowStartMicros());
    long lastGrid = StepGrid.DEFAULT.before(cutMicros);
    var floor = atStep.floorEntry(lastGrid);
    long t;
    TriggerState[] states;
    if (floor == null) {
      states = new TriggerState[sample.stations().size()];
      Arrays.fill(states, TriggerState.initial());
      t = firstStep;
    } else {
      states = floor.getValue();
      t = floor.getKey() + STEP_MICROS;
    }
    for (; t <= lastGrid; t += STEP_MICROS) {
      states = advance(states, t);
      atStep.put(t, states);
    }
    return advance(states, cutMicros);
  }

  private TriggerState[] advance(TriggerState[] before, long t) {
    double rate = sample.sampleRate();
    int end = GraphFeatures.visibleSamples(sample.windowStartMicros(), rate, t);
    TriggerState[] after = before.clone();
    for (int i = 0; i < before.length; i++) {
      StationWaveform sw = sample.stations().get(i);
      int to = Math.min(end, sw.samples());
      int from = Math.max(0, end - window);
      if (to <= from) {
        continue;
      }
      long start = sample.windowStartMicros() + Math.round(from * 1e6 / rate);
      after[i] =
          trigger.advance(
              before[i],
              Arrays.copyOfRange(sw.velocity()[0], from, to),
              Arrays.copyOfRange(sw.observed()[0], from, to),
              start,
              rate);
    }
    return after;
  }
}
