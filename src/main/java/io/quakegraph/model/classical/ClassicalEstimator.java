package io.quakegraph.model.classical;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.List;

/**
 * The classical early-warning baseline ({@code classical}): STA/LTA first-P picks ({@link
 * StaLtaPicker}) made before the cut → L1 grid search in the Hadley-Kanamori 1-D model ({@link
 * GridSearchLocator}) → Hutton and Boore ML ({@link HuttonBooreMagnitude}); fallbacks for fewer
 * than four picks as in {@link PickBasedEstimator}.
 */
public final class ClassicalEstimator extends PickBasedEstimator {

  /** Default picker and locator in the simulator's Hadley-Kanamori model. */
  public ClassicalEstimator() {
    this(
        TravelTimes.hadleyKanamori(),
        StaLtaPicker.Settings.defaults(),
        GridSearchLocator.Settings.defaults());
  }

  public ClassicalEstimator(
      TravelTimes travelTimes,
      StaLtaPicker.Settings pickerSettings,
      GridSearchLocator.Settings locatorSettings) {
    super(travelTimes, pickerSettings, locatorSettings);
  }

  @Override
  public String name() {
    return "classical";
  }

  /**
   * Every station's whole-window pick (cached per event), filtered to those decided before the cut.
   */
  @Override
  List<PhasePick> picks(EventSample sample, EventAnalysis analysis, int cutIndex, double cutS) {
    List<PhasePick> out = new ArrayList<>();
    for (int i = 0; i < sample.stations().size(); i++) {
      analysis
          .pick(sample.stations().get(i), i)
          .filter(p -> p.availableBefore(cutIndex))
          .ifPresent(out::add);
    }
    return out;
  }
}
