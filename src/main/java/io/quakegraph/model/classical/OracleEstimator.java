package io.quakegraph.model.classical;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor for what picks can give ({@code oracle}): the classical pipeline fed the true first-P
 * times ({@link EventSample#firstP()}) of every station whose P arrived before the cut and whose
 * vertical was recorded at that moment, located by the same grid search (Laplace scale floor 0.02 s
 * instead of 0.05 s: the times are exact up to the travel-time grid). The magnitude is computed
 * exactly as for {@link ClassicalEstimator} (same Hutton-Boore rule, amplitudes from 0.5 s before
 * each station's P) but at the oracle's hypocentre, so the oracle isolates picking errors and does
 * not use the true magnitude or distance.
 */
public final class OracleEstimator extends PickBasedEstimator {
  static final double ORACLE_RESIDUAL_FLOOR_S = 0.02;

  /** The default locator in the simulator's Hadley-Kanamori model. */
  public OracleEstimator() {
    this(
        TravelTimes.hadleyKanamori(),
        GridSearchLocator.Settings.defaults().withResidualFloor(ORACLE_RESIDUAL_FLOOR_S));
  }

  public OracleEstimator(TravelTimes travelTimes, GridSearchLocator.Settings locatorSettings) {
    super(travelTimes, StaLtaPicker.Settings.defaults(), locatorSettings);
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  List<PhasePick> picks(EventSample sample, EventAnalysis analysis, int cutIndex, double cutS) {
    List<PhasePick> out = new ArrayList<>();
    double rate = sample.sampleRate();
    for (int i = 0; i < sample.stations().size(); i++) {
      double p = sample.firstP()[i];
      if (!(p < cutS)) {
        continue; // NaN (no arrival) or not yet arrived
      }
      StationWaveform w = sample.stations().get(i);
      int at = (int) Math.floor(p * rate);
      if (at < 0 || at >= w.samples() || !w.componentPresent()[0] || !w.observed()[0][at]) {
        continue; // a station with no data at its arrival could not have seen it
      }
      out.add(new PhasePick(i, w.stationId(), p, p, at, Double.POSITIVE_INFINITY));
    }
    return out;
  }
}
