package io.quakegraph.seismic;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers for plain-text station lists (SCEDC channel epochs, the derived SoCal CSV, {@code NET STA
 * LAT LON} lists) and StationXML, so {@code --stations FILE} accepts any of them.
 *
 * <p>Text lists carry no response: channels get an empty sensitivity and response. Their sample
 * rate is the nominal rate of the SEED band code ({@link #nominalSampleRate}); depth is 0 m; the
 * orientation follows the SEED convention for Z/N/E components (Z: azimuth 0, dip -90; N: 0, 0; E:
 * 90, 0) and is NaN for numbered components (1/2/3), whose orientation only StationXML knows.
 *
 * <p>A malformed line is skipped with a WARN naming the file and line number; it never aborts the
 * read.
 */
public final class StationList {
  private static final Logger LOG = LoggerFactory.getLogger(StationList.class);

  private static final DateTimeFormatter SLASH_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static final Pattern SLASH_DATE_TOKEN = Pattern.compile("\\d{4}/\\d\\d/\\d\\d");

  private StationList() {}

  /**
   * Reads an SCEDC channel-epoch list, one channel epoch per line: {@code NET STA CHA LOC SITE LAT
   * LON ELEV_m ON OFF flag}. The site name contains spaces, so the four codes are read from the
   * left and the six numeric/date columns from the right; what lies between is the site. Dates are
   * {@code yyyy/mm/dd} (UTC midnight); an OFF date of 2500 or later (the file uses 3000/01/01) is
   * open. The trailing flag column is not used.
   *
   * <p>One station per {@code NET.STA}, in first-seen order, with all its channel epochs; station
   * coordinates and site name are those of its most recently started epoch.
   */
  public static List<Station> readScedcChannelEpochs(Path file) throws IOException {
    Map<String, List<ScedcLine>> byStation = new LinkedHashMap<>();
    int lineNo = 0;
    int bad = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          ScedcLine l = ScedcLine.parse(line);
          byStation.computeIfAbsent(l.id.stationId(), k -> new ArrayList<>()).add(l);
        } catch (RuntimeException e) {
          bad++;
          LOG.warn("{}:{}: skipped channel epoch line: {}", file, lineNo, e.getMessage());
        }
      }
    }
    List<Station> stations = new ArrayList<>(byStation.size());
    for (List<ScedcLine> lines : byStation.values()) {
      ScedcLine latest = lines.get(0);
      List<Channel> channels = new ArrayList<>(lines.size());
      for (ScedcLine l : lines) {
        if (l.start > latest.start) {
          latest = l;
        }
        channels.add(nominalChannel(l.id, l.lat, l.lon, l.elev, l.start, l.end));
      }
      stations.add(
          new Station(
              latest.id.network(),
              latest.id.station(),
              latest.lat,
              latest.lon,
              latest.elev,
              latest.site,
              channels));
    }
    LOG.debug(
        "{}: {} channel epochs, {} stations, {} bad lines", file, lineNo, stations.size(), bad);
    return stations;
  }

  /** One parsed line of the SCEDC list. */
  private record ScedcLine(
      SourceId id, String site, double lat, double lon, double elev, long start, long end) {

    static ScedcLine parse(String line) {
      List<int[]> spans = tokenSpans(line);
      if (spans.size() < 10) {
        throw new IllegalArgumentException(
            "expected at least 10 columns, found " + spans.size() + ": '" + line.trim() + "'");
      }
      int n = spans.size();
      // The flag column is optional: if the last token is a date, there is no flag.
      int offIndex =
          SLASH_DATE_TOKEN.matcher(token(line, spans.get(n - 1))).matches() ? n - 1 : n - 2;
      int lat = offIndex - 4;
      if (lat < 4) {
        throw new IllegalArgumentException("too few columns: '" + line.trim() + "'");
      }
      String site = lat > 4 ? line.substring(spans.get(4)[0], spans.get(lat - 1)[1]).trim() : "";
      SourceId id =
          SourceId.of(
              token(line, spans.get(0)),
              token(line, spans.get(1)),
              token(line, spans.get(3)),
              token(line, spans.get(2)));
      return new ScedcLine(
          id,
          site,
          Double.parseDouble(token(line, spans.get(lat))),
          Double.parseDouble(token(line, spans.get(lat + 1))),
          Double.parseDouble(token(line, spans.get(lat + 2))),
          slashDate(token(line, spans.get(lat + 3))),
          openEnd(slashDate(token(line, spans.get(offIndex)))));
    }
  }

  /**
   * Reads the derived SoCal station CSV ({@code
   * network,station,latitude,longitude,elevation_m,channel_prefixes,first_on,last_off,site_name},
   * site names quoted). Each prefix in {@code channel_prefixes} ({@code BH|HH|HN}) becomes channels
   * {@code <prefix>Z}, {@code N} and {@code E} with a blank location, over the epoch {@code
   * first_on..last_off}.
   */
  public static List<Station> readCsv(Path file) throws IOException {
    List<Station> stations = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        throw new IOException(file + ": empty file");
      }
      CsvRow.Header h = CsvRow.Header.of(header, file);
      h.require(
          file,
          "network",
          "station",
          "latitude",
          "longitude",
          "elevation_m",
          "channel_prefixes",
          "first_on",
          "last_off");
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          CsvRow row = h.row(line);
          String net = row.get("network");
          String sta = row.get("station");
          double lat = Double.parseDouble(row.get("latitude"));
          double lon = Double.parseDouble(row.get("longitude"));
          double elev = Double.parseDouble(row.get("elevation_m"));
          long on = slashDate(row.get("first_on"));
          long off = openEnd(slashDate(row.get("last_off")));
          List<Channel> channels = new ArrayList<>();
          for (String prefix : row.get("channel_prefixes").split("\\|")) {
            if (prefix.isBlank()) {
              continue;
            }
            for (String comp : List.of("Z", "N", "E")) {
              channels.add(
                  nominalChannel(
                      SourceId.of(net, sta, "", prefix.trim() + comp), lat, lon, elev, on, off));
            }
          }
          String site = h.has("site_name") ? row.get("site_name") : "";
          stations.add(new Station(net, sta, lat, lon, elev, site, channels));
        } catch (RuntimeException e) {
          LOG.warn("{}:{}: skipped station row: {}", file, lineNo, e.getMessage());
        }
      }
    }
    return stations;
  }

  /**
   * Reads a {@code NET STA LAT LON} list (whitespace separated). Such a list says nothing about
   * instruments, so each station gets a nominal 100 Hz broadband set {@code HHZ/HHN/HHE} (blank
   * location) valid at all times, elevation 0 m and an empty site name: enough for the simulator to
   * treat the list as a network.
   */
  public static List<Station> readSimple(Path file) throws IOException {
    List<Station> stations = new ArrayList<>();
    int lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] p = t.split("\\s+");
        try {
          if (p.length < 4) {
            throw new IllegalArgumentException("expected NET STA LAT LON: '" + t + "'");
          }
          double lat = Double.parseDouble(p[2]);
          double lon = Double.parseDouble(p[3]);
          List<Channel> channels = new ArrayList<>();
          for (String cha : List.of("HHZ", "HHN", "HHE")) {
            channels.add(
                nominalChannel(
                    SourceId.of(p[0], p[1], "", cha),
                    lat,
                    lon,
                    0.0,
                    Long.MIN_VALUE,
                    Long.MAX_VALUE));
          }
          stations.add(new Station(p[0], p[1], lat, lon, 0.0, "", channels));
        } catch (RuntimeException e) {
          LOG.warn("{}:{}: skipped station line: {}", file, lineNo, e.getMessage());
        }
      }
    }
    return stations;
  }

  /**
   * Reads any supported station file, detected from its name and first line: StationXML ({@code
   * .xml} or content starting with {@code <}), the SoCal CSV (comma-separated header), the SCEDC
   * channel-epoch list (lines with {@code yyyy/mm/dd} dates) or a {@code NET STA LAT LON} list. A
   * directory is read as a folder of StationXML files.
   *
   * @throws IOException naming the file when the format is not recognised
   */
  public static List<Station> read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      return StationXml.readDirectory(file).stations();
    }
    String first = firstContentLine(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".xml") || first.startsWith("<")) {
      return StationXml.read(file).stations();
    }
    if (first.contains(",")) {
      return readCsv(file);
    }
    String[] tokens = first.split("\\s+");
    for (String t : tokens) {
      if (SLASH_DATE_TOKEN.matcher(t).matches()) {
        return readScedcChannelEpochs(file);
      }
    }
    if (tokens.length == 4) {
      return readSimple(file);
    }
    throw new IOException(
        file
            + ": unrecognised station file (expected StationXML, SoCal CSV, SCEDC channel epochs"
            + " or NET STA LAT LON); first line: '"
            + first
            + "'");
  }

  /**
   * The stations of {@code network} (any network when null or empty) that have an {@code HH} or
   * {@code BH} channel epoch active at {@code atMicros}, each reduced to the channel epochs (of any
   * kind) active at that time.
   */
  public static List<Station> activeBroadband(
      List<Station> stations, String network, long atMicros) {
    List<Station> out = new ArrayList<>();
    for (Station s : stations) {
      if (network != null && !network.isEmpty() && !s.network().equals(network)) {
        continue;
      }
      List<Channel> active = s.channelsAt(atMicros);
      boolean broadband =
          active.stream()
              .anyMatch(
                  c ->
                      c.id().bandInstrument().equals("HH") || c.id().bandInstrument().equals("BH"));
      if (broadband) {
        out.add(
            new Station(
                s.network(),
                s.station(),
                s.latitude(),
                s.longitude(),
                s.elevationM(),
                s.siteName(),
                active));
      }
    }
    return out;
  }

  /**
   * Nominal sample rate of a SEED band code as the SCSN runs it: H and E 100 Hz, B 40 Hz, L 1 Hz, V
   * 0.1 Hz, U 0.01 Hz; NaN for any other band (the rate is then unknown, not guessed).
   */
  public static double nominalSampleRate(String channel) {
    if (channel.isEmpty()) {
      return Double.NaN;
    }
    return switch (channel.charAt(0)) {
      case 'H', 'E' -> 100.0;
      case 'B' -> 40.0;
      case 'L' -> 1.0;
      case 'V' -> 0.1;
      case 'U' -> 0.01;
      default -> Double.NaN;
    };
  }

  private static Channel nominalChannel(
      SourceId id, double lat, double lon, double elev, long start, long end) {
    double azimuth;
    double dip;
    switch (id.component()) {
      case 'Z' -> {
        azimuth = 0;
        dip = -90;
      }
      case 'N' -> {
        azimuth = 0;
        dip = 0;
      }
      case 'E' -> {
        azimuth = 90;
        dip = 0;
      }
      default -> {
        azimuth = Double.NaN;
        dip = Double.NaN;
      }
    }
    return new Channel(
        id,
        lat,
        lon,
        elev,
        0.0,
        azimuth,
        dip,
        nominalSampleRate(id.channel()),
        start,
        end,
        Optional.empty(),
        Optional.empty());
  }

  private static long slashDate(String text) {
    try {
      return LocalDate.parse(text.trim(), SLASH_DATE).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
          * 1_000_000L;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a yyyy/mm/dd date: '" + text + "'", e);
    }
  }

  private static long openEnd(long micros) {
    return micros >= StationXml.OPEN_END_FROM ? Long.MAX_VALUE : micros;
  }

  private static List<int[]> tokenSpans(String line) {
    List<int[]> spans = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        spans.add(new int[] {start, i});
      }
    }
    return spans;
  }

  private static String token(String line, int[] span) {
    return line.substring(span[0], span[1]);
  }

  private static String firstContentLine(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = r.readLine()) != null) {
        String t = line.strip();
        if (t.startsWith("\u00EF\u00BB\u00BF")) {
          t = t.substring(3); // a UTF-8 byte-order mark, seen through ISO-8859-1
        }
        if (!t.isEmpty() && !t.startsWith("#")) {
          return t;
        }
      }
    }
    throw new IOException(file + ": empty station file");
  }
}
