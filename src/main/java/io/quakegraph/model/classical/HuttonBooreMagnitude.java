package io.quakegraph.model.classical;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.seismic.LocalMagnitude;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Event ML after Hutton and Boore (1987) ({@link LocalMagnitude}) from the picked stations' data up
 * to a cut time.
 *
 * <p>For each picked station, each present horizontal component gives {@code
 * LocalMagnitude.huttonBoore(A, r)} with {@code A} the peak causal Wood-Anderson amplitude from 0.5
 * s before the P pick to the cut, and {@code r} the hypocentral distance from the given hypocentre.
 * Early on, many stations have only seen P; their amplitudes underestimate the (S-wave) amplitude
 * ML is defined on. So a station counts as <em>after S</em> when its S wave, predicted from the
 * hypocentre and origin time, arrived at least 1 s before the cut; when any station is after S only
 * those are used, otherwise all (flagged, σ widened by {@value #P_ONLY_SIGMA}). Components at r
 * &lt; 10 km (below Hutton and Boore's range) are used only when nothing farther is available.
 *
 * <p>Event ML is the median of the component magnitudes; σ combines the robust spread (1.4826 ×
 * MAD) over the square root of the station count (two components of a station are not independent)
 * with a floor of {@value #CALIBRATION_SIGMA} for the scatter between ML and the true moment
 * magnitude.
 */
final class HuttonBooreMagnitude {
  static final double CALIBRATION_SIGMA = 0.15;
  static final double P_ONLY_SIGMA = 1.0;
  static final double SINGLE_STATION_SPREAD = 0.3;
  private static final double S_MARGIN_S = 1.0;
  private static final double PRE_PICK_S = 0.5;
  private static final double MIN_DISTANCE_KM = 10;

  private final TravelTimes travelTimes;

  HuttonBooreMagnitude(TravelTimes travelTimes) {
    this.travelTimes = travelTimes;
  }

  /**
   * @param picks the picks available at the cut
   * @param originS origin time, s from the window start
   * @param cutIndex samples before this index may be used
   */
  MagnitudeResult estimate(
      EventSample sample,
      EventAnalysis analysis,
      List<PhasePick> picks,
      double lat,
      double lon,
      double depthKm,
      double originS,
      int cutIndex) {
    double rate = sample.sampleRate();
    double cutS = cutIndex / rate;
    List<double[]> rows = new ArrayList<>(); // {ml, station, afterS, near}
    for (PhasePick p : picks) {
      StationWaveform w = sample.stations().get(p.station());
      double r =
          LocalMagnitude.hypocentralDistanceKm(
              lat, lon, depthKm, w.latitude(), w.longitude(), w.elevationM());
      double epi =
          LocalMagnitude.hypocentralDistanceKm(lat, lon, 0, w.latitude(), w.longitude(), 0);
      double ts =
          travelTimes.sSeconds(
              Math.min(epi, TravelTimes.MAX_DISTANCE_KM),
              Math.max(0, Math.min(depthKm, TravelTimes.MAX_DEPTH_KM)));
      boolean afterS = originS + ts + S_MARGIN_S <= cutS;
      int from = (int) Math.floor((p.onsetS() - PRE_PICK_S) * rate);
      for (int c = 1; c <= 2; c++) {
        double a = analysis.peakWoodAndersonMm(w, c, from, cutIndex);
        if (a > 0) {
          double ml = LocalMagnitude.huttonBoore(a, Math.max(r, 1.0));
          rows.add(new double[] {ml, p.station(), afterS ? 1 : 0, r < MIN_DISTANCE_KM ? 1 : 0});
        }
      }
    }
    if (rows.isEmpty()) {
      return MagnitudeResult.none();
    }
    boolean anyAfterS = rows.stream().anyMatch(x -> x[2] == 1);
    List<double[]> use = rows.stream().filter(x -> !anyAfterS || x[2] == 1).toList();
    if (use.stream().anyMatch(x -> x[3] == 0)) {
      use = use.stream().filter(x -> x[3] == 0).toList();
    }
    double[] ml = use.stream().mapToDouble(x -> x[0]).toArray();
    long stations = use.stream().mapToDouble(x -> x[1]).distinct().count();
    double median = median(ml);
    double spread;
    if (stations >= 2) {
      double[] dev = Arrays.stream(ml).map(v -> Math.abs(v - median)).toArray();
      spread = 1.4826 * median(dev);
    } else {
      spread = SINGLE_STATION_SPREAD;
    }
    double var = spread * spread / stations + CALIBRATION_SIGMA * CALIBRATION_SIGMA;
    if (!anyAfterS) {
      var += P_ONLY_SIGMA * P_ONLY_SIGMA;
    }
    return new MagnitudeResult(median, Math.sqrt(var), (int) stations, ml.length, anyAfterS);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
