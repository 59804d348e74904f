package io.quakegraph.dataset;

import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses which sensor of a station feeds the model.
 *
 * <p>Candidates are the channels that both have data and have a metadata epoch active at the window
 * start, grouped by sensor (location code + band/instrument code). Among the sensors:
 *
 * <ol>
 *   <li>a complete set (a vertical and two horizontals) beats an incomplete one: the model needs
 *       all three components more than it needs the quieter sensor;
 *   <li>then a sensor none of whose channels is clipped in the window ({@link Clipping}) beats a
 *       clipped one: near a large earthquake the broadband saturates and its co-located
 *       accelerometer carries the amplitude;
 *   <li>then the band/instrument preference {@code HH > BH > EH > HN > HL}: broadband velocity
 *       first (best signal-to-noise below 20 Hz), then short period, then strong motion (on scale
 *       for the largest events, noisier for small ones); other codes (e.g. {@code BN}, {@code HG})
 *       follow, higher sample rate first;
 *   <li>then the lower location code (the primary sensor by SEED convention).
 * </ol>
 *
 * Channels sampled slower than half the model rate are never used: they cannot carry the band the
 * model is trained on.
 */
public final class ChannelSetSelector {
  private static final List<String> PREFERENCE = List.of("HH", "BH", "EH", "HN", "HL");

  private final double modelRate;

  /**
   * @param modelRate the model sample rate, Hz
   */
  public ChannelSetSelector(double modelRate) {
    this.modelRate = modelRate;
  }

  /**
   * The preferred sensor of {@code station} among the channels that have data.
   *
   * @param station the station with its channel epochs
   * @param withData channels that have waveform data in the archive for the window
   * @param atMicros the time whose metadata epoch applies (the window start)
   * @return the chosen set, or empty when no channel has both data and metadata
   */
  public Optional<ChannelSet> select(
      Station station, Collection<SourceId> withData, long atMicros) {
    return select(station, withData, atMicros, Set.of());
  }

  /**
   * As above, with the channels whose data are clipped in the window: a sensor with a clipped
   * channel ranks after every complete sensor without one.
   */
  public Optional<ChannelSet> select(
      Station station, Collection<SourceId> withData, long atMicros, Set<SourceId> clipped) {
    Set<SourceId> ids = Set.copyOf(withData);
    Map<String, List<Channel>> bySensor = new TreeMap<>();
    for (Channel c : station.channelsAt(atMicros)) {
      SourceId id = c.id();
      if (!ids.contains(id) || id.channel().length() != 3) {
        continue;
      }
      double rate = c.sampleRate();
      if (rate > 0 && rate < 0.5 * modelRate) {
        continue;
      }
      bySensor
          .computeIfAbsent(id.location() + "|" + id.bandInstrument(), k -> new ArrayList<>())
          .add(c);
    }
    return bySensor.values().stream()
        .map(ChannelSetSelector::toSet)
        .min(
            Comparator.comparingInt((ChannelSet s) -> isComplete(s) ? 0 : 1)
                .thenComparingInt(
                    s -> s.channels().stream().anyMatch(c -> clipped.contains(c.id())) ? 1 : 0)
                .thenComparingInt(s -> rank(s.bandInstrument()))
                .thenComparingDouble(s -> -s.channels().get(0).sampleRate())
                .thenComparing(ChannelSet::location));
  }

  private static ChannelSet toSet(List<Channel> channels) {
    List<Channel> sorted =
        channels.stream()
            .sorted(Comparator.comparing((Channel c) -> c.id().channel()))
            .distinct()
            .toList();
    // Two epochs of one channel cannot both be active, but a station list may repeat a channel.
    List<Channel> unique = new ArrayList<>();
    for (Channel c : sorted) {
      if (unique.stream().noneMatch(u -> u.id().equals(c.id()))) {
        unique.add(c);
      }
    }
    if (unique.size() > 3) {
      // More than three orientations of one sensor (e.g. Z, N, E, 1, 2): keep the standard triple.
      List<Channel> zne =
          unique.stream().filter(c -> "ZNE".indexOf(c.id().component()) >= 0).toList();
      unique = zne.isEmpty() ? unique.subList(0, 3) : zne;
    }
    SourceId first = unique.get(0).id();
    return new ChannelSet(first.location(), first.bandInstrument(), unique);
  }

  private static boolean isComplete(ChannelSet set) {
    if (set.channels().size() != 3) {
      return false;
    }
    long vertical = set.channels().stream().filter(ZneRotation::isVertical).count();
    return vertical == 1 || set.channels().stream().noneMatch(ZneRotation::orientationUnknown);
  }

  private static int rank(String bandInstrument) {
    int i = PREFERENCE.indexOf(bandInstrument);
    return i >= 0 ? i : PREFERENCE.size();
  }
}
