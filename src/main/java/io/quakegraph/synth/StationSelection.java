package io.quakegraph.synth;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses a scenario's recording sites from a station file.
 *
 * <p>With a cap on the number of stations, the stations nearest to the centre of the candidates'
 * bounding box are kept (ties by id): a compact sub-network, so that a small test scenario still
 * has events inside and around a dense network rather than scattered stations across the region.
 */
public final class StationSelection {
  private StationSelection() {}

  /**
   * The {@code max} stations nearest to the centre of the bounding box of {@code candidates}; all
   * of them (sorted by id) when {@code max <= 0} or there are no more than {@code max}.
   */
  public static List<Station> nearestToCentre(List<Station> candidates, int max) {
    Comparator<Station> byId = Comparator.comparing(Station::id);
    if (max <= 0 || candidates.size() <= max) {
      return candidates.stream().sorted(byId).toList();
    }
    double latC =
        (candidates.stream().mapToDouble(Station::latitude).min().orElseThrow()
                + candidates.stream().mapToDouble(Station::latitude).max().orElseThrow())
            / 2;
    double lonC =
        (candidates.stream().mapToDouble(Station::longitude).min().orElseThrow()
                + candidates.stream().mapToDouble(Station::longitude).max().orElseThrow())
            / 2;
    Comparator<Station> byDistance =
        Comparator.comparingDouble(
            s -> Geodesy.epicentralKm(latC, lonC, s.latitude(), s.longitude()));
    return candidates.stream()
        .sorted(byDistance.thenComparing(byId))
        .limit(max)
        .sorted(byId)
        .toList();
  }
}
