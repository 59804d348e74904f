package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.StationWaveform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One graph to learn from or to evaluate on: an event's sample restricted to some of its stations,
 * cut at a time after the first P arrival among those stations.
 *
 * @param sample the sample with only the graph's stations
 * @param cutMicros the cut time {@code t}, epoch µs (the window the model sees ends here)
 * @param cutAfterFirstPS {@code t} minus the first P arrival among the graph's stations, s
 * @param eventIndex index of the event in its stream
 */
public record GraphDraw(
    EventSample sample, long cutMicros, double cutAfterFirstPS, long eventIndex) {

  /**
   * The early-warning training draw: with probability {@code augment.subsetProbability()} a random
   * subset of {@code U[min(minSubset, n), n]} stations, then a fraction {@code U[0, maxDropout]} of
   * those dropped, then a cut {@code U[minCut, maxCut]} s after the first P among the remaining
   * stations (clamped to the sample's window).
   */
  public static GraphDraw training(
      EventSample event,
      long eventIndex,
      TrainConfig.AugmentConfig augment,
      TrainConfig.RegimeConfig regime,
      SplittableRandom rng) {
    EventSample view = subset(event, trainingStations(event.stations().size(), augment, rng));
    double after =
        regime.minCutAfterPS()
            + rng.nextDouble() * (regime.maxCutAfterPS() - regime.minCutAfterPS());
    return cutAfterFirstP(view, after, eventIndex);
  }

  /**
   * The stations a training graph keeps, of {@code n}: with probability {@code
   * augment.subsetProbability()} a random subset of {@code U[min(minSubset, n), n]}, then a
   * fraction {@code U[0, maxDropout]} of those dropped, at least 3 kept (in random order).
   */
  static int[] trainingStations(int n, TrainConfig.AugmentConfig augment, SplittableRandom rng) {
    int[] order = permutation(n, rng);
    int keep = n;
    if (rng.nextDouble() < augment.subsetProbability()) {
      int lo = Math.min(augment.minSubsetStations(), n);
      keep = lo + rng.nextInt(n - lo + 1);
    }
    double drop = rng.nextDouble() * augment.maxDropout();
    keep = Math.max(Math.min(3, n), keep - (int) Math.floor(drop * keep));
    return Arrays.copyOf(order, keep);
  }

  /**
   * The evaluation draw: {@code round(dropFraction * n)} stations dropped at random (seeded by
   * {@code rng}), the rest cut {@code afterFirstPS} after their first P.
   */
  public static EventSample dropped(EventSample event, double dropFraction, SplittableRandom rng) {
    return subset(event, kept(event.stations().size(), dropFraction, rng));
  }

  /**
   * The stations kept when {@code round(dropFraction * n)} of {@code n} are dropped at random (at
   * least 3 kept), sorted.
   */
  public static int[] kept(int n, double dropFraction, SplittableRandom rng) {
    int[] order = permutation(n, rng);
    int keep = Math.max(Math.min(3, n), n - (int) Math.round(dropFraction * n));
    int[] k = Arrays.copyOf(order, keep);
    Arrays.sort(k);
    return k;
  }

  /** {@code view} cut {@code afterS} after its first P (window end if that is later). */
  public static GraphDraw cutAfterFirstP(EventSample view, double afterS, long eventIndex) {
    double firstP = firstP(view);
    double windowS = view.samples() / view.sampleRate();
    double cutS = Math.min(firstP + afterS, windowS);
    long cut = view.windowStartMicros() + Math.round(cutS * 1e6);
    return new GraphDraw(view, cut, cutS - firstP, eventIndex);
  }

  /**
   * The first P arrival among a sample's stations, s from the window start. When none of them has a
   * known P (rare: stations beyond the travel-time table), the theoretical time is unknown and the
   * origin time is used, so cuts still come after the origin.
   */
  public static double firstP(EventSample s) {
    double p = s.earliestP();
    if (Double.isFinite(p)) {
      return p;
    }
    return (s.truth().origin().timeMicros() - s.windowStartMicros()) / 1e6;
  }

  /** The sample with only the stations at {@code indices} (kept in the sample's station order). */
  public static EventSample subset(EventSample s, int[] indices) {
    int[] sorted = indices.clone();
    Arrays.sort(sorted);
    List<StationWaveform> st = new ArrayList<>(sorted.length);
    double[] p = new double[sorted.length];
    double[] sArr = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      st.add(s.stations().get(sorted[i]));
      p[i] = s.firstP()[sorted[i]];
      sArr[i] = s.firstS()[sorted[i]];
    }
    return new EventSample(
        s.eventId(), s.truth(), s.windowStartMicros(), s.sampleRate(), st, p, sArr, s.provenance());
  }

  private static int[] permutation(int n, SplittableRandom rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
