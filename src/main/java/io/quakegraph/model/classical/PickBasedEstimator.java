package io.quakegraph.model.classical;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.model.Estimate;
import io.quakegraph.model.SourceEstimator;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The classical pipeline shared by {@link ClassicalEstimator} (STA/LTA picks) and {@link
 * OracleEstimator} (true arrival times): picks up to the cut → {@link GridSearchLocator} →
 * Hutton-Boore ML ({@link HuttonBooreMagnitude}) on the located hypocentre.
 *
 * <p>Fewer than four picks cannot fix four unknowns, and the rule is fixed and counted as it is:
 *
 * <ul>
 *   <li>1-3 picks ({@link ClassicalSolution.Status#FIRST_STATION}): epicentre at the station with
 *       the earliest pick, depth {@value #FALLBACK_DEPTH_KM} km, origin = that pick minus the P
 *       time straight up from that depth; σ {@value #FALLBACK_SIGMA_KM} km per horizontal axis,
 *       {@value #FALLBACK_SIGMA_DEPTH_KM} km in depth, {@value #FALLBACK_SIGMA_ORIGIN_S} s in
 *       origin time; ML as usual from that location.
 *   <li>no pick ({@link ClassicalSolution.Status#NO_PICKS}): nothing is detected, so latitude,
 *       longitude, depth, magnitude and every σ are NaN and the origin is the cut time; an
 *       evaluation must count these as failures (not drop them).
 * </ul>
 *
 * <p>After a location, the arrival with the largest residual is dropped and the event relocated
 * while that residual exceeds {@value #OUTLIER_RESIDUAL_S} s and more than four arrivals remain (a
 * noise trigger or an S taken for P); the solution's picks are those kept.
 *
 * <p>Per-event work (picks, Wood-Anderson traces) is cached for the most recent event, so calling
 * {@link #estimate} for several cut times of one event, or for station-dropout copies of it, picks
 * each station once; {@link #estimateAll} makes that explicit. The search region grows to cover
 * every station set seen (bounding box + {@value #REGION_MARGIN_DEG}°), and the locator's
 * per-station distance tables persist while it does. Not thread-safe: one instance per thread.
 */
public abstract sealed class PickBasedEstimator implements SourceEstimator
    permits ClassicalEstimator, OracleEstimator {
  static final double FALLBACK_DEPTH_KM = 10;
  static final double FALLBACK_SIGMA_KM = 20;
  static final double FALLBACK_SIGMA_DEPTH_KM = 8;
  static final double FALLBACK_SIGMA_ORIGIN_S = 3;
  static final double REGION_MARGIN_DEG = 0.6;
  static final double OUTLIER_RESIDUAL_S = 2.0;

  private final TravelTimes travelTimes;
  private final GridSearchLocator.Settings locatorSettings;
  private final StaLtaPicker.Settings pickerSettings;
  private final HuttonBooreMagnitude magnitude;
  private GridSearchLocator locator;
  private StaLtaPicker picker;
  private CausalWoodAnderson woodAnderson;
  private EventAnalysis analysis;

  PickBasedEstimator(
      TravelTimes travelTimes,
      StaLtaPicker.Settings pickerSettings,
      GridSearchLocator.Settings locatorSettings) {
    this.travelTimes = travelTimes;
    this.pickerSettings = pickerSettings;
    this.locatorSettings = locatorSettings;
    this.magnitude = new HuttonBooreMagnitude(travelTimes);
  }

  /** The picks of the sample available before {@code cutIndex} (cut time {@code cutS}). */
  abstract List<PhasePick> picks(
      EventSample sample, EventAnalysis analysis, int cutIndex, double cutS);

  @Override
  public Estimate estimate(EventSample sample, long cutMicros) {
    return solve(sample, cutMicros).estimate();
  }

  /** Estimates for several cut times of one event, picking every station once. */
  public List<Estimate> estimateAll(EventSample sample, long[] cutMicros) {
    List<Estimate> out = new ArrayList<>(cutMicros.length);
    for (long cut : cutMicros) {
      out.add(estimate(sample, cut));
    }
    return out;
  }

  /** The estimate with its picks, hypocentre and magnitude details. */
  public ClassicalSolution solve(EventSample sample, long cutMicros) {
    EventAnalysis a = analysisFor(sample);
    double cutS = (cutMicros - sample.windowStartMicros()) / 1e6;
    int cutIndex = cutIndex(sample, cutS);
    List<PhasePick> picks = new ArrayList<>(picks(sample, a, cutIndex, cutS));
    if (picks.isEmpty()) {
      Estimate none =
          new Estimate(
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              cutMicros,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN);
      return new ClassicalSolution(
          none, ClassicalSolution.Status.NO_PICKS, picks, Optional.empty(), MagnitudeResult.none());
    }
    List<Arrival> arrivals = new ArrayList<>(picks.size());
    for (PhasePick p : picks) {
      StationWaveform w = sample.stations().get(p.station());
      arrivals.add(new Arrival(w.stationId(), w.latitude(), w.longitude(), p.onsetS()));
    }
    GridSearchLocator loc = locatorFor(sample);
    Optional<Hypocentre> hypo = loc.locate(arrivals);
    // Outliers (a noise trigger, an S taken for P): drop the worst residual beyond
    // OUTLIER_RESIDUAL_S and relocate, while at least minArrivals remain.
    while (hypo.isPresent() && arrivals.size() > locatorSettings.minArrivals()) {
      double[] r = loc.residuals(arrivals, hypo.get());
      int worst = 0;
      for (int k = 1; k < r.length; k++) {
        if (Math.abs(r[k]) > Math.abs(r[worst])) {
          worst = k;
        }
      }
      if (Math.abs(r[worst]) <= OUTLIER_RESIDUAL_S) {
        break;
      }
      arrivals.remove(worst);
      picks.remove(worst);
      hypo = loc.locate(arrivals);
    }
    double lat;
    double lon;
    double depth;
    double originS;
    double[] sigma;
    ClassicalSolution.Status status;
    if (hypo.isPresent()) {
      Hypocentre h = hypo.get();
      lat = h.latitude();
      lon = h.longitude();
      depth = h.depthKm();
      originS = h.originS();
      sigma = new double[] {h.sigmaNorthKm(), h.sigmaEastKm(), h.sigmaDepthKm(), h.sigmaOriginS()};
      status = ClassicalSolution.Status.LOCATED;
    } else {
      PhasePick first = picks.stream().min(Comparator.comparingDouble(PhasePick::onsetS)).get();
      StationWaveform w = sample.stations().get(first.station());
      lat = w.latitude();
      lon = w.longitude();
      depth = FALLBACK_DEPTH_KM;
      originS = first.onsetS() - travelTimes.pSeconds(0, FALLBACK_DEPTH_KM);
      sigma =
          new double[] {
            FALLBACK_SIGMA_KM, FALLBACK_SIGMA_KM, FALLBACK_SIGMA_DEPTH_KM, FALLBACK_SIGMA_ORIGIN_S
          };
      status = ClassicalSolution.Status.FIRST_STATION;
    }
    MagnitudeResult ml = magnitude.estimate(sample, a, picks, lat, lon, depth, originS, cutIndex);
    Estimate e =
        new Estimate(
            lat,
            lon,
            depth,
            ml.ml(),
            sample.windowStartMicros() + Math.round(originS * 1e6),
            sigma[0],
            sigma[1],
            sigma[2],
            ml.sigma(),
            sigma[3]);
    return new ClassicalSolution(e, status, picks, hypo, ml);
  }

  /** The picks this method would locate with at {@code cutMicros} (before outlier removal). */
  public List<PhasePick> picksAt(EventSample sample, long cutMicros) {
    EventAnalysis a = analysisFor(sample);
    double cutS = (cutMicros - sample.windowStartMicros()) / 1e6;
    return List.copyOf(picks(sample, a, cutIndex(sample, cutS), cutS));
  }

  /**
   * Hutton-Boore ML from the given picks' stations at a hypocentre (origin in s from the window
   * start), with the data up to {@code cutMicros}.
   */
  public MagnitudeResult magnitudeAt(
      EventSample sample,
      List<PhasePick> picks,
      double lat,
      double lon,
      double depthKm,
      double originS,
      long cutMicros) {
    EventAnalysis a = analysisFor(sample);
    double cutS = (cutMicros - sample.windowStartMicros()) / 1e6;
    return magnitude.estimate(sample, a, picks, lat, lon, depthKm, originS, cutIndex(sample, cutS));
  }

  private static int cutIndex(EventSample sample, double cutS) {
    return (int)
        Math.max(0, Math.min(sample.samples(), Math.ceil(cutS * sample.sampleRate() - 1e-9)));
  }

  /** The STA/LTA picker for the sample's rate (rebuilt only when the rate changes). */
  StaLtaPicker pickerFor(double sampleRate) {
    if (picker == null || picker.sampleRate() != sampleRate) {
      picker = new StaLtaPicker(pickerSettings, sampleRate);
      woodAnderson = new CausalWoodAnderson(sampleRate);
      analysis = null;
    }
    return picker;
  }

  private EventAnalysis analysisFor(EventSample sample) {
    StaLtaPicker p = pickerFor(sample.sampleRate());
    if (analysis == null || !analysis.serves(sample)) {
      analysis = new EventAnalysis(sample, p, woodAnderson);
    }
    return analysis;
  }

  private GridSearchLocator locatorFor(EventSample sample) {
    SearchRegion need = SearchRegion.around(sample.stations(), REGION_MARGIN_DEG);
    if (locator == null) {
      locator = new GridSearchLocator(travelTimes, need, locatorSettings);
    } else if (!locator.region().contains(need)) {
      locator = new GridSearchLocator(travelTimes, locator.region().union(need), locatorSettings);
    }
    return locator;
  }

  /** The locator in use (null before the first located event). */
  GridSearchLocator locator() {
    return locator;
  }
}
