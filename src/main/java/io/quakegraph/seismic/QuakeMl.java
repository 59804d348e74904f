package io.quakegraph.seismic;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuakeML 1.2 (BED) catalogs: each event's preferred origin, preferred magnitude and picks.
 *
 * <p>Picks are those referenced by the arrivals of the preferred origin, in arrival order and with
 * the arrival's phase (the pick's {@code phaseHint} when the arrival has none); when that origin
 * has no arrivals, all picks of the event in document order. Event ids: ANSS {@code
 * catalog:eventsource} + {@code catalog:eventid} when present (as ComCat ids, {@code ci38038071}),
 * our own {@code smi:quakegraph/event/} prefix removed, otherwise the publicID itself. Depth is
 * converted between QuakeML metres and our km in decimal, so write-then-read returns the same
 * doubles.
 */
public final class QuakeMl {
  private static final Logger LOG = LoggerFactory.getLogger(QuakeMl.class);

  static final String BED = "http://quakeml.org/xmlns/bed/1.2";
  static final String QUAKEML = "http://quakeml.org/xmlns/quakeml/1.2";
  static final String BED_RT = "http://quakeml.org/xmlns/bed-rt/1.2";
  static final String ANSS_CATALOG = "http://anss.org/xmlns/catalog/0.1";
  static final String EVENT_PREFIX = "smi:quakegraph/event/";

  /** The methodID the two-argument writers put on picks and origins: simulated ground truth. */
  public static final String SYNTHETIC_METHOD = "smi:quakegraph/synthetic";

  private QuakeMl() {}

  /**
   * Reads a QuakeML file; events without a usable origin are skipped with a WARN.
   *
   * @throws IOException naming the file and line/column when the XML is malformed
   */
  public static List<Earthquake> read(Path file) throws IOException {
    return readWithProblems(file).events();
  }

  /** Reads QuakeML from a stream (named "stream" in errors). */
  public static List<Earthquake> read(InputStream in) throws IOException {
    return read(in, "stream").events();
  }

