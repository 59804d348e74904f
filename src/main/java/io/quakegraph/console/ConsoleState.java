package io.quakegraph.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.hazard.Site;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.StationPick;
import io.quakegraph.seismic.Station;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the console knows: the stations and when each last sent a packet, each station's latest
 * onset, every event with its versions, counters of skipped input, and whether the broker answers.
 *
 * <p>Versions and onsets already seen are dropped (the job may publish them again after a restart),
 * and counted. Methods that change the state return the JSON to push, or null when nothing changed.
 */
final class ConsoleState {
  /** How long the data clock keeps its newest reading before a smaller one may replace it, ms. */
  private static final long CLOCK_WINDOW_MS = 10_000;

  private final List<Station> stations;
  private final Set<String> known = new java.util.HashSet<>();
  private final Views views;
  private final Site site;
  private final long silentMs;

  private final Map<String, Long> lastPacketMs = new ConcurrentHashMap<>();
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final Map<String, ObjectNode> picks = new HashMap<>();
  private final Map<String, TreeMap<Integer, ObjectNode>> events = new LinkedHashMap<>();
  private final Map<String, EarthquakeAlert> latest = new HashMap<>();

  final AtomicLong malformedAlerts = new AtomicLong();
  final AtomicLong malformedPicks = new AtomicLong();
  final AtomicLong malformedPackets = new AtomicLong();
  final AtomicLong foreignPackets = new AtomicLong();
  final AtomicLong repeated = new AtomicLong();
  final AtomicLong alertsSeen = new AtomicLong();
  final AtomicLong packetsSeen = new AtomicLong();

  private volatile boolean brokerOk = true;
  private volatile long brokerLostSinceMs;
  private volatile long clockOffsetMs = Long.MIN_VALUE;
  private volatile long clockReadAtMs;

  ConsoleState(List<Station> stations, Views views, Site site, long silentMs) {
    this.stations = List.copyOf(stations);
    this.views = views;
    this.site = site;
    this.silentMs = silentMs;
    stations.forEach(s -> known.add(s.id()));
  }

  Site site() {
    return site;
  }

  Views views() {
    return views;
  }

  /** A decoded alert record written at {@code writtenMs}; the JSON to push, or null if seen. */
  synchronized ObjectNode onAlert(EarthquakeAlert a, long writtenMs) {
    TreeMap<Integer, ObjectNode> versions =
        events.computeIfAbsent(a.getEventId(), k -> new TreeMap<>());
    if (versions.containsKey(a.getVersion())) {
      repeated.incrementAndGet();
      return null;
    }
    alertsSeen.incrementAndGet();
    ObjectNode o = views.alert(a, writtenMs, site);
    versions.put(a.getVersion(), o);
    EarthquakeAlert prev = latest.get(a.getEventId());
    if (prev == null || prev.getVersion() < a.getVersion()) {
      latest.put(a.getEventId(), a);
    }
    return o;
  }

  /** A decoded onset; the JSON to push, or null if that onset was seen. */
  synchronized ObjectNode onPick(StationPick p) {
    ObjectNode o = Views.pick(p);
    ObjectNode prev = picks.get(p.getStationId());
    if (prev != null && prev.get("onsetMs").asLong() >= o.get("onsetMs").asLong()) {
      repeated.incrementAndGet();
      return null;
    }
    picks.put(p.getStationId(), o);
    return o;
  }

  /**
   * A packet of {@code stationId} covering data up to {@code endMicros}, received at {@code nowMs}.
   */
  void onPacket(String stationId, long endMicros, long nowMs) {
    packetsSeen.incrementAndGet();
    if (!known.contains(stationId)) {
      foreignPackets.incrementAndGet();
      return;
    }
    lastPacketMs.put(stationId, nowMs);
    changed.add(stationId);
    // The data clock: how far sample time is ahead of (or behind) the wall clock, from the newest
    // data. Replays run it at their own speed; a live network keeps it near minus the latency.
    long offset = endMicros / 1000 - nowMs;
    synchronized (this) {
      if (clockOffsetMs == Long.MIN_VALUE
          || offset > clockOffsetMs
          || nowMs - clockReadAtMs > CLOCK_WINDOW_MS) {
        clockOffsetMs = offset;
        clockReadAtMs = nowMs;
      }
    }
  }

  void brokerStatus(boolean ok, long nowMs) {
    if (ok) {
      brokerOk = true;
    } else if (brokerOk) {
      brokerOk = false;
      brokerLostSinceMs = nowMs;
    }
  }

  boolean brokerOk() {
    return brokerOk;
  }

  /** The periodic update: stations heard since the last tick, clock, counters, broker. */
  ObjectNode tick(long nowMs) {
    ObjectNode o = Views.JSON.createObjectNode();
    o.put("serverMs", nowMs);
    ObjectNode heard = o.putObject("heard");
    for (String id : new ArrayList<>(changed)) {
      changed.remove(id);
      Long t = lastPacketMs.get(id);
      if (t != null) {
        heard.put(id, t);
      }
    }
    status(o);
    return o;
  }

  private void status(ObjectNode o) {
    if (clockOffsetMs != Long.MIN_VALUE) {
      o.put("clockOffsetMs", clockOffsetMs);
    }
    ObjectNode c = o.putObject("counters");
    c.put("malformedAlerts", malformedAlerts.get());
    c.put("malformedPicks", malformedPicks.get());
    c.put("malformedPackets", malformedPackets.get());
    c.put("foreignPackets", foreignPackets.get());
    c.put("repeated", repeated.get());
    c.put("alerts", alertsSeen.get());
    c.put("packets", packetsSeen.get());
    ObjectNode b = o.putObject("broker");
    b.put("ok", brokerOk);
    if (!brokerOk) {
      b.put("lostSinceMs", brokerLostSinceMs);
    }
  }

  /** Everything, for a page that just connected. */
  synchronized ObjectNode snapshot(long nowMs) {
    ObjectNode o = Views.JSON.createObjectNode();
    o.put("serverMs", nowMs);
    o.put("silentMs", silentMs);
    ArrayNode st = o.putArray("stations");
    for (Station s : stations) {
      ObjectNode n = st.addObject();
      n.put("id", s.id());
      n.put("lat", s.latitude());
      n.put("lon", s.longitude());
      Long t = lastPacketMs.get(s.id());
      if (t != null) {
        n.put("lastPacketMs", t);
      }
    }
    ArrayNode pk = o.putArray("picks");
    picks.values().forEach(pk::add);
    ArrayNode ev = o.putArray("alerts");
    events.values().forEach(v -> v.values().forEach(ev::add));
    if (site != null) {
      ObjectNode s = o.putObject("site");
      s.put("lat", site.latitude());
      s.put("lon", site.longitude());
      s.put("vs30", site.vs30());
    }
    status(o);
    return o;
  }

  /** The shaking at {@code at} of the latest version of every event (or of one event). */
  synchronized ArrayNode shakingAt(Site at, String eventId) {
    ArrayNode out = Views.JSON.createArrayNode();
    for (EarthquakeAlert a : latest.values()) {
      if (eventId == null || eventId.equals(a.getEventId())) {
        out.add(views.shaking(a, at));
      }
    }
    return out;
  }

  /** Number of versions held of an event (for tests). */
  synchronized int versions(String eventId) {
    TreeMap<Integer, ObjectNode> v = events.get(eventId);
    return v == null ? 0 : v.size();
  }

  synchronized Map<String, Long> lastPackets() {
    return Map.copyOf(lastPacketMs);
  }
}
