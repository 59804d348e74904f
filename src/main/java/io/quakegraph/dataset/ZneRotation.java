package io.quakegraph.dataset;

import io.quakegraph.seismic.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one sensor's channels into vertical (up), north and east ground motion.
 *
 * <p>Each channel records the projection of ground motion on its axis, given by StationXML azimuth
 * (clockwise from north) and dip (SEED convention: -90 is up, +90 down): the axis is {@code (up,
 * north, east) = (-sin dip, cos dip cos az, cos dip sin az)}. With three channels of known axes the
 * 3×3 system is solved sample by sample, which handles 1/2 horizontals at any azimuth, a vertical
 * coded {@code 1} (as at some BK stations), a down-pointing vertical, and oblique (Galperin) sensors
 * alike. With fewer channels, a vertical gives Z (sign from its dip) and two non-parallel
 * horizontals are solved in 2-D; a lone horizontal is used only when it lies within 10° of north or
 * east.
 *
 * <p>Channels without azimuth or dip in the metadata take the nominal axis of their code: {@code Z}
 * up, {@code N} north, {@code E} east; {@code 1} and {@code 2} are then stored unrotated as north
 * and east (their SEED meaning is "roughly"), and {@code 3} or other codes cannot be placed and are
 * dropped. A rotated output sample is observed only when every channel it mixes was observed.
 */
public final class ZneRotation {
  private static final double VERTICAL_DIP_DEG = 60;
  private static final double HORIZONTAL_DIP_DEG = 30;
  private static final double AXIS_TOLERANCE_DEG = 10;

  private ZneRotation() {}

  /**
   * The result: Z, N, E samples and masks, which components exist, whether any rotation was
   * applied, and notes about channels that could not be used.
   */
  public record Components(
      double[][] zne, boolean[][] observed, boolean[] present, boolean rotated, List<String> notes) {}

  /** Whether the channel's axis is known from metadata or from a Z/N/E code. */
  static boolean orientationUnknown(Channel c) {
    return axis(c) == null;
  }

  /** Whether the channel is (nearly) vertical, from its dip or, without one, its Z code. */
  static boolean isVertical(Channel c) {
    double[] a = axis(c);
    return a != null && Math.abs(a[0]) >= Math.sin(Math.toRadians(VERTICAL_DIP_DEG));
  }

