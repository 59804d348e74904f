package io.quakegraph.model.fusion;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.model.Estimate;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.model.classical.ClassicalEstimator;
import io.quakegraph.model.classical.MagnitudeResult;
import io.quakegraph.model.classical.PhasePick;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fused} method on an {@link EventSample}: the learned model's estimate for the same
 * graph as the prior, the stream's onsets at the cut and the live stations without one ({@link
 * SourceFusion}), then the magnitude with the ML at the fused hypocentre ({@link MagnitudeFusion}).
 *
 * <p>The onsets are the ones the job would fuse (its trigger, its association: {@link
 * StationOnsets}), not the classical picker's, so that the method evaluated offline is the one the
 * stream publishes. A station is live at the cut when its vertical was recorded in the last sample
 * before it, and quiet when it is live, its trigger is off and it has no onset in the event. Not
 * thread-safe (the ML's per-event cache, the fusion's buffers): one per thread.
 */
public final class FusedEstimator {
  /** The method's name in tables and JSON. */
  public static final String NAME = "fused";

  /**
   * What the stream knows of each station of a sample at a cut (in sample order).
   *
   * @param firstOnsetMicros the station's first onset in the event, epoch µs, {@link
   *     Long#MIN_VALUE} if none
   * @param triggered the station's trigger is on at the cut
   */
  public record StationOnsets(long[] firstOnsetMicros, boolean[] triggered) {}

  private final SourceFusion fusion;
  private final MagnitudeFusion magnitude;
  private final ClassicalEstimator amplitudes;

  /**
   * @param amplitudes the classical method, whose Wood-Anderson amplitudes give the ML evidence
   */
  public FusedEstimator(
      SourceFusion fusion, MagnitudeFusion magnitude, ClassicalEstimator amplitudes) {
    this.fusion = fusion;
    this.magnitude = magnitude;
    this.amplitudes = amplitudes;
  }

  /** The published settings: Hadley-Kanamori, default fusion, Hutton-Boore ML. */
  public static FusedEstimator defaults() {
    return new FusedEstimator(
        SourceFusion.defaults(), new MagnitudeFusion(0.25), new ClassicalEstimator());
  }

  /** The fused estimate of {@code sample} at {@code cutMicros} from the network's {@code prior}. */
  public Estimate estimate(
      EventSample sample, long cutMicros, Estimate prior, StationOnsets onsets) {
    long ref = sample.windowStartMicros();
    double cutS = (cutMicros - ref) / 1e6;
    int n = sample.stations().size();
    if (onsets.firstOnsetMicros().length != n || onsets.triggered().length != n) {
      throw new IllegalArgumentException("onsets for another station set");
    }
    List<Arrival> arrivals = new ArrayList<>();
    List<PhasePick> picks = new ArrayList<>();
    int last = (int) Math.ceil(cutS * sample.sampleRate() - 1e-9) - 1;
    List<SourceFusion.Site> quiet = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StationWaveform w = sample.stations().get(i);
      long on = onsets.firstOnsetMicros()[i];
      if (on != Long.MIN_VALUE && on <= cutMicros) {
        double onsetS = (on - ref) / 1e6;
        arrivals.add(new Arrival(w.stationId(), w.latitude(), w.longitude(), onsetS));
        int at = (int) Math.floor(onsetS * sample.sampleRate());
        picks.add(new PhasePick(i, w.stationId(), onsetS, onsetS, at, Double.NaN));
      } else if (!onsets.triggered()[i]
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
        amplitudes.magnitudeAt(
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
