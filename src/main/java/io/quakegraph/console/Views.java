package io.quakegraph.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.hazard.ShakingForecaster;
import io.quakegraph.hazard.Site;
import io.quakegraph.hazard.SiteShaking;
import io.quakegraph.hazard.Worden2012;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.StationPick;
import io.quakegraph.seismic.TravelTimes;
import java.time.Instant;

/** The JSON the page receives: alerts (with fronts and site shaking), picks, shaking. */
final class Views {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Spacing of the P and S front tables, km: the page interpolates between. */
  static final double FRONT_STEP_KM = 5;

  private final TravelTimes times;
  private final ShakingForecaster forecaster;

  Views(TravelTimes times) {
    this.times = times;
    this.forecaster = new ShakingForecaster(times);
  }

  static long ms(Instant t) {
    return t.toEpochMilli();
  }

  static long micros(Instant t) {
    return Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1000;
  }

  /** An alert version as the page draws it; {@code site} may be null. */
  ObjectNode alert(EarthquakeAlert a, long writtenMs, Site site) {
    ObjectNode o = JSON.createObjectNode();
    o.put("eventId", a.getEventId());
    o.put("version", a.getVersion());
    o.put("final", a.getFinalEstimate());
    o.put("issueMs", ms(a.getIssueTime()));
    o.put("dataMs", ms(a.getDataTime()));
    o.put("originMs", ms(a.getOriginTime()));
    o.put("lat", a.getLatitude());
    o.put("lon", a.getLongitude());
    o.put("depthKm", a.getDepthKm());
    o.put("mag", a.getMagnitude());
    o.put("magText", magnitudeText(a.getMagnitude()));
    o.put("latSigmaKm", a.getLatitudeUncertaintyKm());
    o.put("lonSigmaKm", a.getLongitudeUncertaintyKm());
    o.put("depthSigmaKm", a.getDepthUncertaintyKm());
    o.put("magSigma", a.getMagnitudeUncertainty());
    o.put("originSigmaS", a.getOriginTimeUncertaintySeconds());
    o.put("used", a.getStationsUsed());
    o.put("triggered", a.getStationsTriggered());
    o.put("live", a.getStationsLive());
    o.put("model", a.getModelVersion());
    o.put("latencyMs", a.getLatencyMs());
    o.put("writtenMs", writtenMs);
    o.set("fronts", fronts(a.getDepthKm()));
    if (site != null) {
      o.set("site", shaking(a, site));
    }
    return o;
  }

  /** The magnitude as the page prints it, e.g. {@code M4.3}. */
  static String magnitudeText(double m) {
    return String.format(java.util.Locale.ROOT, "M%.1f", m);
  }

  /** P and S travel times every {@value #FRONT_STEP_KM} km for the event's depth. */
  ObjectNode fronts(double depthKm) {
    double depth = Math.max(0, Math.min(TravelTimes.MAX_DEPTH_KM, depthKm));
    ObjectNode f = JSON.createObjectNode();
    ArrayNode km = f.putArray("km");
    ArrayNode p = f.putArray("p");
    ArrayNode s = f.putArray("s");
    for (double d = 0; d <= TravelTimes.MAX_DISTANCE_KM; d += FRONT_STEP_KM) {
      km.add(d);
      p.add(Math.round(times.pSeconds(d, depth) * 100) / 100.0);
      s.add(Math.round(times.sSeconds(d, depth) * 100) / 100.0);
    }
    return f;
  }

  /** What an alert means for a site. */
  ObjectNode shaking(EarthquakeAlert a, Site site) {
    SiteShaking s =
        forecaster.at(
            site,
            a.getLatitude(),
            a.getLongitude(),
            a.getDepthKm(),
            a.getMagnitude(),
            micros(a.getOriginTime()));
    ObjectNode o = JSON.createObjectNode();
    o.put("eventId", a.getEventId());
    o.put("version", a.getVersion());
    o.put("lat", site.latitude());
    o.put("lon", site.longitude());
    o.put("vs30", site.vs30());
    o.put("km", Math.round(s.epicentralKm() * 10) / 10.0);
    o.put("pgaG", s.pgaG());
    o.put("pgaSigmaLn", s.pgaSigmaLn());
    o.put("pgvCmS", s.pgvCmS());
    o.put("pgvSigmaLn", s.pgvSigmaLn());
    o.put("mmi", Math.round(s.mmi() * 10) / 10.0);
    o.put("mmiRoman", Worden2012.roman(s.mmi()));
    if (s.hasArrivals()) {
      o.put("pMs", Math.floorDiv(s.pArrivalMicros(), 1000));
      o.put("sMs", Math.floorDiv(s.sArrivalMicros(), 1000));
    }
    return o;
  }

  static ObjectNode pick(StationPick p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("station", p.getStationId());
    o.put("onsetMs", ms(p.getOnsetTime()));
    o.put("stepMs", ms(p.getStepTime()));
    o.put("lat", p.getLatitude());
    o.put("lon", p.getLongitude());
    o.put("logPeak", p.getLog10PeakVelocity());
    return o;
  }
}
