package io.quakegraph.seismic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ComCat GeoJSON events ({@code format=geojson}): a {@code Feature} with {@code id}, {@code
 * properties.time} (epoch ms), {@code mag}, {@code magType} and {@code geometry.coordinates} {@code
 * [lon, lat, depth km]}, or a {@code FeatureCollection} of them.
 *
 * <p>Also accepts the flat {@code event.json} of USGS groundmotion-processing ({@code id, time
 * "yyyy-MM-dd HH:mm:ss" UTC, lat, lon, depth km, magnitude}), which has no magnitude type (left
 * empty). Events carry no picks.
 */
public final class ComCatGeoJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ComCatGeoJson() {}

  /**
   * Reads the one event of {@code file}.
   *
   * @throws IOException naming the file when it is not JSON, holds no or several events, or lacks a
   *     required field
   */
  public static Earthquake read(Path file) throws IOException {
    List<Earthquake> all = readAll(file);
    if (all.size() != 1) {
      throw new IOException(file + ": expected one event, found " + all.size());
    }
    return all.get(0);
  }

  /** Reads every event of a Feature, FeatureCollection or flat event file. */
  public static List<Earthquake> readAll(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new IOException(
          "%s: malformed JSON at line %d, column %d: %s"
              .formatted(file, loc.getLineNr(), loc.getColumnNr(), e.getOriginalMessage()),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + ": not a JSON object");
    }
    try {
      String type = root.path("type").asText("");
      List<Earthquake> out = new ArrayList<>();
      switch (type) {
        case "FeatureCollection" -> {
          for (JsonNode f : root.path("features")) {
            out.add(feature(f));
          }
        }
        case "Feature" -> out.add(feature(root));
        default -> out.add(flat(root));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static Earthquake feature(JsonNode f) {
    JsonNode p = f.path("properties");
    JsonNode c = f.path("geometry").path("coordinates");
    if (!c.isArray() || c.size() < 3) {
      throw new IllegalArgumentException("geometry.coordinates must be [lon, lat, depth]");
    }
    String id = text(f, "id");
    long ms = number(p, "time", id).longValue();
    Origin o =
        new Origin(
            Math.multiplyExact(ms, 1000L),
            c.get(1).asDouble(),
            c.get(0).asDouble(),
            c.get(2).asDouble());
    JsonNode mag = p.path("mag");
    return new Earthquake(
        id,
        o,
        mag.isNumber() ? mag.asDouble() : Double.NaN,
        p.path("magType").asText(""),
        List.of());
  }

  private static Earthquake flat(JsonNode e) {
    String id = text(e, "id");
    JsonNode time = e.path("time");
    if (!time.isTextual()) {
      throw new IllegalArgumentException("event " + id + " has no text 'time'");
    }
    Origin o =
        new Origin(
            Times.parse(time.asText().trim().replace(' ', 'T')),
            number(e, "lat", id).doubleValue(),
            number(e, "lon", id).doubleValue(),
            number(e, "depth", id).doubleValue());
    JsonNode mag = e.path("magnitude");
    return new Earthquake(
        id,
        o,
        mag.isNumber() ? mag.asDouble() : Double.NaN,
        e.path("magType").asText(""),
        List.of());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return v.asText();
  }

  private static Number number(JsonNode n, String field, String id) {
    JsonNode v = n.path(field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("event " + id + " has no numeric '" + field + "'");
    }
    return v.numberValue();
  }
}
