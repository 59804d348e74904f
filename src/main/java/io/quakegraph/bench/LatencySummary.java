package io.quakegraph.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies (any unit; the benchmark uses milliseconds).
 *
 * @param count number of values
 * @param p50 median
 * @param p99 99th percentile
 * @param max largest value
 */
public record LatencySummary(int count, double p50, double p99, double max) {
  /** The summary of no values: NaN everywhere. */
  public static final LatencySummary EMPTY =
      new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN);

  /**
   * Nearest-rank percentiles: the p-th percentile is the value at rank ceil(p/100 * n) in ascending
   * order (so p99 of fewer than 100 values is the largest).
   */
  public static LatencySummary of(double[] values) {
    if (values.length == 0) {
      return EMPTY;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return new LatencySummary(v.length, rank(v, 50), rank(v, 99), v[v.length - 1]);
  }

  /** The nearest-rank percentile {@code p} (0 &lt; p &lt;= 100) of sorted values. */
  static double rank(double[] sorted, double p) {
    int r = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
  }

  /** Whether there were values. */
  public boolean isEmpty() {
    return count == 0;
  }
}
