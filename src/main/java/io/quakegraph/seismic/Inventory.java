package io.quakegraph.seismic;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A set of stations keyed by {@code NET.STA}; the metadata side of an archive. */
public final class Inventory {
  private final Map<String, Station> stations = new LinkedHashMap<>();

  public Inventory(Collection<Station> stations) {
    for (Station s : stations) {
      this.stations.merge(s.id(), s, Inventory::mergeEpochs);
    }
  }

  private static Station mergeEpochs(Station a, Station b) {
    var all = new java.util.ArrayList<>(a.channels());
    all.addAll(b.channels());
    return new Station(
        b.network(), b.station(), b.latitude(), b.longitude(), b.elevationM(), b.siteName(), all);
  }

  public List<Station> stations() {
    return List.copyOf(stations.values());
  }

  public Optional<Station> station(String stationId) {
    return Optional.ofNullable(stations.get(stationId));
  }

  /** The channel epoch for {@code id} that is active at {@code micros}. */
  public Optional<Channel> channel(SourceId id, long micros) {
    Station s = stations.get(id.stationId());
    if (s == null) {
      return Optional.empty();
    }
    return s.channels().stream().filter(c -> c.id().equals(id) && c.activeAt(micros)).findFirst();
  }

  public int size() {
    return stations.size();
  }
}
