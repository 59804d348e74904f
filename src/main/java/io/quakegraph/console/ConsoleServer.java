package io.quakegraph.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quakegraph.hazard.Site;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.TravelTimes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console: an HTTP server (JDK {@code com.sun.net.httpserver}) with one page, fed by
 * server-sent events from Kafka. Endpoints:
 *
 * <ul>
 *   <li>{@code /} the page, {@code /console.js}, {@code /console.css}, {@code /lib/...} (Leaflet,
 *       topojson) and {@code /geo/world|usa|mex.json} (base map), all from the classpath;
 *   <li>{@code /events}: the event stream (snapshot, then alert, pick, tick, status);
 *   <li>{@code /api/state}: the snapshot as JSON;
 *   <li>{@code /api/shaking?lat=&lon=[&vs30=][&event=]}: expected shaking at a site;
 *   <li>{@code /api/replay?event=ID[&lat=&lon=]}: every version of an event, read back from the
 *       alert topic.
 * </ul>
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  /**
   * How to run.
   *
   * @param bootstrap Kafka bootstrap servers
   * @param bind address to listen on (127.0.0.1 unless told otherwise)
   * @param port port; 0 picks a free one
   * @param stations the inventory's stations, each drawn
   * @param site the site of the shaking figures, or null until the operator clicks one
   * @param silent how long without a packet makes a station silent
   * @param alertsTopic EarthquakeAlert topic
   * @param picksTopic StationPick topic
   * @param packetsTopic WaveformPacket topic
   */
  public record Options(
      String bootstrap,
      String bind,
      int port,
      List<Station> stations,
      Site site,
      Duration silent,
      String alertsTopic,
      String picksTopic,
      String packetsTopic) {}

  private final Options options;
  private final HttpServer http;
  private final ExecutorService pool;
  private final SseHub hub = new SseHub();
  private final ConsoleState state;
  private final KafkaFeeds feeds;
  private final MapAssets assets = new MapAssets();

  private ConsoleServer(Options o, TravelTimes times) throws IOException {
    this.options = o;
    this.state = new ConsoleState(o.stations(), new Views(times), o.site(), o.silent().toMillis());
    this.feeds =
        new KafkaFeeds(
            o.bootstrap(),
            new KafkaFeeds.TopicNames(o.alertsTopic(), o.picksTopic(), o.packetsTopic()),
            state,
            hub);
    this.http = HttpServer.create(new InetSocketAddress(o.bind(), o.port()), 64);
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "console-http");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(pool);
    http.createContext("/events", ex -> hub.serve(ex, () -> snapshot()));
    http.createContext("/api/state", ex -> json(ex, 200, snapshot()));
    http.createContext("/api/shaking", this::shaking);
    http.createContext("/api/replay", this::replay);
    http.createContext("/favicon.ico", ex -> send(ex, 204, "image/x-icon", new byte[0]));
    http.createContext("/", this::asset);
  }

  /** Starts the server and its Kafka readers. */
  public static ConsoleServer start(Options o) throws IOException {
    ConsoleServer s = new ConsoleServer(o, TravelTimes.hadleyKanamori());
    s.feeds.start();
    s.http.start();
    LOG.info("console at {}", s.url());
    return s;
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    InetSocketAddress a = http.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
    return "http://" + host + ":" + a.getPort() + "/";
  }

  /** Pages connected now. */
  public int pages() {
    return hub.clients();
  }

  private JsonNode snapshot() {
    return state.snapshot(System.currentTimeMillis());
  }

  private void asset(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    var a = assets.get(path);
    if (a.isEmpty()) {
      send(ex, 404, "text/plain; charset=utf-8", ("no " + path).getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(ex, 200, a.get().type(), a.get().bytes());
  }

  private void shaking(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI());
    Site at;
    try {
      at = site(q);
    } catch (IllegalArgumentException e) {
      json(ex, 400, error(e.getMessage()));
      return;
    }
    json(ex, 200, state.shakingAt(at, q.get("event")));
  }

  private void replay(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI());
    String id = q.get("event");
    if (id == null || id.isBlank()) {
      json(ex, 400, error("replay needs ?event=ID"));
      return;
    }
    Site at;
    try {
      at = q.containsKey("lat") ? site(q) : options.site();
    } catch (IllegalArgumentException e) {
      json(ex, 400, error(e.getMessage()));
      return;
    }
    EventReplay.Result r;
    try {
      r = EventReplay.read(options.bootstrap(), options.alertsTopic(), id, Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      json(ex, 503, error("cannot read " + options.alertsTopic() + ": " + e.getMessage()));
      return;
    }
    ObjectNode out = Views.JSON.createObjectNode();
    out.put("eventId", id);
    out.put("malformed", r.malformed());
    ArrayNode versions = out.putArray("versions");
    for (EventReplay.Version v : r.versions()) {
      versions.add(state.views().alert(v.alert(), v.writtenMs(), at));
    }
    json(ex, r.versions().isEmpty() ? 404 : 200, out);
  }

  private Site site(Map<String, String> q) {
    if (!q.containsKey("lat") || !q.containsKey("lon")) {
      throw new IllegalArgumentException("a site needs lat and lon");
    }
    try {
      double vs30 = q.containsKey("vs30") ? Double.parseDouble(q.get("vs30")) : Site.DEFAULT_VS30;
      return new Site(Double.parseDouble(q.get("lat")), Double.parseDouble(q.get("lon")), vs30);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("lat, lon and vs30 are numbers", e);
    }
  }

  private static ObjectNode error(String message) {
    ObjectNode o = Views.JSON.createObjectNode();
    o.put("error", message);
    return o;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    send(ex, status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    hub.close();
    feeds.close();
    http.stop(0);
    pool.shutdownNow();
  }
}
