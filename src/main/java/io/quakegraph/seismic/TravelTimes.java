package io.quakegraph.seismic;

import edu.sc.seis.TauP.Arrival;
import edu.sc.seis.TauP.DistanceRay;
import edu.sc.seis.TauP.SeismicPhase;
import edu.sc.seis.TauP.SeismicPhaseFactory;
import edu.sc.seis.TauP.TauModel;
import edu.sc.seis.TauP.TauModelException;
import edu.sc.seis.TauP.TauModelLoader;
import edu.sc.seis.TauP.VelocityModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-arrival P and S travel times, take-off and incidence angles in a 1-D crustal model,
 * computed with TauP 3 (Crotwell, Owens and Ritsema 1999) and held on a grid for speed.
 *
 * <p>The first arrival of each wave type is the earliest of TauP's {@code p, P, Pn} (or {@code s,
 * S, Sn}) phases. The grid spans 0-{@value #MAX_DISTANCE_KM} km epicentral distance every {@value
 * #DISTANCE_STEP_KM} km and 0-{@value #MAX_DEPTH_KM} km depth every {@value #DEPTH_STEP_KM} km and
 * is interpolated bilinearly; against direct TauP calls the interpolated times differ by a few
 * milliseconds (less than one 100 Hz sample) except within about a kilometre of the epicentre of a
 * very shallow source. Building the grid takes TauP 10-30 s on two cores, so it is cached in {@code
 * java.io.tmpdir/quakegraph-cache} keyed by a hash of the model text and grid.
 */
public final class TravelTimes {
  private static final Logger LOG = LoggerFactory.getLogger(TravelTimes.class);

  public static final double MAX_DISTANCE_KM = 700;
  public static final double MAX_DEPTH_KM = 40;
  public static final double DISTANCE_STEP_KM = 1;
  public static final double DEPTH_STEP_KM = 0.5;

  private static final String[] P_PHASES = {"p", "P", "Pn"};
  private static final String[] S_PHASES = {"s", "S", "Sn"};
  private static final int FIELDS = 6; // tP, tS, takeoffP, takeoffS, incidenceP, incidenceS
  private static final int CACHE_VERSION = 1;

  private static volatile TravelTimes hadleyKanamori;

  private final CrustalModel model;
  private final int nDist;
  private final int nDepth;

  /** [field][depthIndex * nDist + distIndex]. */
  private final float[][] grid;

  private TravelTimes(CrustalModel model, float[][] grid) {
    this.model = model;
    this.nDist = (int) Math.round(MAX_DISTANCE_KM / DISTANCE_STEP_KM) + 1;
    this.nDepth = (int) Math.round(MAX_DEPTH_KM / DEPTH_STEP_KM) + 1;
    this.grid = grid;
  }

  /** Travel times in the Hadley-Kanamori (1977) model; built (or loaded from cache) once. */
  public static TravelTimes hadleyKanamori() {
    TravelTimes t = hadleyKanamori;
    if (t == null) {
      synchronized (TravelTimes.class) {
        t = hadleyKanamori;
        if (t == null) {
          t = of(CrustalModel.hadleyKanamori());
          hadleyKanamori = t;
        }
      }
    }
    return t;
  }

  /** Travel times of any layered model (grid built with TauP, cached on disk). */
  public static TravelTimes of(CrustalModel model) {
    try {
      String nd = model.toNd();
      int nDist = (int) Math.round(MAX_DISTANCE_KM / DISTANCE_STEP_KM) + 1;
      int nDepth = (int) Math.round(MAX_DEPTH_KM / DEPTH_STEP_KM) + 1;
      String key =
          Integer.toHexString(
              (nd
                      + "|"
                      + nDist
                      + "|"
                      + nDepth
                      + "|"
                      + CACHE_VERSION
                      + "|"
                      + String.join(",", P_PHASES))
                  .hashCode());
      Path cache =
          Path.of(System.getProperty("java.io.tmpdir"), "quakegraph-cache")
              .resolve("traveltimes-" + model.name() + "-" + key + ".bin");
      float[][] grid = readCache(cache, nDist * nDepth);
      if (grid == null) {
        long t0 = System.nanoTime();
        grid = compute(nd, model.name(), nDist, nDepth);
        LOG.info(
            "TauP travel-time grid for {} ({} x {}) built in {} ms",
            model.name(),
            nDist,
            nDepth,
            (System.nanoTime() - t0) / 1_000_000);
        writeCache(cache, grid);
      }
      return new TravelTimes(model, grid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build travel times for " + model.name(), e);
    }
  }

  public CrustalModel model() {
    return model;
  }

  /** First P travel time, seconds. */
  public double pSeconds(double epicentralKm, double depthKm) {
    return interpolate(0, epicentralKm, depthKm);
  }

  /** First S travel time, seconds. */
  public double sSeconds(double epicentralKm, double depthKm) {
    return interpolate(1, epicentralKm, depthKm);
  }

  /** Take-off angle of the first P from the downward vertical at the source, degrees. */
  public double pTakeoffDeg(double epicentralKm, double depthKm) {
    return interpolate(2, epicentralKm, depthKm);
  }

  /** Take-off angle of the first S, degrees from the downward vertical. */
  public double sTakeoffDeg(double epicentralKm, double depthKm) {
    return interpolate(3, epicentralKm, depthKm);
  }

  /** Incidence angle of the first P at the station, degrees from the vertical. */
  public double pIncidenceDeg(double epicentralKm, double depthKm) {
    return interpolate(4, epicentralKm, depthKm);
  }

  /** Incidence angle of the first S at the station, degrees from the vertical. */
  public double sIncidenceDeg(double epicentralKm, double depthKm) {
    return interpolate(5, epicentralKm, depthKm);
  }

  private double interpolate(int field, double epicentralKm, double depthKm) {
    if (!(epicentralKm >= 0) || epicentralKm > MAX_DISTANCE_KM) {
      throw new IllegalArgumentException(
          "epicentral distance outside 0.." + MAX_DISTANCE_KM + " km: " + epicentralKm);
    }
    if (!(depthKm >= 0) || depthKm > MAX_DEPTH_KM) {
      throw new IllegalArgumentException("depth outside 0.." + MAX_DEPTH_KM + " km: " + depthKm);
    }
    double x = epicentralKm / DISTANCE_STEP_KM;
    double y = depthKm / DEPTH_STEP_KM;
    int i = Math.min((int) x, nDist - 2);
    int j = Math.min((int) y, nDepth - 2);
    double fx = x - i;
    double fy = y - j;
    float[] g = grid[field];
    int k = j * nDist + i;
    double a = g[k] + fx * (g[k + 1] - g[k]);
    double b = g[k + nDist] + fx * (g[k + nDist + 1] - g[k + nDist]);
    return a + fy * (b - a);
  }

  /**
   * The first arrival straight from TauP (no grid): {time s, take-off deg, incidence deg}, or
   * {@code null} when none of the phases exists. Slow (milliseconds); for checks and tests.
   */
  public static double[] exactFirstArrival(
      TauModel tauModel, boolean pWave, double epicentralKm, double depthKm) {
    try {
      return earliest(phases(tauModel, pWave ? P_PHASES : S_PHASES, depthKm), epicentralKm);
    } catch (Exception e) {
      throw new IllegalStateException(
          "TauP failed at " + epicentralKm + " km, depth " + depthKm + " km", e);
    }
  }

  /** A TauP model of the crustal model (see {@link CrustalModel#toNd}). */
  public static TauModel tauModel(CrustalModel model) {
    try {
      VelocityModel vm = VelocityModel.readNDFile(new StringReader(model.toNd()), model.name());
      return TauModelLoader.createTauModel(vm);
    } catch (Exception e) {
      throw new IllegalStateException("TauP cannot build a model of " + model.name(), e);
    }
  }

  /**
   * The phases that exist for a source at {@code depthKm}; TauP refuses a head wave (Pn, Sn) from a
   * source at or below the Moho, where it is not a first arrival anyway.
   */
  private static List<SeismicPhase> phases(TauModel tm, String[] names, double depthKm) {
    List<SeismicPhase> out = new ArrayList<>();
    for (String n : names) {
      try {
        out.add(SeismicPhaseFactory.createPhase(n, tm, depthKm, 0));
      } catch (TauModelException e) {
        if (!n.endsWith("n")) {
          throw new IllegalStateException("TauP cannot build " + n + " at " + depthKm + " km", e);
        }
      }
    }
    return out;
  }

  private static double[] earliest(List<SeismicPhase> phases, double epicentralKm) {
    Arrival best = null;
    for (SeismicPhase p : phases) {
      List<Arrival> arrivals;
      try {
        arrivals = DistanceRay.ofDegrees(epicentralKm / Geodesy.KM_PER_DEGREE).calculate(p);
      } catch (RuntimeException e) {
        // TauP 3.2.1 occasionally fails refining a ray (NullPointerException in refineArrival);
        // the phase is then taken as absent at this point and the other phases decide.
        LOG.debug("TauP could not refine {} at {} km: {}", p.getName(), epicentralKm, e.toString());
        continue;
      }
      for (Arrival a : arrivals) {
        if (best == null || a.getTime() < best.getTime()) {
          best = a;
        }
      }
    }
    if (best == null) {
      return null;
    }
    return new double[] {
      best.getTime(), best.getTakeoffAngleDegree(), best.getIncidentAngleDegree()
    };
  }

  private static float[][] compute(String nd, String name, int nDist, int nDepth) {
    float[][] grid = new float[FIELDS][nDist * nDepth];
    ThreadLocal<TauModel> models =
        ThreadLocal.withInitial(
            () -> {
              try {
                return TauModelLoader.createTauModel(
                    VelocityModel.readNDFile(new StringReader(nd), name));
              } catch (Exception e) {
                throw new IllegalStateException("TauP cannot build a model of " + name, e);
              }
            });
    IntStream.range(0, nDepth)
        .parallel()
        .forEach(
            j -> {
              TauModel tm = models.get();
              double depth = j * DEPTH_STEP_KM;
              try {
                List<SeismicPhase> pp = phases(tm, P_PHASES, depth);
                List<SeismicPhase> ss = phases(tm, S_PHASES, depth);
                for (int i = 0; i < nDist; i++) {
                  double km = i * DISTANCE_STEP_KM;
                  double[] p = earliest(pp, km);
                  double[] s = earliest(ss, km);
                  int k = j * nDist + i;
                  grid[0][k] = p == null ? Float.NaN : (float) p[0];
                  grid[1][k] = s == null ? Float.NaN : (float) s[0];
                  grid[2][k] = p == null ? Float.NaN : (float) p[1];
                  grid[3][k] = s == null ? Float.NaN : (float) s[1];
                  grid[4][k] = p == null ? Float.NaN : (float) p[2];
                  grid[5][k] = s == null ? Float.NaN : (float) s[2];
                }
              } catch (Exception e) {
                throw new IllegalStateException("TauP failed at depth " + depth + " km", e);
              }
            });
    fillHoles(grid, nDist, nDepth);
    return grid;
  }

  /**
   * TauP has no ray for a source exactly at the surface and zero distance; such points take the
   * straight-ray value of the top layer (time 0, vertical angles).
   */
  private static void fillHoles(float[][] grid, int nDist, int nDepth) {
    int holes = 0;
    for (int k = 0; k < nDist * nDepth; k++) {
      for (int f = 0; f < FIELDS; f++) {
        if (Float.isNaN(grid[f][k])) {
          holes++;
          int i = k % nDist;
          int j = k / nDist;
          if (i == 0 && j == 0) {
            grid[f][k] = f < 2 ? 0f : (f < 4 ? 90f : 90f);
          } else {
            int n = i + 1 < nDist ? k + 1 : k - 1;
            grid[f][k] = grid[f][n];
          }
        }
      }
    }
    if (holes > 6) {
      LOG.warn("travel-time grid: {} grid values had no TauP arrival and were filled", holes);
    }
  }

  private static float[][] readCache(Path cache, int size) {
    if (!Files.isRegularFile(cache)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(cache);
        DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16))) {
      if (d.readInt() != CACHE_VERSION || d.readInt() != size) {
        return null;
      }
      float[][] g = new float[FIELDS][size];
      for (float[] f : g) {
        for (int k = 0; k < size; k++) {
          f[k] = d.readFloat();
        }
      }
      return g;
    } catch (IOException e) {
      LOG.warn("ignoring unreadable travel-time cache {}: {}", cache, e.toString());
      return null;
    }
  }

  private static void writeCache(Path cache, float[][] grid) {
    try {
      Files.createDirectories(cache.getParent());
      Path tmp = Files.createTempFile(cache.getParent(), "tt", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp);
          DataOutputStream d =
              new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16))) {
        d.writeInt(CACHE_VERSION);
        d.writeInt(grid[0].length);
        for (float[] f : grid) {
          for (float v : f) {
            d.writeFloat(v);
          }
        }
      }
      Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot cache travel times at {}: {}", cache, e.toString());
    }
  }
}