  /** Reads a QuakeML file and lists the events that were skipped and why. */
  public static CatalogReadResult readWithProblems(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString());
    }
  }

  /** Reads QuakeML from a stream; {@code sourceName} names it in errors and problems. */
  public static CatalogReadResult read(InputStream in, String sourceName) throws IOException {
    QuakeMlHandler h = new QuakeMlHandler(sourceName);
    XmlWalker.walk(in, sourceName, "quakeml", Set.of(BED, QUAKEML, BED_RT, ""), h);
    return new CatalogReadResult(h.events, h.problems);
  }

  /**
   * Writes QuakeML 1.2 marking origins and picks as simulated truth: evaluationMode {@code manual}
   * and methodID {@link #SYNTHETIC_METHOD}.
   */
  public static void write(List<Earthquake> events, OutputStream out) throws IOException {
    QuakeMlWriter.write(events, out, SYNTHETIC_METHOD);
  }

  /**
   * Writes QuakeML 1.2 with the given methodID on origins and picks (null: none); evaluationMode is
   * {@code manual} either way, since nothing we write comes from an automatic picker run.
   *
   * @throws IllegalArgumentException when an event id has characters a QuakeML resource id cannot
   *     hold
   */
  public static void write(List<Earthquake> events, OutputStream out, String methodId)
      throws IOException {
    QuakeMlWriter.write(events, out, methodId);
  }

  /** As {@link #write(List, OutputStream)}, to a file (replaced). */
  public static void write(List<Earthquake> events, Path file) throws IOException {
    write(events, file, SYNTHETIC_METHOD);
  }

  /**
   * Writes QuakeML 1.2 with the given methodID on origins and picks (null: none).
   *
   * @throws IllegalArgumentException when an event id has characters a QuakeML resource id cannot
   *     hold
   */
  public static void write(List<Earthquake> events, Path file, String methodId) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      QuakeMlWriter.write(events, out, methodId);
    }
  }

  /** Depth in QuakeML metres to km, in decimal so that km -> m -> km is exact. */
  static double metresToKm(String metres) {
    double m = XmlWalker.parseDouble("depth", metres);
    if (!Double.isFinite(m)) {
      return m;
    }
    return new BigDecimal(metres.trim()).movePointLeft(3).doubleValue();
  }

  static String kmToMetres(double km) {
    return new BigDecimal(Double.toString(km))
        .movePointRight(3)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Collects events from the walker's element stream. */
  private static final class QuakeMlHandler implements XmlWalker.Handler {
    private final String source;
    final List<Earthquake> events = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    private EventBuilder event;
    private OriginBuilder origin;
    private MagnitudeBuilder magnitude;
    private PickBuilder pick;
    private String arrivalPickId;
    private String arrivalPhase;

    QuakeMlHandler(String source) {
      this.source = source;
    }

    @Override
    public void start(String name, XmlWalker.Path path, XMLStreamReader r) {
      String publicId = r.getAttributeValue(null, "publicID");
      switch (name) {
        case "event" -> {
          String src = r.getAttributeValue(ANSS_CATALOG, "eventsource");
          String id = r.getAttributeValue(ANSS_CATALOG, "eventid");
          event = new EventBuilder(publicId, src != null && id != null ? src + id : null);
        }
        case "origin" -> {
          if (event != null && path.under("event")) {
            origin = new OriginBuilder(publicId);
          }
        }
        case "magnitude" -> {
          if (event != null && path.under("event")) {
            magnitude = new MagnitudeBuilder(publicId);
          }
        }
        case "pick" -> {
          if (event != null && path.under("event")) {
            pick = new PickBuilder(publicId);
          }
        }
        case "arrival" -> {
          arrivalPickId = null;
          arrivalPhase = "";
        }
        case "waveformID" -> {
          if (pick != null) {
            pick.network = attr(r, "networkCode");
            pick.station = attr(r, "stationCode");
            pick.location = attr(r, "locationCode");
            pick.channel = attr(r, "channelCode");
          }
        }
        default -> {
          // values arrive as text at the element's end
        }
      }
    }

    @Override
    public void end(String name, XmlWalker.Path path, String text) {
      if (event == null) {
        return;
      }
      if (origin != null) {
        endInOrigin(name, path, text);
      } else if (magnitude != null) {
        if (name.equals("value") && path.under("mag", "magnitude")) {
          magnitude.mag = XmlWalker.parseDouble("mag", text);
        } else if (name.equals("type") && path.under("magnitude")) {
          magnitude.type = text;
        } else if (name.equals("magnitude")) {
          event.magnitudes.put(magnitude.id, magnitude);
          magnitude = null;
        }
      } else if (pick != null) {
        if (name.equals("value") && path.under("time", "pick")) {
          pick.time = Times.parse(text);
        } else if (name.equals("phaseHint") && path.under("pick")) {
          pick.phaseHint = text;
        } else if (name.equals("pick")) {
          event.picks.put(pick.id, pick);
          pick = null;
        }
      } else if (name.equals("preferredOriginID") && path.under("event")) {
        event.preferredOrigin = text;
      } else if (name.equals("preferredMagnitudeID") && path.under("event")) {
        event.preferredMagnitude = text;
      } else if (name.equals("event")) {
        finishEvent();
        event = null;
      }
    }

    private void endInOrigin(String name, XmlWalker.Path path, String text) {
      if (name.equals("value")) {
        switch (path.up(1) + "/" + path.up(2)) {
          case "time/origin" -> origin.time = Times.parse(text);
          case "latitude/origin" -> origin.latitude = XmlWalker.parseDouble("latitude", text);
          case "longitude/origin" -> origin.longitude = XmlWalker.parseDouble("longitude", text);
          case "depth/origin" -> origin.depthKm = metresToKm(text);
          default -> {
            // uncertainties, quality and other values are not kept
          }
        }
      } else if (path.under("arrival")) {
        if (name.equals("pickID")) {
          arrivalPickId = text;
        } else if (name.equals("phase")) {
          arrivalPhase = text;
        }
      } else if (name.equals("arrival")) {
        if (arrivalPickId != null) {
          origin.arrivals.add(new String[] {arrivalPickId, arrivalPhase});
        }
      } else if (name.equals("origin")) {
        event.origins.put(origin.id, origin);
        origin = null;
      }
    }

    private void finishEvent() {
      EventBuilder e = event;
      String id = e.eventId();
      OriginBuilder o =
          e.origins.getOrDefault(
              e.preferredOrigin, e.origins.isEmpty() ? null : e.origins.values().iterator().next());
      if (o == null || o.time == null || Double.isNaN(o.latitude) || Double.isNaN(o.longitude)) {
        problem("event " + id + " has no origin with time, latitude and longitude; skipped");
        return;
      }
      MagnitudeBuilder m =
          e.magnitudes.getOrDefault(
              e.preferredMagnitude,
              e.magnitudes.isEmpty() ? null : e.magnitudes.values().iterator().next());
      List<Pick> picks = new ArrayList<>();
      if (!o.arrivals.isEmpty()) {
        for (String[] a : o.arrivals) {
          PickBuilder p = e.picks.get(a[0]);
          if (p == null) {
            problem("event " + id + ": arrival references unknown pick " + a[0] + "; ignored");
            continue;
          }
          addPick(picks, p, a[1].isEmpty() ? p.phaseHint : a[1], id);
        }
      } else {
        for (PickBuilder p : e.picks.values()) {
          addPick(picks, p, p.phaseHint, id);
        }
      }
      events.add(
          new Earthquake(
              id,
              new Origin(o.time, o.latitude, o.longitude, o.depthKm),
              m == null ? Double.NaN : m.mag,
              m == null ? "" : m.type,
              picks));
    }

    private void addPick(List<Pick> picks, PickBuilder p, String phase, String eventId) {
      if (p.time == null || p.network == null || p.station == null) {
        problem("event " + eventId + ": pick " + p.id + " lacks time or waveformID; ignored");
        return;
      }
      picks.add(
          new Pick(
              SourceId.of(p.network, p.station, p.location, p.channel == null ? "" : p.channel),
              phase,
              p.time));
    }

    private void problem(String what) {
      String p = source + ": " + what;
      LOG.warn(p);
      problems.add(p);
    }

    private static String attr(XMLStreamReader r, String name) {
      return r.getAttributeValue(null, name);
    }
  }

  private static final class EventBuilder {
    final String publicId;
    final String catalogId;
    String preferredOrigin = "";
    String preferredMagnitude = "";
    final Map<String, OriginBuilder> origins = new LinkedHashMap<>();
    final Map<String, MagnitudeBuilder> magnitudes = new LinkedHashMap<>();
    final Map<String, PickBuilder> picks = new LinkedHashMap<>();

    EventBuilder(String publicId, String catalogId) {
      this.publicId = publicId == null ? "" : publicId;
      this.catalogId = catalogId;
    }

    String eventId() {
      if (catalogId != null) {
        return catalogId;
      }
      return publicId.startsWith(EVENT_PREFIX)
          ? publicId.substring(EVENT_PREFIX.length())
          : publicId;
    }
  }

  private static final class OriginBuilder {
    final String id;
    Long time;
    double latitude = Double.NaN;
    double longitude = Double.NaN;
    double depthKm = Double.NaN;
    final List<String[]> arrivals = new ArrayList<>();

    OriginBuilder(String id) {
      this.id = String.valueOf(id);
    }
  }

  private static final class MagnitudeBuilder {
    final String id;
    double mag = Double.NaN;
    String type = "";

    MagnitudeBuilder(String id) {
      this.id = String.valueOf(id);
    }
  }

  private static final class PickBuilder {
    final String id;
    Long time;
    String network;
    String station;
    String location;
    String channel;
    String phaseHint = "";

    PickBuilder(String id) {
      this.id = String.valueOf(id);
    }
  }
}
