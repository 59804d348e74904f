package io.quakegraph.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Scores of a set of {@link EvalRecord}s: medians and means of the errors, the fraction of true
 * values within 1σ and 2σ of the estimate (per output), and how many graphs had an estimate.
 *
 * <p>A graph without an estimate (a classical method that detected nothing yet) counts as a
 * failure, never silently dropped: medians rank it as infinitely wrong (so a median is infinite
 * when more than half the graphs failed), means and coverages are over the graphs with an estimate,
 * and {@code estimated} says how many those were.
 *
 * @param count graphs scored
 * @param estimated graphs with an estimate (errors are over these)
 * @param epicentralKmMedian median epicentral error, km
 * @param epicentralKmMean mean epicentral error, km
 * @param depthKmMedian median absolute depth error, km
 * @param depthKmMean mean absolute depth error, km
 * @param magnitudeAbsMedian median absolute magnitude error
 * @param magnitudeAbsMean mean absolute magnitude error
 * @param originAbsMedianS median absolute origin-time error, s
 * @param within1Sigma per output (north, east, depth, magnitude, origin): fraction with |error| <=
 *     1σ; NaN when the method gives no σ
 * @param within2Sigma the same for 2σ
 */
public record Metrics(
    int count,
    int estimated,
    double epicentralKmMedian,
    double epicentralKmMean,
    double depthKmMedian,
    double depthKmMean,
    double magnitudeAbsMedian,
    double magnitudeAbsMean,
    double originAbsMedianS,
    double[] within1Sigma,
    double[] within2Sigma) {

  /** Output names of the coverage arrays. */
  public static final List<String> OUTPUTS =
      List.of("north", "east", "depth", "magnitude", "origin_time");

  /** Scores {@code records} (all of one method and condition). */
  public static Metrics of(List<EvalRecord> records) {
    List<EvalRecord> ok = records.stream().filter(EvalRecord::hasEstimate).toList();
    double[] w1 = new double[OUTPUTS.size()];
    double[] w2 = new double[OUTPUTS.size()];
    for (int k = 0; k < OUTPUTS.size(); k++) {
      int n = 0;
      int in1 = 0;
      int in2 = 0;
      for (EvalRecord r : ok) {
        double z = r.normalisedErrors()[k];
        if (Double.isNaN(z)) {
          continue;
        }
        n++;
        if (z <= 1) {
          in1++;
        }
        if (z <= 2) {
          in2++;
        }
      }
      w1[k] = n == 0 ? Double.NaN : (double) in1 / n;
      w2[k] = n == 0 ? Double.NaN : (double) in2 / n;
    }
    return new Metrics(
        records.size(),
        ok.size(),
        median(records, EvalRecord::epicentralKm),
        mean(ok, EvalRecord::epicentralKm),
        median(records, EvalRecord::depthKm),
        mean(ok, EvalRecord::depthKm),
        median(records, EvalRecord::magnitudeAbs),
        mean(ok, EvalRecord::magnitudeAbs),
        median(records, EvalRecord::originAbsS),
        w1,
        w2);
  }

  /** Mean of the per-output 1σ coverages that exist. */
  public double within1SigmaMean() {
    return Arrays.stream(within1Sigma).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** Mean of the per-output 2σ coverages that exist. */
  public double within2SigmaMean() {
    return Arrays.stream(within2Sigma).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** Median of {@code f} with records without an estimate (or a NaN error) counted as +inf. */
  static double median(List<EvalRecord> rs, ToDoubleFunction<EvalRecord> f) {
    double[] v =
        rs.stream()
            .mapToDouble(r -> r.hasEstimate() ? f.applyAsDouble(r) : Double.POSITIVE_INFINITY)
            .map(x -> Double.isNaN(x) ? Double.POSITIVE_INFINITY : x)
            .sorted()
            .toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
  }

  static double mean(List<EvalRecord> rs, ToDoubleFunction<EvalRecord> f) {
    return rs.stream().mapToDouble(f).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metrics m
        && m.count == count
        && m.estimated == estimated
        && Double.compare(m.epicentralKmMedian, epicentralKmMedian) == 0
        && Double.compare(m.epicentralKmMean, epicentralKmMean) == 0
        && Double.compare(m.depthKmMedian, depthKmMedian) == 0
        && Double.compare(m.magnitudeAbsMedian, magnitudeAbsMedian) == 0
        && Arrays.equals(m.within1Sigma, within1Sigma)
        && Arrays.equals(m.within2Sigma, within2Sigma);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(epicentralKmMedian) * 31 + count;
  }

  @Override
  public String toString() {
    return "Metrics[n=%d/%d epi %.2f/%.2f km depth %.2f km mag %.3f origin %.2f s 1σ %s 2σ %s]"
        .formatted(
            estimated,
            count,
            epicentralKmMedian,
            epicentralKmMean,
            depthKmMedian,
            magnitudeAbsMedian,
            originAbsMedianS,
            Arrays.toString(within1Sigma),
            Arrays.toString(within2Sigma));
  }
}
