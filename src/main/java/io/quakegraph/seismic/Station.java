package io.quakegraph.seismic;

import java.util.List;

/** A seismic station with its channel epochs. Id is {@code NET.STA}. */
public record Station(
    String network,
    String station,
    double latitude,
    double longitude,
    double elevationM,
    String siteName,
    List<Channel> channels) {

  public Station {
    channels = List.copyOf(channels);
  }

  public String id() {
    return network + "." + station;
  }

  public List<Channel> channelsAt(long micros) {
    return channels.stream().filter(c -> c.activeAt(micros)).toList();
  }
}
