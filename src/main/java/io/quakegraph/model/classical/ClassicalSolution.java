package io.quakegraph.model.classical;

import io.quakegraph.model.Estimate;
import java.util.List;
import java.util.Optional;

/**
 * What a pick-based estimator made of one event at one cut time: the {@link Estimate} handed to
 * evaluation plus how it was reached.
 *
 * @param estimate the estimate ({@link Status#NO_PICKS}: every value NaN, origin = the cut time)
 * @param status which rule produced the location
 * @param picks the picks available at the cut
 * @param hypocentre the grid-search result ({@link Status#LOCATED} only)
 * @param magnitude the ML and its basis
 */
public record ClassicalSolution(
    Estimate estimate,
    Status status,
    List<PhasePick> picks,
    Optional<Hypocentre> hypocentre,
    MagnitudeResult magnitude) {

  public ClassicalSolution {
    picks = List.copyOf(picks);
  }

  /** How the location was obtained. */
  public enum Status {
    /** At least four picks: grid-search hypocentre. */
    LOCATED,
    /**
     * One to three picks: the epicentre is the first-picked station, depth 10 km, with wide
     * σ (the early-warning "first station" rule).
     */
    FIRST_STATION,
    /** No pick before the cut: nothing detected, the estimate is all NaN. */
    NO_PICKS
  }
}
