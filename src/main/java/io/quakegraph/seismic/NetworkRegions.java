package io.quakegraph.seismic;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which region each station ({@code NET.STA}) belongs to: the unit an operator splits a network (or
 * several networks) into, so that each region's events are associated and estimated on their own,
 * and the regions can run side by side.
 *
 * <p>The file format, one region per line (a region may continue on further lines of its name):
 *
 * <pre>
 * # comment
 * north: CI.PAS CI.USC CI.WLT
 * south: CI.SDD CI.DPP
 * nevada: NN.*
 * </pre>
 *
 * A region name is letters, digits, {@code _} and {@code -}; a station pattern is {@code NET.STA}
 * or {@code NET.*} (every station of the network). A station belongs to exactly one region: a
 * station that patterns of two regions match is an error, so there is no precedence to explain. A
 * station no pattern matches is in {@link #WHOLE_NETWORK}; the job's start-up check refuses an
 * inventory with such stations when a file is given ({@link #unassigned}).
 *
 * @param stations region of each station named by {@code NET.STA}
 * @param networks region of each network named by {@code NET.*}
 */
public record NetworkRegions(Map<String, String> stations, Map<String, String> networks)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The region of a network that is not split, and of a station no pattern names. */
  public static final String WHOLE_NETWORK = "network";

  private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_-]+)\\s*:(.*)");
  private static final Pattern STATION = Pattern.compile("([A-Za-z0-9]+)\\.([A-Za-z0-9]+|\\*)");

  public NetworkRegions {
    stations = Map.copyOf(stations);
    networks = Map.copyOf(networks);
  }

  /** One region, {@link #WHOLE_NETWORK}, for every station. */
  public static NetworkRegions whole() {
    return new NetworkRegions(Map.of(), Map.of());
  }

  /**
   * Reads a regions file.
   *
   * @throws IllegalArgumentException for a malformed file: one line naming the file, the line and
   *     what is wrong
   */
  public static NetworkRegions read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses the text of a regions file.
   *
   * @param source what to call it in errors (its path)
   * @throws IllegalArgumentException for malformed text: {@code source:line: what is wrong}
   */
  public static NetworkRegions parse(String text, String source) {
    Map<String, Entry> stations = new HashMap<>();
    Map<String, Entry> networks = new HashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      int hash = lines[i].indexOf('#');
      String line = (hash >= 0 ? lines[i].substring(0, hash) : lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = source + ":" + (i + 1) + ": ";
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            where + "expected 'REGION: NET.STA NET.* ...', got '" + line + "'");
      }
      String region = m.group(1);
      String[] patterns = m.group(2).strip().split("\\s+");
      if (patterns[0].isEmpty()) {
        throw new IllegalArgumentException(where + "region " + region + " names no station");
      }
      for (String p : patterns) {
        Matcher s = STATION.matcher(p);
        if (!s.matches()) {
          throw new IllegalArgumentException(
              where + "'" + p + "' is not a station pattern (NET.STA or NET.*)");
        }
        Entry e = new Entry(region, p, i + 1);
        boolean wholeNetwork = s.group(2).equals("*");
        Map<String, Entry> same = wholeNetwork ? networks : stations;
        String key = wholeNetwork ? s.group(1) : p;
        Entry before = same.putIfAbsent(key, e);
        if (before != null && !before.region().equals(region)) {
          throw inTwo(where, p, e, before);
        }
      }
    }
    if (stations.isEmpty() && networks.isEmpty()) {
      throw new IllegalArgumentException(source + ": no region (lines 'REGION: NET.STA ...')");
    }
    // a station named alone that its network's NET.* puts in another region
    for (Entry e : stations.values()) {
      Entry net = networks.get(e.pattern().substring(0, e.pattern().indexOf('.')));
      if (net != null && !net.region().equals(e.region())) {
        throw inTwo(source + ":" + e.line() + ": ", e.pattern(), e, net);
      }
    }
    Map<String, String> byStation = new HashMap<>();
    stations.forEach((k, e) -> byStation.put(k, e.region()));
    Map<String, String> byNetwork = new HashMap<>();
    networks.forEach((k, e) -> byNetwork.put(k, e.region()));
    return new NetworkRegions(byStation, byNetwork);
  }

  private static IllegalArgumentException inTwo(String where, String p, Entry e, Entry before) {
    return new IllegalArgumentException(
        where
            + p
            + " would be in two regions: "
            + e.region()
            + " and, by "
            + before.pattern()
            + " on line "
            + before.line()
            + ", "
            + before.region());
  }

  /** A pattern where the file gave it. */
  private record Entry(String region, String pattern, int line) {}

  /** The region of a station {@code NET.STA}. */
  public String regionOf(String stationId) {
    String r = stations.get(stationId);
    if (r != null) {
      return r;
    }
    int dot = stationId.indexOf('.');
    r = dot > 0 ? networks.get(stationId.substring(0, dot)) : null;
    return r != null ? r : WHOLE_NETWORK;
  }

  /** Whether a pattern of the file names the station (else it falls to {@link #WHOLE_NETWORK}). */
  public boolean assigns(String stationId) {
    int dot = stationId.indexOf('.');
    return stations.containsKey(stationId)
        || (dot > 0 && networks.containsKey(stationId.substring(0, dot)));
  }

  /** The stations of {@code stationIds} that no pattern names, sorted. */
  public List<String> unassigned(Collection<String> stationIds) {
    if (isWhole()) {
      return List.of();
    }
    return stationIds.stream().filter(id -> !assigns(id)).sorted().distinct().toList();
  }

  /** Whether this is one region for everything ({@link #whole}). */
  public boolean isWhole() {
    return stations.isEmpty() && networks.isEmpty();
  }

  /** The stations of each region, regions by name. */
  public Map<String, List<Station>> split(Collection<Station> all) {
    Map<String, List<Station>> out = new TreeMap<>();
    for (Station s : all) {
      out.computeIfAbsent(regionOf(s.id()), k -> new ArrayList<>()).add(s);
    }
    return out;
  }

  /** The region names the file gives, sorted. */
  public Set<String> regionNames() {
    Set<String> out = new TreeSet<>(stations.values());
    out.addAll(networks.values());
    return out.isEmpty() ? Set.of(WHOLE_NETWORK) : out;
  }
}
