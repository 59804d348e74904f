package io.quakegraph.seismic;

import java.util.List;

/**
 * One catalogued earthquake: preferred origin, preferred magnitude and its type (ML, Mw, ...), and
 * the picks associated with it.
 */
public record Earthquake(
    String eventId, Origin origin, double magnitude, String magnitudeType, List<Pick> picks) {

  public Earthquake {
    picks = List.copyOf(picks);
  }
}
