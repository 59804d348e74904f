package io.quakegraph.model.classical;

import io.quakegraph.seismic.TravelTimes;

/**
 * First-P travel times of a {@link TravelTimes} model on its own lattice (every 1 km of epicentral
 * distance, every 0.5 km of depth), held as one row per depth so the locator's inner loop is a
 * single linear interpolation in distance. At depths on the 0.5 km lattice the value equals {@link
 * TravelTimes#pSeconds} exactly (its bilinear interpolation degenerates to this linear one).
 */
public final class PTravelTimeTable {
  static final double DEPTH_STEP_KM = TravelTimes.DEPTH_STEP_KM;
  static final double DISTANCE_STEP_KM = TravelTimes.DISTANCE_STEP_KM;

  private final double[][] rows;
  // Per row, each cell's start value and slope side by side: one cache line per lookup, and the
  // slope is the very difference at() computes, so both routes give the same bits.
  private final double[][] segments;
  private final double maxDepthKm;
  private final double maxDistanceKm;

  /** First-P rows for depths 0..maxDepthKm (a multiple of the 0.5 km lattice). */
  public PTravelTimeTable(TravelTimes tt, double maxDepthKm) {
    this(tt, maxDepthKm, false);
  }

  /**
   * Rows of the first P, or of the first S when {@code s} (the same lattice, for a locator that
   * asks whether an onset is an S whose P was missed).
   */
  public PTravelTimeTable(TravelTimes tt, double maxDepthKm, boolean s) {
    if (!(maxDepthKm > 0) || maxDepthKm > TravelTimes.MAX_DEPTH_KM) {
      throw new IllegalArgumentException(
          "search depth must be in (0, " + TravelTimes.MAX_DEPTH_KM + "] km: " + maxDepthKm);
    }
    int nDepth = (int) Math.round(maxDepthKm / DEPTH_STEP_KM) + 1;
    int nDist = (int) Math.round(TravelTimes.MAX_DISTANCE_KM / DISTANCE_STEP_KM) + 1;
    this.rows = new double[nDepth][nDist];
    for (int d = 0; d < nDepth; d++) {
      for (int k = 0; k < nDist; k++) {
        double km = k * DISTANCE_STEP_KM;
        double depth = d * DEPTH_STEP_KM;
        rows[d][k] = s ? tt.sSeconds(km, depth) : tt.pSeconds(km, depth);
      }
    }
    this.segments = new double[nDepth][2 * (nDist - 1)];
    for (int d = 0; d < nDepth; d++) {
      for (int k = 0; k < nDist - 1; k++) {
        segments[d][2 * k] = rows[d][k];
        segments[d][2 * k + 1] = rows[d][k + 1] - rows[d][k];
      }
    }
    this.maxDepthKm = (nDepth - 1) * DEPTH_STEP_KM;
    this.maxDistanceKm = (nDist - 1) * DISTANCE_STEP_KM;
  }

  public double maxDepthKm() {
    return maxDepthKm;
  }

  /** Row index of a depth on the 0.5 km lattice. */
  public int depthIndex(double depthKm) {
    return (int) Math.round(depthKm / DEPTH_STEP_KM);
  }

  public double[] row(int depthIndex) {
    return rows[depthIndex];
  }

  /**
   * P time at a row for an epicentral distance; beyond the table the last slope continues (the
   * search region never reaches 700 km from a station that matters).
   */
  public static double at(double[] row, double km) {
    int i = cell(row.length, km);
    return row[i] + fraction(km, i) * (row[i + 1] - row[i]);
  }

  /**
   * The distance cell of {@link #at} (the last one beyond the table): with {@link #fraction} and
   * {@link #interpolate}, a lookup split for loops that read many depths at one distance, to the
   * same bits as {@link #at}.
   */
  public int cell(double km) {
    return cell(rows[0].length, km);
  }

  private static int cell(int rowLength, double km) {
    int i = (int) (km / DISTANCE_STEP_KM);
    return i >= rowLength - 1 ? rowLength - 2 : i;
  }

  /** Where {@code km} lies in its cell, in cells (beyond the table: past 1). */
  public static double fraction(double km, int cell) {
    return km / DISTANCE_STEP_KM - cell;
  }

  /** Start values and slopes of a row's cells, interleaved, for {@link #interpolate}. */
  public double[] segments(int depthIndex) {
    return segments[depthIndex];
  }

  /** The time at a cell and fraction of a row of {@link #segments}. */
  public static double interpolate(double[] segments, int cell, double fraction) {
    return segments[2 * cell] + fraction * segments[2 * cell + 1];
  }

  public double seconds(double km, double depthKm) {
    return at(rows[depthIndex(depthKm)], Math.min(km, maxDistanceKm));
  }
}