  /**
   * The unit axis (up, north, east) of a channel, or null when neither metadata nor the code tells.
   */
  static double[] axis(Channel c) {
    double az = c.azimuthDeg();
    double dip = c.dipDeg();
    if (Double.isFinite(az) && Double.isFinite(dip)) {
      double a = Math.toRadians(az);
      double d = Math.toRadians(dip);
      return new double[] {-Math.sin(d), Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a)};
    }
    return switch (c.id().component()) {
      case 'Z' -> new double[] {1, 0, 0};
      case 'N' -> new double[] {0, 1, 0};
      case 'E' -> new double[] {0, 0, 1};
      default -> null;
    };
  }

  /**
   * Rotates aligned channel samples to Z, N, E.
   *
   * @param channels the sensor's channels
   * @param data samples of each channel on a common grid, same order as {@code channels}
   * @param observed per-sample observed flags, same shape as {@code data}
   */
  public static Components toZne(List<Channel> channels, double[][] data, boolean[][] observed) {
    int n = channels.size();
    int t = data.length == 0 ? 0 : data[0].length;
    double[][] zne = new double[3][t];
    boolean[][] mask = new boolean[3][t];
    boolean[] assigned = new boolean[3];
    List<String> notes = new ArrayList<>();
    boolean rotated = false;

    List<Integer> known = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (axis(channels.get(i)) != null) {
        known.add(i);
      } else {
        char comp = channels.get(i).id().component();
        int target = comp == '1' ? 1 : comp == '2' ? 2 : -1;
        if (target < 0) {
          notes.add(channels.get(i).id() + ": orientation unknown, not used");
        } else if (!assigned[target]) {
          copy(data[i], observed[i], zne[target], mask[target], 1.0);
          assigned[target] = true;
          notes.add(channels.get(i).id() + ": orientation unknown, stored unrotated");
        }
      }
    }

    if (known.size() == 3) {
      double[][] d = new double[3][];
      for (int k = 0; k < 3; k++) {
        d[k] = axis(channels.get(known.get(k)));
      }
      if (isPermutationIdentity(d)) {
        // Z, N, E already (in some order): copy the samples untouched.
        for (int k = 0; k < 3; k++) {
          int out = 0;
          while (!near(d[k][out], 1)) {
            out++;
          }
          int ch = known.get(k);
          copy(data[ch], observed[ch], zne[out], mask[out], 1.0);
          assigned[out] = true;
        }
        return finish(zne, mask, assigned, false, notes);
      }
      double[][] inv = invert3(d);
      if (inv != null) {
        // g = inv * u; rows of inv are output components (up, north, east).
        rotated = true;
        for (int out = 0; out < 3; out++) {
          for (int s = 0; s < t; s++) {
            double v = 0;
            boolean ok = true;
            for (int k = 0; k < 3; k++) {
              double w = inv[out][k];
              if (Math.abs(w) > 1e-9) {
                int ch = known.get(k);
                v += w * data[ch][s];
                ok &= observed[ch][s];
              }
            }
            zne[out][s] = v;
            mask[out][s] = ok;
          }
          assigned[out] = true;
        }
        return finish(zne, mask, assigned, rotated, notes);
      }
      notes.add("axes of " + channels + " are nearly coplanar; solved component by component");
    }

    List<Integer> horizontals = new ArrayList<>();
    for (int i : known) {
      double[] a = axis(channels.get(i));
      double dip = Math.toDegrees(Math.asin(Math.min(1, Math.abs(a[0]))));
      if (dip >= VERTICAL_DIP_DEG) {
        if (!assigned[0]) {
          copy(data[i], observed[i], zne[0], mask[0], 1.0 / a[0]);
          assigned[0] = true;
          rotated |= a[0] < 0;
        }
      } else if (dip <= HORIZONTAL_DIP_DEG) {
        horizontals.add(i);
      } else {
        notes.add(channels.get(i).id() + ": oblique axis without a full triple, not used");
      }
    }
    if (horizontals.size() >= 2) {
      int i1 = horizontals.get(0);
      int i2 = horizontals.get(1);
      double[] a1 = axis(channels.get(i1));
      double[] a2 = axis(channels.get(i2));
      // u1 = a1n*N + a1e*E, u2 = a2n*N + a2e*E (the small vertical part of a tilted horizontal
      // is ignored: without a vertical channel it cannot be removed).
      double det = a1[1] * a2[2] - a1[2] * a2[1];
      if (Math.abs(det) > Math.sin(Math.toRadians(AXIS_TOLERANCE_DEG))) {
        double nn1 = a2[2] / det;
        double nn2 = -a1[2] / det;
        double ee1 = -a2[1] / det;
        double ee2 = a1[1] / det;
        for (int s = 0; s < t; s++) {
          zne[1][s] = nn1 * data[i1][s] + nn2 * data[i2][s];
          zne[2][s] = ee1 * data[i1][s] + ee2 * data[i2][s];
          boolean ok = observed[i1][s] && observed[i2][s];
          mask[1][s] = ok;
          mask[2][s] = ok;
        }
        assigned[1] = true;
        assigned[2] = true;
        rotated |= !(near(a1[1], 1) && near(a2[2], 1)) && !(near(a1[2], 1) && near(a2[1], 1));
      } else {
        notes.add(channels.get(i1).id() + " and " + channels.get(i2).id() + " are parallel");
        horizontals = List.of(i1);
      }
    }
    if (horizontals.size() == 1) {
      int i = horizontals.get(0);
      double[] a = axis(channels.get(i));
      double cosTol = Math.cos(Math.toRadians(AXIS_TOLERANCE_DEG));
      int target = Math.abs(a[1]) >= cosTol ? 1 : Math.abs(a[2]) >= cosTol ? 2 : -1;
      if (target < 0) {
        notes.add(channels.get(i).id() + ": lone horizontal off the N/E axes, not used");
      } else if (!assigned[target]) {
        copy(data[i], observed[i], zne[target], mask[target], Math.signum(a[target]));
        assigned[target] = true;
        rotated |= a[target] < 0;
      }
    }
    return finish(zne, mask, assigned, rotated, notes);
  }

  private static Components finish(
      double[][] zne, boolean[][] mask, boolean[] assigned, boolean rotated, List<String> notes) {
    boolean[] present = new boolean[3];
    for (int c = 0; c < 3; c++) {
      if (!assigned[c]) {
        java.util.Arrays.fill(mask[c], false);
        continue;
      }
      for (boolean b : mask[c]) {
        if (b) {
          present[c] = true;
          break;
        }
      }
      for (int s = 0; s < zne[c].length; s++) {
        if (!mask[c][s]) {
          zne[c][s] = 0;
        }
      }
    }
    return new Components(zne, mask, present, rotated, List.copyOf(notes));
  }

  private static void copy(double[] src, boolean[] srcMask, double[] dst, boolean[] dstMask, double f) {
    for (int s = 0; s < src.length; s++) {
      dst[s] = f * src[s];
      dstMask[s] = srcMask[s];
    }
  }

  private static boolean near(double a, double b) {
    return Math.abs(a - b) < 1e-6;
  }

  /** Whether the axes are exactly the Z, N, E unit vectors in some order (no mixing needed). */
  private static boolean isPermutationIdentity(double[][] d) {
    for (int k = 0; k < 3; k++) {
      int ones = 0;
      for (int j = 0; j < 3; j++) {
        if (near(d[k][j], 1)) {
          ones++;
        } else if (!near(d[k][j], 0)) {
          return false;
        }
      }
      if (ones != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Inverse of the matrix whose rows are the channel axes, as {@code inv[output][channel]}; null
   * when the axes are too close to coplanar (|det| below 0.5, i.e. no better than axes 30° apart).
   */
  static double[][] invert3(double[][] m) {
    double a = m[0][0], b = m[0][1], c = m[0][2];
    double d = m[1][0], e = m[1][1], f = m[1][2];
    double g = m[2][0], h = m[2][1], i = m[2][2];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if (Math.abs(det) < 0.5) {
      return null;
    }
    // (M^-1)[row=output][col=channel]: u = M g  =>  g = M^-1 u.
    return new double[][] {
      {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
      {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
      {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}
    };
  }
}
