package io.quakegraph.model;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import java.util.List;

/**
 * The geographic frame that maps station and event coordinates to model units of about [-1, 1].
 *
 * <p>A local equirectangular projection about ({@code refLat}, {@code refLon}) with one isotropic
 * scale: {@code y = (lat - refLat) * Geodesy.KM_PER_DEGREE / kmPerUnit} and {@code x = (lon -
 * refLon) * Geodesy.KM_PER_DEGREE * cos(refLat) / kmPerUnit}. One scale for both axes keeps
 * normalised distances proportional to kilometres, which the geographic kNN of {@link DualEdgeConv}
 * relies on; over a regional network (a few hundred km) the projection error is far below the
 * location error. {@code kmPerUnit} is half the larger extent of the bounding box, so stations fall
 * in [-1, 1] and events in the surrounding margin slightly outside.
 *
 * @param minLat southern bound, degrees
 * @param maxLat northern bound, degrees
 * @param minLon western bound, degrees
 * @param maxLon eastern bound, degrees
 * @param refLat projection centre latitude, degrees
 * @param refLon projection centre longitude, degrees
 */
public record NetworkFrame(
    double minLat, double maxLat, double minLon, double maxLon, double refLat, double refLon) {

  public NetworkFrame {
    if (!(maxLat > minLat) || !(maxLon > minLon)) {
      throw new IllegalArgumentException(
          "empty frame: lat %s..%s lon %s..%s".formatted(minLat, maxLat, minLon, maxLon));
    }
    if (!Double.isFinite(refLat) || !Double.isFinite(refLon) || Math.abs(refLat) >= 89) {
      throw new IllegalArgumentException("bad frame centre " + refLat + ", " + refLon);
    }
  }

  /**
   * The frame of a station inventory: its bounding box grown by {@code marginKm} on every side,
   * centred on the box centre.
   */
  public static NetworkFrame of(List<Station> stations, double marginKm) {
    if (stations.isEmpty()) {
      throw new IllegalArgumentException("no stations for a network frame");
    }
    double minLat = Double.POSITIVE_INFINITY;
    double maxLat = Double.NEGATIVE_INFINITY;
    double minLon = Double.POSITIVE_INFINITY;
    double maxLon = Double.NEGATIVE_INFINITY;
    for (Station s : stations) {
      minLat = Math.min(minLat, s.latitude());
      maxLat = Math.max(maxLat, s.latitude());
      minLon = Math.min(minLon, s.longitude());
      maxLon = Math.max(maxLon, s.longitude());
    }
    double midLat = 0.5 * (minLat + maxLat);
    double dLat = marginKm / Geodesy.KM_PER_DEGREE;
    double dLon = marginKm / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(midLat)));
    // A single station still gets a non-empty box.
    dLat = Math.max(dLat, 0.01);
    dLon = Math.max(dLon, 0.01);
    return new NetworkFrame(
        minLat - dLat,
        maxLat + dLat,
        minLon - dLon,
        maxLon + dLon,
        midLat,
        0.5 * (minLon + maxLon));
  }

  /** Kilometres per model unit: half the larger extent of the box. */
  public double kmPerUnit() {
    double ns = (maxLat - minLat) * Geodesy.KM_PER_DEGREE;
    double ew = (maxLon - minLon) * Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(refLat));
    return 0.5 * Math.max(ns, ew);
  }

  /** Normalised northing of a latitude. */
  public double normLat(double latitude) {
    return (latitude - refLat) * Geodesy.KM_PER_DEGREE / kmPerUnit();
  }

  /** Normalised easting of a longitude. */
  public double normLon(double longitude) {
    return (longitude - refLon) * Geodesy.KM_PER_DEGREE * cosRef() / kmPerUnit();
  }

  /** Latitude of a normalised northing. */
  public double latitude(double normLat) {
    return refLat + normLat * kmPerUnit() / Geodesy.KM_PER_DEGREE;
  }

  /** Longitude of a normalised easting. */
  public double longitude(double normLon) {
    return refLon + normLon * kmPerUnit() / (Geodesy.KM_PER_DEGREE * cosRef());
  }

  private double cosRef() {
    return Math.cos(Math.toRadians(refLat));
  }
}
