package io.quakegraph.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what a dataset build skipped, by reason, and logs each skip with its details. Nothing is
 * dropped silently: every skip lands here and the totals go into the dataset's provenance.
 *
 * <p>Thread-safe.
 */
public final class SkipTally {
  private static final Logger LOG = LoggerFactory.getLogger(SkipTally.class);
  private static final int EXAMPLES_PER_REASON = 3;

  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<String, List<String>> examples = new TreeMap<>();

  /**
   * Records one skip.
   *
   * @param reason a short, fixed category such as {@code station not in inventory}
   * @param detail what exactly was skipped (file, station, event), for the log
   */
  public synchronized void skip(String reason, String detail) {
    counts.merge(reason, 1, Integer::sum);
    List<String> ex = examples.computeIfAbsent(reason, k -> new ArrayList<>());
    if (ex.size() < EXAMPLES_PER_REASON) {
      ex.add(detail);
    }
    LOG.warn("skipped ({}): {}", reason, detail);
  }

  /** Skips per reason, sorted by reason. */
  public synchronized Map<String, Integer> counts() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** Up to three examples per reason. */
  public synchronized Map<String, List<String>> examples() {
    Map<String, List<String>> copy = new TreeMap<>();
    examples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return copy;
  }

  /** Total skips. */
  public synchronized int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** One line per reason: {@code count  reason  (e.g. first example)}. */
  public synchronized String describe() {
    if (counts.isEmpty()) {
      return "nothing skipped";
    }
    StringBuilder sb = new StringBuilder();
    counts.forEach(
        (reason, n) ->
            sb.append("%6d  %s  (e.g. %s)%n".formatted(n, reason, examples.get(reason).get(0))));
    return sb.toString().stripTrailing();
  }
}
