package io.quakegraph.ingest.replay;

import io.quakegraph.seismic.SourceId;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a replay reads: a time window and station/channel patterns.
 *
 * <p>Station patterns are globs ({@code *}, {@code ?}) matched against {@code NET.STA} (e.g. {@code
 * CI.PAS}, {@code CI.*}), or against the station code alone when the pattern has no dot. Channel
 * patterns are globs on the SEED channel code ({@code HH?}). Empty lists select everything.
 *
 * @param startMicros first instant replayed (inclusive); {@link Long#MIN_VALUE} for no bound
 * @param endMicros end of the window (exclusive); {@link Long#MAX_VALUE} for no bound
 */
public record Selection(
    long startMicros, long endMicros, List<String> stations, List<String> channels) {

  /** Everything. */
  public static final Selection ALL =
      new Selection(Long.MIN_VALUE, Long.MAX_VALUE, List.of(), List.of());

  public Selection {
    if (startMicros >= endMicros) {
      throw new IllegalArgumentException("the replay window is empty: start must be before end");
    }
    stations = List.copyOf(stations);
    channels = List.copyOf(channels);
  }

  /** Parses a comma-separated list ({@code "CI.PAS, CI.B*"}); null or blank gives an empty list. */
  public static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    if (csv == null) {
      return out;
    }
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** Whether the window is bounded on both sides. */
  public boolean bounded() {
    return startMicros != Long.MIN_VALUE && endMicros != Long.MAX_VALUE;
  }

  /** Whether a channel is selected by the station and channel patterns. */
  public boolean matches(SourceId id) {
    return matchesStation(id) && matchesChannel(id.channel());
  }

  private boolean matchesStation(SourceId id) {
    if (stations.isEmpty()) {
      return true;
    }
    for (String p : stations) {
      String target = p.contains(".") ? id.stationId() : id.station();
      if (glob(p).matcher(target).matches()) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesChannel(String channel) {
    if (channels.isEmpty()) {
      return true;
    }
    for (String p : channels) {
      if (glob(p).matcher(channel).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether a UTC day overlaps the window. */
  public boolean overlapsDay(LocalDate day) {
    long dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
    long dayEnd = dayStart + 86_400_000_000L;
    return dayStart < endMicros && dayEnd > startMicros;
  }

  /** Whether a record spanning [start, end) overlaps the window (a record is replayed whole). */
  public boolean overlaps(long start, long end) {
    return start < endMicros && Math.max(end, start + 1) > startMicros;
  }

  /** The UTC days of a bounded window, in order. */
  public List<LocalDate> days() {
    if (!bounded()) {
      throw new IllegalStateException("an unbounded window has no day list");
    }
    List<LocalDate> out = new ArrayList<>();
    LocalDate d =
        java.time.Instant.ofEpochSecond(Math.floorDiv(startMicros, 1_000_000L))
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    while (overlapsDay(d)) {
      out.add(d);
      d = d.plusDays(1);
    }
    return out;
  }

  private static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toUpperCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }
}
