package io.quakegraph.seismic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gaps and overlaps between the segments of one channel, and their assembly onto a regular grid.
 *
 * <p>Two segments are contiguous when the second starts within half a sample interval of where the
 * first ends; more is a gap, less an overlap.
 *
 * <p>{@link #fill} decisions:
 *
 * <ul>
 *   <li>Overlaps: <b>first wins</b>. Segments are laid down in start-time order and a grid sample
 *       already written is kept. The earlier segment is usually the one a real-time stream
 *       delivered first; a later overlapping segment is typically a re-transmission or a backfill
 *       that adds nothing, and keeping the first avoids a seam inside data already used.
 *   <li>Timing: each sample goes to the nearest grid sample (at most half an interval away; a
 *       segment whose start is off the grid by more than a quarter interval is logged).
 *   <li>Gaps up to {@code maxFillSeconds} are filled by the policy. Longer gaps are still filled
 *       (the output stays a regular array) but never bridged: interpolating or holding across a
 *       long outage would invent a signal, so they get the mean of the observed samples (a neutral
 *       level in counts as in velocity) for LINEAR and HOLD, zero for ZERO and NaN for NONE. Every
 *       filled sample, short or long gap, is {@code false} in the {@link FilledTrace#observed()}
 *       mask.
 * </ul>
 */
public final class Gaps {
  private static final Logger LOG = LoggerFactory.getLogger(Gaps.class);

  private Gaps() {}

  /**
   * Gaps (positive) and overlaps (negative) between consecutive segments of one channel, in time
   * order. The order of {@code segmentsOfOneChannel} does not matter.
   *
   * @throws IllegalArgumentException when the segments belong to different channels or rates
   */
  public static List<Gap> find(List<Trace> segmentsOfOneChannel) {
    if (segmentsOfOneChannel.isEmpty()) {
      return List.of();
    }
    List<Trace> sorted =
        sortedChecked(segmentsOfOneChannel, segmentsOfOneChannel.get(0).sampleRate());
    double tolerance = 0.5e6 / sorted.get(0).sampleRate();
    List<Gap> gaps = new ArrayList<>();
    long end = sorted.get(0).endMicros();
    for (int i = 1; i < sorted.size(); i++) {
      Trace next = sorted.get(i);
      long diff = next.startMicros() - end;
      if (Math.abs(diff) > tolerance) {
        gaps.add(new Gap(next.id(), end, next.startMicros()));
      }
      end = Math.max(end, next.endMicros());
    }
    return gaps;
  }

  private static List<Trace> sortedChecked(List<Trace> segments, double rate) {
    SourceId id = segments.get(0).id();
    for (Trace t : segments) {
      if (!t.id().equals(id)) {
        throw new IllegalArgumentException(
            "segments of different channels: " + id + " and " + t.id());
      }
      if (Math.abs(t.sampleRate() - rate) > 1e-6 * rate) {
        throw new IllegalArgumentException(
            "segment " + t + " is not at " + rate + " Hz: resample segments to one rate first");
      }
    }
    List<Trace> sorted = new ArrayList<>(segments);
    sorted.sort(Comparator.comparingLong(Trace::startMicros));
    return sorted;
  }

  /**
   * Assembles the segments of one channel onto the grid {@code startMicros + i / sampleRate},
   * {@code 0 <= i < round((endMicros - startMicros) * sampleRate / 1e6)}, filling what no segment
   * covers (see the class comment for overlaps and long gaps). Samples outside the window are
   * ignored.
   *
   * @throws IllegalArgumentException for no segments (the channel would be unnamed), mixed
   *     channels, a segment at another rate, an inverted window or a negative {@code
   *     maxFillSeconds}
   */
  public static FilledTrace fill(
      List<Trace> segments,
      long startMicros,
      long endMicros,
      double sampleRate,
      GapFill policy,
      double maxFillSeconds) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("no segments to assemble: the channel is unknown");
    }
    if (endMicros < startMicros) {
      throw new IllegalArgumentException(
          "window ends before it starts: "
              + Times.format(startMicros)
              + " .. "
              + Times.format(endMicros));
    }
    if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    if (!(maxFillSeconds >= 0)) {
      throw new IllegalArgumentException("maxFillSeconds must be >= 0: " + maxFillSeconds);
    }
    List<Trace> sorted = sortedChecked(segments, sampleRate);
    SourceId id = sorted.get(0).id();
    int n = (int) Math.round((endMicros - startMicros) * sampleRate / 1e6);
    double[] x = new double[n];
    boolean[] observed = new boolean[n];
    long overlapping = 0;
    for (Trace seg : sorted) {
      double offset = (seg.startMicros() - startMicros) * sampleRate / 1e6;
      long first = Math.round(offset);
      if (Math.abs(offset - first) > 0.25) {
        LOG.debug(
            "{}: segment at {} is {} samples off the grid; snapped to the nearest sample",
            id,
            Times.format(seg.startMicros()),
            String.format("%.2f", offset - first));
      }
      double[] s = seg.samples();
      for (int k = 0; k < s.length; k++) {
        long idx = first + k;
        if (idx < 0 || idx >= n) {
          continue;
        }
        if (observed[(int) idx]) {
          overlapping++;
          continue;
        }
        x[(int) idx] = s[k];
        observed[(int) idx] = true;
      }
    }
    if (overlapping > 0) {
      LOG.debug("{}: {} overlapping samples dropped (first segment wins)", id, overlapping);
    }
    fillRuns(id, x, observed, sampleRate, policy, maxFillSeconds);
    return new FilledTrace(new Trace(id, startMicros, sampleRate, x), observed);
  }

  private static void fillRuns(
      SourceId id,
      double[] x,
      boolean[] observed,
      double sampleRate,
      GapFill policy,
      double maxFillSeconds) {
    int n = x.length;
    double sum = 0;
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (observed[i]) {
        sum += x[i];
        count++;
      }
    }
    double neutral = count == 0 ? 0 : sum / count;
    if (count == 0 && n > 0) {
      LOG.debug("{}: no data in the window; {} samples filled", id, n);
    }
    int i = 0;
    while (i < n) {
      if (observed[i]) {
        i++;
        continue;
      }
      int a = i;
      while (i < n && !observed[i]) {
        i++;
      }
      int b = i; // unobserved run [a, b)
      boolean hasLeft = a > 0;
      boolean hasRight = b < n;
      boolean tooLong = (b - a) / sampleRate > maxFillSeconds;
      if (tooLong && count > 0) {
        LOG.debug(
            "{}: {} s gap at sample {} exceeds {} s; filled but not bridged",
            id,
            String.format("%.3f", (b - a) / sampleRate),
            a,
            maxFillSeconds);
      }
      for (int k = a; k < b; k++) {
        x[k] =
            switch (policy) {
              case NONE -> Double.NaN;
              case ZERO -> 0;
              case HOLD, LINEAR -> {
                if (tooLong || (!hasLeft && !hasRight)) {
                  yield neutral;
                }
                if (policy == GapFill.HOLD || !hasLeft || !hasRight) {
                  yield hasLeft ? x[a - 1] : x[b];
                }
                double f = (double) (k - (a - 1)) / (b - (a - 1));
                yield x[a - 1] + f * (x[b] - x[a - 1]);
              }
            };
      }
    }
  }
}
