package io.quakegraph.dataset;

import io.quakegraph.seismic.Channel;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The channels of one sensor (same location code, band and instrument code) chosen to give a
 * station's three components, with their metadata.
 *
 * @param location location code ("" for blank)
 * @param bandInstrument band and instrument code, e.g. {@code HH}
 * @param channels one to three channels, sorted by channel code
 */
public record ChannelSet(String location, String bandInstrument, List<Channel> channels) {

  public ChannelSet {
    channels = List.copyOf(channels);
    if (channels.isEmpty() || channels.size() > 3) {
      throw new IllegalArgumentException("a channel set has 1 to 3 channels: " + channels.size());
    }
  }

  /** {@code NET.STA.LOC.BHZ,BHN,BHE}-style label of the set. */
  public String label() {
    var first = channels.get(0).id();
    return first.network()
        + "."
        + first.station()
        + "."
        + location
        + "."
        + channels.stream().map(c -> c.id().channel()).collect(Collectors.joining(","));
  }
}
