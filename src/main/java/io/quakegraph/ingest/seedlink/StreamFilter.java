package io.quakegraph.ingest.seedlink;

import io.quakegraph.seismic.SourceId;
import java.util.ArrayList;
import java.util.List;

/**
 * The selectors of one station: a channel passes when no positive selector is given or one matches,
 * and no negative selector matches.
 */
final class StreamFilter {
  private final List<StreamSelector> positive = new ArrayList<>();
  private final List<StreamSelector> negative = new ArrayList<>();

  void add(StreamSelector s) {
    (s.negative() ? negative : positive).add(s);
  }

  void addAll(StreamFilter other) {
    positive.addAll(other.positive);
    negative.addAll(other.negative);
  }

  void clear() {
    positive.clear();
    negative.clear();
  }

  boolean isEmpty() {
    return positive.isEmpty() && negative.isEmpty();
  }

  boolean accepts(SourceId id) {
    if (!positive.isEmpty() && positive.stream().noneMatch(s -> s.matches(id))) {
      return false;
    }
    return negative.stream().noneMatch(s -> s.matches(id));
  }
}
