package io.quakegraph.model.classical;

import io.quakegraph.dataset.StationWaveform;
import java.util.List;

/**
 * The epicentral area a grid search covers, degrees.
 *
 * @param minLat south edge
 * @param maxLat north edge
 * @param minLon west edge
 * @param maxLon east edge
 */
public record SearchRegion(double minLat, double maxLat, double minLon, double maxLon) {

  /** Edges are snapped outward to this many degrees so station subsets map to the same region. */
  static final double SNAP_DEG = 0.5;

  public SearchRegion {
    if (!(minLat < maxLat) || !(minLon < maxLon) || minLat < -89 || maxLat > 89) {
      throw new IllegalArgumentException(
          "empty or polar search region: lat %s..%s lon %s..%s"
              .formatted(minLat, maxLat, minLon, maxLon));
    }
  }

  /**
   * The stations' bounding box plus {@code marginDeg} (the simulator draws epicentres up to 0.5°
   * outside the network), snapped outward to {@value #SNAP_DEG}°.
   */
  public static SearchRegion around(List<StationWaveform> stations, double marginDeg) {
    if (stations.isEmpty()) {
      throw new IllegalArgumentException("no stations to build a search region around");
    }
    double a = Double.POSITIVE_INFINITY;
    double b = Double.NEGATIVE_INFINITY;
    double c = Double.POSITIVE_INFINITY;
    double d = Double.NEGATIVE_INFINITY;
    for (StationWaveform w : stations) {
      a = Math.min(a, w.latitude());
      b = Math.max(b, w.latitude());
      c = Math.min(c, w.longitude());
      d = Math.max(d, w.longitude());
    }
    return new SearchRegion(
        Math.floor((a - marginDeg) / SNAP_DEG) * SNAP_DEG,
        Math.ceil((b + marginDeg) / SNAP_DEG) * SNAP_DEG,
        Math.floor((c - marginDeg) / SNAP_DEG) * SNAP_DEG,
        Math.ceil((d + marginDeg) / SNAP_DEG) * SNAP_DEG);
  }

  /** Whether {@code other} lies inside this region. */
  public boolean contains(SearchRegion other) {
    return other.minLat >= minLat
        && other.maxLat <= maxLat
        && other.minLon >= minLon
        && other.maxLon <= maxLon;
  }

  /** The smallest region holding both. */
  public SearchRegion union(SearchRegion other) {
    return new SearchRegion(
        Math.min(minLat, other.minLat),
        Math.max(maxLat, other.maxLat),
        Math.min(minLon, other.minLon),
        Math.max(maxLon, other.maxLon));
  }
}
