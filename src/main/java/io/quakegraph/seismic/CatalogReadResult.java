package io.quakegraph.seismic;

import java.util.List;

/**
 * Events read from a catalog file and the rows that were skipped, each problem naming the file, the
 * line number and the reason.
 */
public record CatalogReadResult(List<Earthquake> events, List<String> problems) {

  public CatalogReadResult {
    events = List.copyOf(events);
    problems = List.copyOf(problems);
  }
}
