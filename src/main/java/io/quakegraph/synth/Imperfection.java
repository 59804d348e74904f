package io.quakegraph.synth;

import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;

/**
 * One flaw put on purpose into a synthetic archive, as real archives have them. All times are the
 * archive's own time stamps, i.e. after any {@link TimingOffset} of the station.
 */
public sealed interface Imperfection
    permits Imperfection.StationOutage,
        Imperfection.Gap,
        Imperfection.DeadChannel,
        Imperfection.ClippedChannel,
        Imperfection.TimingOffset {

  /** The kind as written in {@code imperfections.json}. */
  String kind();

  /** Whether this flaw touches the given channel. */
  boolean affects(SourceId channel);

  /** A one-line human description. */
  String describe();

  /** The whole station records nothing in {@code [startMicros, endMicros)} (all its channels). */
  record StationOutage(String stationId, long startMicros, long endMicros) implements Imperfection {
    public StationOutage {
      requireSpan(startMicros, endMicros);
    }

    @Override
    public String kind() {
      return "station-outage";
    }

    @Override
    public boolean affects(SourceId channel) {
      return channel.stationId().equals(stationId);
    }

    @Override
    public String describe() {
      return "outage of %s from %s to %s"
          .formatted(stationId, Times.format(startMicros), Times.format(endMicros));
    }
  }

  /**
   * One channel misses its data in {@code [startMicros, endMicros)} (e.g. lost telemetry packets).
   */
  record Gap(SourceId channel, long startMicros, long endMicros) implements Imperfection {
    public Gap {
      requireSpan(startMicros, endMicros);
    }

    @Override
    public String kind() {
      return "gap";
    }

    @Override
    public boolean affects(SourceId id) {
      return id.equals(channel);
    }

    @Override
    public String describe() {
      return "gap in %s from %s to %s"
          .formatted(channel, Times.format(startMicros), Times.format(endMicros));
    }
  }

  /**
   * One channel outputs a flat constant (a dead sensor's DC level) in {@code [startMicros,
   * endMicros)}.
   */
  record DeadChannel(SourceId channel, long startMicros, long endMicros, int constantCounts)
      implements Imperfection {
    public DeadChannel {
      requireSpan(startMicros, endMicros);
    }

    @Override
    public String kind() {
      return "dead-channel";
    }

    @Override
    public boolean affects(SourceId id) {
      return id.equals(channel);
    }

    @Override
    public String describe() {
      return "%s dead (constant %d counts) from %s to %s"
          .formatted(channel, constantCounts, Times.format(startMicros), Times.format(endMicros));
    }
  }

  /**
   * One channel saturates at {@code ±clipCounts}, far below the ±2^23 of a healthy 24-bit digitiser
   * (a mis-set gain), for the whole scenario.
   */
  record ClippedChannel(SourceId channel, int clipCounts) implements Imperfection {
    public ClippedChannel {
      if (clipCounts <= 0) {
        throw new IllegalArgumentException("clip level must be positive: " + clipCounts);
      }
    }

    @Override
    public String kind() {
      return "clipped-channel";
    }

    @Override
    public boolean affects(SourceId id) {
      return id.equals(channel);
    }

    @Override
    public String describe() {
      return "%s clips at +-%d counts".formatted(channel, clipCounts);
    }
  }

  /**
   * Every time stamp of a station is late by {@code offsetMicros} (early when negative), as with a
   * digitiser that lost its GPS lock. Applied to the whole scenario.
   */
  record TimingOffset(String stationId, long offsetMicros) implements Imperfection {
    @Override
    public String kind() {
      return "timing-offset";
    }

    @Override
    public boolean affects(SourceId channel) {
      return channel.stationId().equals(stationId);
    }

    @Override
    public String describe() {
      return "%s time stamps shifted by %+.3f s".formatted(stationId, offsetMicros / 1e6);
    }
  }

  private static void requireSpan(long startMicros, long endMicros) {
    if (endMicros <= startMicros) {
      throw new IllegalArgumentException(
          "empty span " + Times.format(startMicros) + " to " + Times.format(endMicros));
    }
  }
}
