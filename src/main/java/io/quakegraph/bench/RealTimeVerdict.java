package io.quakegraph.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether the job kept a station count in real time, from the lag of its step output behind the
 * data's real-time schedule.
 *
 * <p>The lag of step t is (time the alert of step t was written to Kafka) - (t + schedule offset):
 * how long after the data of time t would have been delivered live the job wrote the estimate that
 * ends at t. A job that keeps up shows a constant lag (the packet length, the watermark's wait for
 * slower stations, and its processing); a job that does not keeps falling behind, so its lag grows
 * with time. The measured interval is split into thirds by data time, and the job kept up when
 *
 * <ol>
 *   <li>the median lag of the last third exceeds that of the first third by less than {@code
 *       maxGrowthS} (over a 120 s interval, 1 s of growth is a job running at 99 % of real time),
 *   <li>the 99th percentile lag is below {@code maxLagS}, and
 *   <li>the job worked through its input (its committed offsets reached the end of the packet
 *       topic) within {@code maxDrainS} after the last packet.
 * </ol>
 *
 * When fewer than two thirds hold a step with an alert, the growth cannot be judged and the other
 * two tests decide; no alert at all in the measured interval is a failure.
 *
 * @param maxGrowthS largest allowed growth of the median lag from the first to the last third, s
 * @param maxLagS largest allowed 99th percentile lag, s
 * @param maxDrainS largest allowed time to work through the input after the last packet, s
 */
public record RealTimeVerdict(double maxGrowthS, double maxLagS, double maxDrainS) {
  /** The verdict's defaults: 1 s of growth, 10 s of lag, 30 s of drain. */
  public static final RealTimeVerdict DEFAULT = new RealTimeVerdict(1.0, 10.0, 30.0);

  /**
   * The outcome.
   *
   * @param kept whether every test passed
   * @param growthS median lag of the last third minus that of the first, s (NaN if not judged)
   * @param reason why not, or "" when kept
   */
  public record Outcome(boolean kept, double growthS, String reason) {}

  /**
   * Judges a run.
   *
   * @param stepMicros data time of each lag sample (the step t), µs
   * @param lagS the lag of each sample, s
   * @param fromMicros start of the measured interval (data time), µs
   * @param toMicros end of the measured interval, µs
   * @param drainS time from the last packet to the job's input being worked through, s (infinite
   *     when it was not within the wait)
   */
  public Outcome judge(
      long[] stepMicros, double[] lagS, long fromMicros, long toMicros, double drainS) {
    if (stepMicros.length != lagS.length) {
      throw new IllegalArgumentException("one lag per step");
    }
    List<String> why = new ArrayList<>();
    long third = (toMicros - fromMicros) / 3;
    List<List<Double>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Double> all = new ArrayList<>();
    for (int i = 0; i < stepMicros.length; i++) {
      long t = stepMicros[i];
      if (t < fromMicros || t >= toMicros) {
        continue;
      }
      all.add(lagS[i]);
      parts.get((int) Math.min(2, (t - fromMicros) / Math.max(1, third))).add(lagS[i]);
    }
    if (all.isEmpty()) {
      return new Outcome(false, Double.NaN, "no alert in the measured interval");
    }
    double growth = Double.NaN;
    List<List<Double>> filled = parts.stream().filter(p -> !p.isEmpty()).toList();
    if (filled.size() >= 2) {
      growth = median(filled.get(filled.size() - 1)) - median(filled.get(0));
      if (!(growth < maxGrowthS)) {
        why.add(String.format(Locale.ROOT, "lag grew by %.1f s", growth));
      }
    }
    double p99 = LatencySummary.of(all.stream().mapToDouble(Double::doubleValue).toArray()).p99();
    if (!(p99 < maxLagS)) {
      why.add(String.format(Locale.ROOT, "p99 lag %.1f s", p99));
    }
    if (!(drainS <= maxDrainS)) {
      why.add(
          Double.isInfinite(drainS)
              ? String.format(
                  Locale.ROOT, "input not worked through %.0f s after the end", maxDrainS)
              : String.format(Locale.ROOT, "took %.0f s to work through the input", drainS));
    }
    return new Outcome(why.isEmpty(), growth, String.join("; ", why));
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return LatencySummary.rank(a, 50);
  }
}
