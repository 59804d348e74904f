package io.quakegraph.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the bridge's {@code --streams} list: {@code NET_STA[:SEL[,SEL...]]}, e.g. {@code
 * CI_*:HH?,HN?} (every CI station, channels HH? and HN?) or {@code CI_PAS} (all of PAS). Network
 * and station may hold {@code ?} and {@code *} wildcards, resolved against the server's {@code INFO
 * STATIONS} list; the selectors are SeedLink SELECT patterns ({@code [LL]CCC[.T]}).
 *
 * <p>Several entries are separated by whitespace or {@code ;} (commas already separate selectors):
 * {@code 'CI_PAS:HH? CI_GR2:HN?'}.
 *
 * @param network network pattern
 * @param station station pattern
 * @param selectors SELECT patterns; empty for every stream
 */
public record StationSpec(String network, String station, List<String> selectors) {
  public StationSpec {
    selectors = List.copyOf(selectors);
  }

  /**
   * Parses a {@code --streams} value.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  public static List<StationSpec> parseList(String text) {
    List<StationSpec> out = new ArrayList<>();
    for (String entry : text.trim().split("[\\s;]+")) {
      if (!entry.isEmpty()) {
        out.add(parse(entry));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no streams given: '" + text + "'");
    }
    return out;
  }

  /** Parses one entry {@code NET_STA[:SEL,...]}. */
  public static StationSpec parse(String entry) {
    String e = entry.toUpperCase(Locale.ROOT);
    String sels = "";
    int colon = e.indexOf(':');
    if (colon >= 0) {
      sels = e.substring(colon + 1);
      e = e.substring(0, colon);
    }
    int us = e.indexOf('_');
    if (us <= 0 || us == e.length() - 1 || e.indexOf('_', us + 1) >= 0) {
      throw new IllegalArgumentException(
          "stream entry '" + entry + "' is not NET_STA[:SELECTORS] (e.g. CI_*:HH?,HN?)");
    }
    String net = e.substring(0, us);
    String sta = e.substring(us + 1);
    if (!net.matches("[A-Z0-9?*]{1,8}") || !sta.matches("[A-Z0-9?*]{1,8}")) {
      throw new IllegalArgumentException("bad network or station code in '" + entry + "'");
    }
    List<String> selectors = new ArrayList<>();
    for (String s : sels.split(",")) {
      if (!s.isBlank()) {
        if (!s.matches("!?[A-Z0-9?*\\-]{1,5}(\\.[A-Z?])?")) {
          throw new IllegalArgumentException("bad selector '" + s + "' in '" + entry + "'");
        }
        selectors.add(s);
      }
    }
    return new StationSpec(net, sta, selectors);
  }

  /** Whether network or station holds a wildcard (needs INFO STATIONS to resolve). */
  public boolean hasWildcard() {
    return (network + station).contains("?") || (network + station).contains("*");
  }

  /** Whether the pattern matches a station. */
  public boolean matches(String net, String sta) {
    return glob(network, net) && glob(station, sta);
  }

  private static boolean glob(String pattern, String text) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      re.append(
          c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
    }
    return text.toUpperCase(Locale.ROOT).matches(re.toString());
  }

  @Override
  public String toString() {
    return network + "_" + station + (selectors.isEmpty() ? "" : ":" + String.join(",", selectors));
  }
}
