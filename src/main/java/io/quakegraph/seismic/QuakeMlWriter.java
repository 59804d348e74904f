package io.quakegraph.seismic;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes events as QuakeML 1.2 BED: per event its picks, one origin whose arrivals reference them,
 * one magnitude, and the preferred origin/magnitude ids. Resource ids are {@code
 * smi:quakegraph/<kind>/<eventId>[/<n>]}.
 */
final class QuakeMlWriter {
  /** The local part QuakeML's ResourceReference pattern allows after {@code smi:authority/}. */
  private static final Pattern RESOURCE_TAIL = Pattern.compile("[\\w\\-.*()+?~'=,;#/&]+");

  private QuakeMlWriter() {}

  static void write(List<Earthquake> events, OutputStream stream, String methodId)
      throws IOException {
    Set<String> seen = new HashSet<>();
    for (Earthquake e : events) {
      if (!RESOURCE_TAIL.matcher(e.eventId()).matches() && !isResourceId(e.eventId())) {
        throw new IllegalArgumentException(
            "event id '" + e.eventId() + "' cannot be part of a QuakeML resource id");
      }
      if (!seen.add(e.eventId())) {
        throw new IllegalArgumentException("duplicate event id '" + e.eventId() + "'");
      }
    }
    IndentedXml x = new IndentedXml(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    x.start("q:quakeml", "xmlns:q", QuakeMl.QUAKEML, "xmlns", QuakeMl.BED);
    x.start("eventParameters", "publicID", "smi:quakegraph/catalog");
    for (Earthquake e : events) {
      writeEvent(x, e, methodId);
    }
    x.end();
    x.end();
    x.finish();
  }

  private static void writeEvent(IndentedXml x, Earthquake e, String methodId) throws IOException {
    String id = e.eventId();
    String tail = isResourceId(id) ? id.substring(id.indexOf(':') + 1) : "quakegraph/" + id;
    String eventRid = isResourceId(id) ? id : QuakeMl.EVENT_PREFIX + id;
    String originId = "smi:" + tail + "/origin";
    String magnitudeId = "smi:" + tail + "/magnitude";
    boolean hasMagnitude = !Double.isNaN(e.magnitude());

    x.start("event", "publicID", eventRid);
    x.leaf("preferredOriginID", originId);
    if (hasMagnitude) {
      x.leaf("preferredMagnitudeID", magnitudeId);
    }
    x.leaf("type", "earthquake");
    List<Pick> picks = e.picks();
    for (int i = 0; i < picks.size(); i++) {
      Pick p = picks.get(i);
      SourceId c = p.channel();
      x.start("pick", "publicID", "smi:" + tail + "/pick/" + i);
      x.start("time").leaf("value", Times.format(p.timeMicros())).end();
      x.empty(
          "waveformID",
          "networkCode",
          c.network(),
          "stationCode",
          c.station(),
          "locationCode",
          c.location(),
          "channelCode",
          c.channel().isEmpty() ? null : c.channel());
      if (methodId != null) {
        x.leaf("methodID", methodId);
      }
      x.leaf("phaseHint", p.phase());
      x.leaf("evaluationMode", "manual");
      x.end();
    }
    Origin o = e.origin();
    x.start("origin", "publicID", originId);
    x.start("time").leaf("value", Times.format(o.timeMicros())).end();
    x.start("latitude").leaf("value", o.latitude()).end();
    x.start("longitude").leaf("value", o.longitude()).end();
    if (Double.isFinite(o.depthKm())) {
      x.start("depth").leaf("value", QuakeMl.kmToMetres(o.depthKm())).end();
    }
    if (methodId != null) {
      x.leaf("methodID", methodId);
    }
    for (int i = 0; i < picks.size(); i++) {
      x.start("arrival", "publicID", "smi:" + tail + "/arrival/" + i);
      x.leaf("pickID", "smi:" + tail + "/pick/" + i);
      x.leaf("phase", picks.get(i).phase());
      x.end();
    }
    x.leaf("evaluationMode", "manual");
    x.end();
    if (hasMagnitude) {
      x.start("magnitude", "publicID", magnitudeId);
      x.start("mag").leaf("value", e.magnitude()).end();
      if (!e.magnitudeType().isEmpty()) {
        x.leaf("type", e.magnitudeType());
      }
      x.leaf("originID", originId);
      x.end();
    }
    x.end();
  }

  private static boolean isResourceId(String id) {
    return id.startsWith("smi:") || id.startsWith("quakeml:");
  }
}
