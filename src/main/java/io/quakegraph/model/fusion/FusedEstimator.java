package io.quakegraph.model.fusion;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.model.Estimate;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.model.classical.ClassicalEstimator;
import io.quakegraph.model.classical.MagnitudeResult;
import io.quakegraph.model.classical.PhasePick;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code fused} method on an {@link EventSample}: the learned model's estimate for the same
 * graph as the prior, the classical picker's onsets available at the cut and the live stations
 * without one ({@link SourceFusion}), then the magnitude with the ML at the fused hypocentre
 * ({@link MagnitudeFusion}).
 *
 * <p>A station is live at the cut when its vertical was recorded in the last sample before it. Not
 * thread-safe (the picker's per-event cache, the fusion's buffers): one per thread.
 */
public final class FusedEstimator {
  /** The method's name in tables and JSON. */
  public static final String NAME = "fused";

  private final SourceFusion fusion;
  private final MagnitudeFusion magnitude;
  private final ClassicalEstimator picker;

  public FusedEstimator(SourceFusion fusion, MagnitudeFusion magnitude, ClassicalEstimator picker) {
    this.fusion = fusion;
    this.magnitude = magnitude;
    this.picker = picker;
  }

  /** The published settings: Hadley-Kanamori, default fusion, the classical picker. */
  public static FusedEstimator defaults() {
    return new FusedEstimator(
        SourceFusion.defaults(), new MagnitudeFusion(0.25), new ClassicalEstimator());
  }

  /** The fused estimate of {@code sample} at {@code cutMicros} from the network's {@code prior}. */
  public Estimate estimate(EventSample sample, long cutMicros, Estimate prior) {
    List<PhasePick> picks = picker.picksAt(sample, cutMicros);
    long ref = sample.windowStartMicros();
    double cutS = (cutMicros - ref) / 1e6;
    List<Arrival> arrivals = new ArrayList<>(picks.size());
    Set<Integer> picked = new HashSet<>();
    for (PhasePick p : picks) {
      StationWaveform w = sample.stations().get(p.station());
      arrivals.add(new Arrival(w.stationId(), w.latitude(), w.longitude(), p.onsetS()));
      picked.add(p.station());
    }
    int last = (int) Math.ceil(cutS * sample.sampleRate() - 1e-9) - 1;
    List<SourceFusion.Site> quiet = new ArrayList<>();
    for (int i = 0; i < sample.stations().size(); i++) {
      StationWaveform w = sample.stations().get(i);
      if (!picked.contains(i)
          && last >= 0
          && last < w.samples()
          && w.componentPresent()[0]
          && w.observed()[0][last]) {
        quiet.add(new SourceFusion.Site(w.latitude(), w.longitude()));
      }
    }
    Estimate located = fusion.fuse(prior, ref, cutS, arrivals, quiet);
    if (picks.isEmpty()) {
      return located;
    }
    MagnitudeResult ml =
        picker.magnitudeAt(
            sample,
            picks,
            located.latitude(),
            located.longitude(),
            located.depthKm(),
            (located.originMicros() - ref) / 1e6,
            cutMicros);
    double[] m =
        magnitude.fuse(
            prior.magnitude(),
            prior.sigmaMagnitude(),
            ml.ml(),
            ml.sigma(),
            ml.stations(),
            ml.afterS());
    return new Estimate(
        located.latitude(),
        located.longitude(),
        located.depthKm(),
        m[0],
        located.originMicros(),
        located.sigmaLatKm(),
        located.sigmaLonKm(),
        located.sigmaDepthKm(),
        m[1],
        located.sigmaOriginS());
  }
}
