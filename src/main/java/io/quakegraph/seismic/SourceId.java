package io.quakegraph.seismic;

import java.util.Objects;

/**
 * An FDSN source identifier for one channel: network, station, location and SEED channel code.
 *
 * <p>Location is the empty string for a blank location code ("--" in SCEDC files), so equal
 * channels compare equal however they were spelled.
 */
public record SourceId(String network, String station, String location, String channel) {

  public SourceId {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(station, "station");
    Objects.requireNonNull(channel, "channel");
    network = network.trim();
    station = station.trim();
    location = location == null ? "" : location.trim();
    if (location.equals("--")) {
      location = "";
    }
    channel = channel.trim();
  }

  public static SourceId of(String network, String station, String location, String channel) {
    return new SourceId(network, station, location, channel);
  }

  /**
   * Parses either an FDSN source id ({@code FDSN:CI_GR2__B_H_Z}) or a dotted SEED id ({@code
   * CI.GR2..BHZ}).
   */
  public static SourceId parse(String text) {
    String s = text.trim();
    if (s.startsWith("FDSN:")) {
      String[] p = s.substring(5).split("_", -1);
      if (p.length != 6) {
        throw new IllegalArgumentException("not an FDSN source id: " + text);
      }
      return new SourceId(p[0], p[1], p[2], p[3] + p[4] + p[5]);
    }
    String[] p = s.split("\\.", -1);
    if (p.length != 4) {
      throw new IllegalArgumentException("not a NET.STA.LOC.CHA id: " + text);
    }
    return new SourceId(p[0], p[1], p[2], p[3]);
  }

  /** Station id as used for Kafka keys and graph nodes: {@code NET.STA}. */
  public String stationId() {
    return network + "." + station;
  }

  /** Band and instrument code, e.g. {@code HH} or {@code HN}. */
  public String bandInstrument() {
    return channel.length() >= 2 ? channel.substring(0, 2) : channel;
  }

  /** Orientation code, the last character of the channel code (Z, N, E, 1, 2, 3). */
  public char component() {
    return channel.isEmpty() ? '?' : channel.charAt(channel.length() - 1);
  }

  /** The FDSN source identifier form, {@code FDSN:NET_STA_LOC_B_S_SS}. */
  public String toFdsn() {
    if (channel.length() == 3) {
      return "FDSN:%s_%s_%s_%c_%c_%c"
          .formatted(
              network, station, location, channel.charAt(0), channel.charAt(1), channel.charAt(2));
    }
    return "FDSN:%s_%s_%s_%s".formatted(network, station, location, channel);
  }

  @Override
  public String toString() {
    return network + "." + station + "." + location + "." + channel;
  }
}
