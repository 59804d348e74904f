package io.quakegraph.stream.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Times;
import java.util.Locale;

/** How an alert is shown: one human line, or one JSON object per line. */
public final class AlertFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  // milliseconds are enough on a terminal line (steps are 1 s); JSON keeps microseconds
  private static final java.time.format.DateTimeFormatter MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private AlertFormat() {}

  /** The column heads of {@link #line}. */
  public static String header() {
    return String.format(
        Locale.ROOT,
        "%-24s %-22s %4s %9s %10s %12s %12s %8s %9s %7s",
        "data time (UTC)",
        "event",
        "ver",
        "lat",
        "lon",
        "depth km",
        "M",
        "epi 1σ km",
        "stations",
        "lat ms");
  }

  /**
   * One line: data time, event id, version, epicentre, depth ± σ, M ± σ, the epicentre's 1-σ radius
   * (the larger of the two horizontal σ), stations used/triggered, processing latency, and FINAL on
   * the last version.
   */
  public static String line(EarthquakeAlert a) {
    return String.format(
        Locale.ROOT,
        "%-24s %-22s %4d %9.4f %10.4f %5.1f ± %4.1f %5.2f ± %4.2f %8.1f %4d/%-4d %7d%s",
        MILLIS.format(a.getDataTime()),
        a.getEventId(),
        a.getVersion(),
        a.getLatitude(),
        a.getLongitude(),
        a.getDepthKm(),
        a.getDepthUncertaintyKm(),
        a.getMagnitude(),
        a.getMagnitudeUncertainty(),
        Math.max(a.getLatitudeUncertaintyKm(), a.getLongitudeUncertaintyKm()),
        a.getStationsUsed(),
        a.getStationsTriggered(),
        a.getLatencyMs(),
        a.getFinalEstimate() ? "  FINAL" : "");
  }

  /** One JSON object (no newline): every field of the alert, times as ISO-8601 UTC. */
  public static String json(EarthquakeAlert a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("eventId", a.getEventId().toString());
    o.put("version", a.getVersion());
    o.put("final", a.getFinalEstimate());
    o.put("issueTime", Times.format(Times.micros(a.getIssueTime())));
    o.put("dataTime", Times.format(Times.micros(a.getDataTime())));
    o.put("originTime", Times.format(Times.micros(a.getOriginTime())));
    o.put("latitude", a.getLatitude());
    o.put("longitude", a.getLongitude());
    o.put("depthKm", a.getDepthKm());
    o.put("magnitude", a.getMagnitude());
    o.put("latitudeUncertaintyKm", a.getLatitudeUncertaintyKm());
    o.put("longitudeUncertaintyKm", a.getLongitudeUncertaintyKm());
    o.put("depthUncertaintyKm", a.getDepthUncertaintyKm());
    o.put("magnitudeUncertainty", a.getMagnitudeUncertainty());
    o.put("originTimeUncertaintySeconds", a.getOriginTimeUncertaintySeconds());
    o.put("stationsUsed", a.getStationsUsed());
    o.put("stationsTriggered", a.getStationsTriggered());
    o.put("stationsLive", a.getStationsLive());
    o.put("modelVersion", a.getModelVersion().toString());
    o.put("latencyMs", a.getLatencyMs());
    return o.toString();
  }
}
