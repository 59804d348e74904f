package io.quakegraph.hazard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/** The site figures as text: one line for terminals, one JSON object for programs. */
public final class ShakingText {
  private ShakingText() {}

  /**
   * E.g. {@code site 34.0500,-118.2500 (Vs30 760 m/s): 23 km, PGA 0.095 g, PGV 5.3 cm/s, MMI VI
   * (6.1), S at 03:01:23.4 UTC, 12.3 s after the estimate's data time}.
   *
   * @param dataMicros the estimate's data time: what the countdown counts from
   */
  public static String line(Site site, SiteShaking s, long dataMicros) {
    String arrival =
        s.hasArrivals()
            ? String.format(
                Locale.ROOT,
                "S at %s UTC, %.1f s %s the estimate's data time",
                Instant.ofEpochSecond(0, s.sArrivalMicros() * 1000).toString().substring(11, 21),
                Math.abs(s.secondsToS(dataMicros)),
                s.secondsToS(dataMicros) >= 0 ? "after" : "before")
            : "S beyond the travel-time table";
    return String.format(
        Locale.ROOT,
        "site %s: %.0f km, PGA %.3g g, PGV %.3g cm/s, MMI %s (%.1f), %s",
        site,
        s.epicentralKm(),
        s.pgaG(),
        s.pgvCmS(),
        Worden2012.roman(s.mmi()),
        s.mmi(),
        arrival);
  }

  /** The same figures as a JSON object. */
  public static ObjectNode json(Site site, SiteShaking s, long dataMicros) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("latitude", site.latitude());
    o.put("longitude", site.longitude());
    o.put("vs30", site.vs30());
    o.put("epicentralKm", s.epicentralKm());
    o.put("pgaG", s.pgaG());
    o.put("pgvCmS", s.pgvCmS());
    o.put("mmi", s.mmi());
    if (s.hasArrivals()) {
      o.put("sArrival", Instant.ofEpochSecond(0, s.sArrivalMicros() * 1000).toString());
      o.put("secondsToS", s.secondsToS(dataMicros));
    }
    return o;
  }
}
