package io.quakegraph.model.classical;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hypocentre from first-P arrival times by grid search in a 1-D velocity model, minimising the L1
 * (sum of absolute residuals) misfit with the origin time solved analytically at every node (the
 * median of the observed-minus-travel-time residuals minimises an L1 sum).
 *
 * <p>The search is coarse-to-fine; every stage re-centres on the previous stage's best node and
 * slides its window while the best node sits on a window edge:
 *
 * <ol>
 *   <li>survey: the whole {@link SearchRegion} every 0.3° and 4 km of depth;
 *   <li>coarse: ±0.6° every 0.1°, 0-30 km every 2 km (the two stages above use the earliest 30
 *       arrivals at most, the near stations that carry the location, to bound the cost);
 *   <li>medium: ±0.15° every 0.03°, ±4 km every 1 km, all arrivals;
 *   <li>fine: ±0.04° every 0.01°, ±1.5 km every 0.5 km, all arrivals; then ±0.01° every 0.0025° and
 *       ±0.5 km around the best fine node.
 * </ol>
 *
 * <p>Uncertainty: residuals are taken as Laplace-distributed with scale {@code b} = the best L1 per
 * degree of freedom ({@code L1 / (n - 4)}, at least {@link Settings#residualFloorS}); the
 * likelihood of a node is then {@code exp(-L1 / b)}. Each stage's nodes weighted by it give a
 * standard deviation along north, east and depth; per axis the finest stage whose window spans at
 * least ±3σ is used (a narrow posterior is resolved by the fine grid, a broad one is not truncated
 * by it), with the stage's grid spacing added as {@code spacing² / 12}. The origin-time σ is the
 * weighted spread of the nodes' origin times plus the median's own {@code b² / n}.
 *
 * <p>Epicentral distances are great-circle arcs on the 6371 km sphere, depths are below the surface
 * without elevation correction, travel times come from {@link TravelTimes}: the same geometry and
 * model the simulator uses, which favours this method on synthetic data (real data would add 3-D
 * structure and station delays to the residuals).
 *
 * <p>Not thread-safe (scratch buffers and the per-station distance tables); make one per thread.
 */
public final class GridSearchLocator {

  /**
   * Search settings (depth steps must be multiples of 0.5 km, the travel-time lattice).
   *
   * @param maxDepthKm deepest node, km
   * @param coarseStepDeg coarse grid step, degrees
   * @param coarseDepthStepKm coarse depth step, km
   * @param surveyStride survey grid = every {@code surveyStride}-th coarse node (and depth x 2)
   * @param coarseHalfDeg coarse window half-width, degrees
   * @param maxCoarseArrivals earliest arrivals used by the survey and coarse stages
   * @param mediumStepDeg medium step, degrees
   * @param mediumHalfDeg medium half-width, degrees
   * @param mediumDepthStepKm medium depth step, km
   * @param mediumDepthHalfKm medium depth half-width, km
   * @param fineStepDeg fine step, degrees
   * @param fineHalfDeg fine half-width, degrees
   * @param fineDepthStepKm fine depth step, km
   * @param fineDepthHalfKm fine depth half-width, km
   * @param minArrivals fewest arrivals to locate with (4 unknowns)
   * @param residualFloorS smallest Laplace scale b, s (picking and model error floor)
   */
  public record Settings(
      double maxDepthKm,
      double coarseStepDeg,
      double coarseDepthStepKm,
      int surveyStride,
      double coarseHalfDeg,
      int maxCoarseArrivals,
      double mediumStepDeg,
      double mediumHalfDeg,
      double mediumDepthStepKm,
      double mediumDepthHalfKm,
      double fineStepDeg,
      double fineHalfDeg,
      double fineDepthStepKm,
      double fineDepthHalfKm,
      int minArrivals,
      double residualFloorS) {

    public Settings {
      for (double step : new double[] {coarseDepthStepKm, mediumDepthStepKm, fineDepthStepKm}) {
        double k = step / PTravelTimeTable.DEPTH_STEP_KM;
        if (!(step > 0) || Math.abs(k - Math.rint(k)) > 1e-9) {
          throw new IllegalArgumentException("depth steps must be multiples of 0.5 km: " + step);
        }
      }
      if (minArrivals < 4 || maxCoarseArrivals < minArrivals || surveyStride < 1) {
        throw new IllegalArgumentException(
            "need minArrivals >= 4, maxCoarseArrivals >= minArrivals, surveyStride >= 1");
      }
      if (!(residualFloorS > 0)) {
        throw new IllegalArgumentException("residual floor must be positive: " + residualFloorS);
      }
    }

    /** The stages in the class comment, 0-30 km, >= 4 arrivals, b >= 0.05 s. */
    public static Settings defaults() {
      return new Settings(30, 0.1, 2, 3, 0.6, 30, 0.03, 0.15, 1, 4, 0.01, 0.04, 0.5, 1.5, 4, 0.05);
    }

    /**
     * These settings with another residual floor (the oracle's exact times allow a smaller one).
     */
    public Settings withResidualFloor(double seconds) {
      return new Settings(
          maxDepthKm,
          coarseStepDeg,
          coarseDepthStepKm,
          surveyStride,
          coarseHalfDeg,
          maxCoarseArrivals,
          mediumStepDeg,
          mediumHalfDeg,
          mediumDepthStepKm,
          mediumDepthHalfKm,
          fineStepDeg,
          fineHalfDeg,
          fineDepthStepKm,
          fineDepthHalfKm,
          minArrivals,
          seconds);
    }
  }

  private final Settings settings;
  private final SearchRegion region;
  private final PTravelTimeTable table;
  private final int nLat;
  private final int nLon;
  private final double[][] coarseUnit; // unit vectors of the coarse 2-D nodes
  private final Map<String, float[]> coarseDistances = new HashMap<>();

  // Scratch for the arrivals of one locate() call.
  private double[] obs = new double[0];
  private double[] ux = new double[0];
  private double[] uy = new double[0];
  private double[] uz = new double[0];
  private float[][] tables = new float[0][];
  private double[] dist = new double[0];
  private double[] resid = new double[0];

  public GridSearchLocator(TravelTimes travelTimes, SearchRegion region, Settings settings) {
    this.settings = settings;
    this.region = region;
    this.table = new PTravelTimeTable(travelTimes, settings.maxDepthKm());
    this.nLat =
        (int) Math.round((region.maxLat() - region.minLat()) / settings.coarseStepDeg()) + 1;
    this.nLon =
        (int) Math.round((region.maxLon() - region.minLon()) / settings.coarseStepDeg()) + 1;
    this.coarseUnit = new double[nLat * nLon][];
    for (int i = 0; i < nLat; i++) {
      for (int j = 0; j < nLon; j++) {
        coarseUnit[i * nLon + j] = Geodesy.unitVector(coarseLat(i), coarseLon(j));
      }
    }
  }

  public SearchRegion region() {
    return region;
  }

  public Settings settings() {
    return settings;
  }

  /** Number of stations whose coarse distance table is cached. */
  public int cachedStations() {
    return coarseDistances.size();
  }

  /** The best hypocentre, or empty with fewer than {@link Settings#minArrivals} arrivals. */
  public Optional<Hypocentre> locate(List<Arrival> arrivals) {
    int n = arrivals.size();
    if (n < settings.minArrivals()) {
      return Optional.empty();
    }
    List<Arrival> sorted = new ArrayList<>(arrivals);
    sorted.sort(Comparator.comparingDouble(Arrival::timeS));
    prepare(sorted);
    int m = Math.min(n, settings.maxCoarseArrivals());

    Stage survey = surveyStage(m);
    Stage coarse = coarseStage(survey.bestLat(), survey.bestLon(), m);
    Stage medium =
        localStage(
            coarse.bestLat(),
            coarse.bestLon(),
            coarse.bestDepth(),
            settings.mediumStepDeg(),
            settings.mediumHalfDeg(),
            settings.mediumDepthStepKm(),
            settings.mediumDepthHalfKm(),
            n);
    Stage fine =
        localStage(
            medium.bestLat(),
            medium.bestLon(),
            medium.bestDepth(),
            settings.fineStepDeg(),
            settings.fineHalfDeg(),
            settings.fineDepthStepKm(),
            settings.fineDepthHalfKm(),
            n);
    // A last pass at a quarter of the fine step: with few stations the misfit valley is flat and
    // the 0.01° lattice alone can sit a kilometre along it.
    Stage finest =
        localStage(
            fine.bestLat(),
            fine.bestLon(),
            fine.bestDepth(),
            settings.fineStepDeg() / 4,
            settings.fineStepDeg(),
            settings.fineDepthStepKm(),
            settings.fineDepthStepKm(),
            n);
    if (finest.l1[finest.best] < fine.l1[fine.best]) {
      fine.moveBest(finest);
    }

    double bestL1 = fine.l1[fine.best];
    double b = Math.max(bestL1 / Math.max(1, n - 4), settings.residualFloorS());
    double lat = fine.lat[fine.best];
    double lon = fine.lon[fine.best];
    double depth = fine.depth[fine.best];
    double origin = fine.t0[fine.best];
    Stage[] stages = {fine, medium, coarse, survey};
    double[][] spread = new double[stages.length][];
    for (int s = 0; s < stages.length; s++) {
      spread[s] = stages[s].spread(b, lat, lon, depth, origin);
    }
    int coarsest = 0;
    double[] sigma = new double[3];
    for (int axis = 0; axis < 3; axis++) {
      int s = 0;
      while (s < stages.length - 1 && !(spread[s][axis] * 6 <= stages[s].span(axis))) {
        s++;
      }
      double step = stages[s].spacing(axis, lat);
      sigma[axis] = Math.sqrt(spread[s][axis] * spread[s][axis] + step * step / 12);
      coarsest = Math.max(coarsest, s);
    }
    double sigmaOrigin = Math.sqrt(spread[coarsest][3] * spread[coarsest][3] + b * b / n);
    return Optional.of(
        new Hypocentre(
            lat, lon, depth, origin, sigma[0], sigma[1], sigma[2], sigmaOrigin, bestL1 / n, b, n));
  }

  /**
   * Observed minus predicted arrival time of each arrival (in the given order) at a hypocentre, s.
   */
  public double[] residuals(List<Arrival> arrivals, Hypocentre h) {
    double[] u = Geodesy.unitVector(h.latitude(), h.longitude());
    double[] r = new double[arrivals.size()];
    for (int a = 0; a < r.length; a++) {
      Arrival arr = arrivals.get(a);
      double[] v = Geodesy.unitVector(arr.latitude(), arr.longitude());
      double km = Geodesy.chordToArcKm(v[0] - u[0], v[1] - u[1], v[2] - u[2]);
      r[a] = arr.timeS() - h.originS() - table.seconds(km, h.depthKm());
    }
    return r;
  }

  // ---- stages ---------------------------------------------------------------------------------

  private Stage surveyStage(int m) {
    int stride = settings.surveyStride();
    List<double[]> nodes = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    for (int i = 0; i < nLat; i += stride) {
      for (int j = 0; j < nLon; j += stride) {
        nodes.add(new double[] {coarseLat(i), coarseLon(j)});
        index.add(i * nLon + j);
      }
    }
    double[] depths = depths(0, settings.maxDepthKm(), settings.coarseDepthStepKm() * 2);
    Stage s = new Stage(nodes.size() * depths.length);
    for (int k = 0; k < nodes.size(); k++) {
      gatherCoarse(index.get(k), m);
      evaluate(s, nodes.get(k)[0], nodes.get(k)[1], depths, m);
    }
    s.setGeometry(
        region.maxLat() - region.minLat(),
        region.maxLon() - region.minLon(),
        settings.maxDepthKm(),
        settings.coarseStepDeg() * stride,
        settings.coarseDepthStepKm() * 2);
    return s;
  }

  private Stage coarseStage(double lat, double lon, int m) {
    int h = (int) Math.round(settings.coarseHalfDeg() / settings.coarseStepDeg());
    int ci = clamp((int) Math.round((lat - region.minLat()) / settings.coarseStepDeg()), nLat);
    int cj = clamp((int) Math.round((lon - region.minLon()) / settings.coarseStepDeg()), nLon);
    double[] depths = depths(0, settings.maxDepthKm(), settings.coarseDepthStepKm());
    Stage s = null;
    for (int attempt = 0; attempt < 4; attempt++) {
      int i0 = Math.max(0, ci - h);
      int i1 = Math.min(nLat - 1, ci + h);
      int j0 = Math.max(0, cj - h);
      int j1 = Math.min(nLon - 1, cj + h);
      s = new Stage((i1 - i0 + 1) * (j1 - j0 + 1) * depths.length);
      for (int i = i0; i <= i1; i++) {
        for (int j = j0; j <= j1; j++) {
          gatherCoarse(i * nLon + j, m);
          evaluate(s, coarseLat(i), coarseLon(j), depths, m);
        }
      }
      s.setGeometry(
          (i1 - i0) * settings.coarseStepDeg(),
          (j1 - j0) * settings.coarseStepDeg(),
          settings.maxDepthKm(),
          settings.coarseStepDeg(),
          settings.coarseDepthStepKm());
      int bi = (int) Math.round((s.bestLat() - region.minLat()) / settings.coarseStepDeg());
      int bj = (int) Math.round((s.bestLon() - region.minLon()) / settings.coarseStepDeg());
      boolean edge = (bi == i0 && i0 > 0) || (bi == i1 && i1 < nLat - 1);
      edge |= (bj == j0 && j0 > 0) || (bj == j1 && j1 < nLon - 1);
      if (!edge) {
        break;
      }
      ci = bi;
      cj = bj;
    }
    return s;
  }

  private Stage localStage(
      double lat,
      double lon,
      double depth,
      double stepDeg,
      double halfDeg,
      double depthStep,
      double depthHalf,
      int n) {
    int h = (int) Math.round(halfDeg / stepDeg);
    Stage s = null;
    for (int attempt = 0; attempt < 4; attempt++) {
      double d0 = Math.max(0, depth - depthHalf);
      double d1 = Math.min(table.maxDepthKm(), depth + depthHalf);
      double[] depths = depths(d0, d1, depthStep);
      s = new Stage((2 * h + 1) * (2 * h + 1) * depths.length);
      for (int i = -h; i <= h; i++) {
        for (int j = -h; j <= h; j++) {
          double la = lat + i * stepDeg;
          double lo = lon + j * stepDeg;
          computeDistances(la, lo, n);
          evaluate(s, la, lo, depths, n);
        }
      }
      s.setGeometry(2 * h * stepDeg, 2 * h * stepDeg, d1 - d0, stepDeg, depthStep);
      double bi = Math.rint((s.bestLat() - lat) / stepDeg);
      double bj = Math.rint((s.bestLon() - lon) / stepDeg);
      double bd = s.bestDepth();
      boolean edge = Math.abs(bi) == h || Math.abs(bj) == h;
      edge |=
          (bd == depths[0] && d0 > 0)
              || (bd == depths[depths.length - 1] && d1 < table.maxDepthKm());
      if (!edge) {
        break;
      }
      lat = s.bestLat();
      lon = s.bestLon();
      depth = bd;
    }
    return s;
  }

  /** Misfit and origin time at one 2-D node for every depth, using dist[0..m). */
  private void evaluate(Stage s, double lat, double lon, double[] depths, int m) {
    int k = (m - 1) / 2;
    for (double depth : depths) {
      double[] row = table.row(table.depthIndex(depth));
      for (int a = 0; a < m; a++) {
        resid[a] = obs[a] - PTravelTimeTable.at(row, dist[a]);
      }
      double t0 = select(resid, m, k);
      double l1 = 0;
      for (int a = 0; a < m; a++) {
        l1 += Math.abs(resid[a] - t0);
      }
      s.add(lat, lon, depth, t0, l1);
    }
  }

  // ---- geometry -------------------------------------------------------------------------------

  private void prepare(List<Arrival> sorted) {
    int n = sorted.size();
    if (obs.length < n) {
      obs = new double[n];
      ux = new double[n];
      uy = new double[n];
      uz = new double[n];
      tables = new float[n][];
      dist = new double[n];
      resid = new double[n];
    }
    for (int a = 0; a < n; a++) {
      Arrival arr = sorted.get(a);
      obs[a] = arr.timeS();
      double[] u = Geodesy.unitVector(arr.latitude(), arr.longitude());
      ux[a] = u[0];
      uy[a] = u[1];
      uz[a] = u[2];
      if (a < settings.maxCoarseArrivals()) {
        tables[a] = coarseDistances.computeIfAbsent(arr.key(), key -> coarseTable(u));
      }
    }
  }

  private float[] coarseTable(double[] station) {
    float[] t = new float[coarseUnit.length];
    for (int k = 0; k < t.length; k++) {
      double[] u = coarseUnit[k];
      t[k] = (float) Geodesy.chordToArcKm(station[0] - u[0], station[1] - u[1], station[2] - u[2]);
    }
    return t;
  }

  private void gatherCoarse(int node, int m) {
    for (int a = 0; a < m; a++) {
      dist[a] = tables[a][node];
    }
  }

  private void computeDistances(double lat, double lon, int n) {
    double[] u = Geodesy.unitVector(lat, lon);
    for (int a = 0; a < n; a++) {
      dist[a] = Geodesy.chordToArcKm(ux[a] - u[0], uy[a] - u[1], uz[a] - u[2]);
    }
  }

  private double coarseLat(int i) {
    return region.minLat() + i * settings.coarseStepDeg();
  }

  private double coarseLon(int j) {
    return region.minLon() + j * settings.coarseStepDeg();
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }

  private static double[] depths(double from, double to, double step) {
    int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
    double[] d = new double[n];
    for (int k = 0; k < n; k++) {
      d[k] = from + k * step;
    }
    return d;
  }

  /** The k-th smallest of a[0..n) (Hoare selection; reorders a). */
  public static double select(double[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (hi > lo) {
      double pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  /** The evaluated nodes of one stage, their misfits, and the stage's window geometry. */
  private static final class Stage {
    final double[] lat;
    final double[] lon;
    final double[] depth;
    final double[] t0;
    final double[] l1;
    int count;
    int best = -1;
    private double latSpanDeg;
    private double lonSpanDeg;
    private double depthSpanKm;
    private double stepDeg;
    private double depthStepKm;

    Stage(int capacity) {
      lat = new double[capacity + 1];
      lon = new double[capacity + 1];
      depth = new double[capacity + 1];
      t0 = new double[capacity + 1];
      l1 = new double[capacity + 1];
    }

    void add(double la, double lo, double d, double t, double misfit) {
      lat[count] = la;
      lon[count] = lo;
      depth[count] = d;
      t0[count] = t;
      l1[count] = misfit;
      if (best < 0 || misfit < l1[best]) {
        best = count;
      }
      count++;
    }

    /**
     * Takes over a better node found by a finer pass (the spread still uses this stage's nodes).
     */
    void moveBest(Stage finer) {
      add(
          finer.lat[finer.best],
          finer.lon[finer.best],
          finer.depth[finer.best],
          finer.t0[finer.best],
          finer.l1[finer.best]);
    }

    void setGeometry(
        double latSpanDeg, double lonSpanDeg, double depthSpanKm, double stepDeg, double dStep) {
      this.latSpanDeg = latSpanDeg;
      this.lonSpanDeg = lonSpanDeg;
      this.depthSpanKm = depthSpanKm;
      this.stepDeg = stepDeg;
      this.depthStepKm = dStep;
    }

    double bestLat() {
      return lat[best];
    }

    double bestLon() {
      return lon[best];
    }

    double bestDepth() {
      return depth[best];
    }

    /** Window extent along north (0), east (1), depth (2), km. */
    double span(int axis) {
      double cos = Math.cos(Math.toRadians(lat[best]));
      return switch (axis) {
        case 0 -> latSpanDeg * Geodesy.KM_PER_DEGREE;
        case 1 -> lonSpanDeg * Geodesy.KM_PER_DEGREE * cos;
        default -> depthSpanKm;
      };
    }

    /** Grid spacing along an axis, km. */
    double spacing(int axis, double atLat) {
      return switch (axis) {
        case 0 -> stepDeg * Geodesy.KM_PER_DEGREE;
        case 1 -> stepDeg * Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(atLat));
        default -> depthStepKm;
      };
    }

    /** Likelihood-weighted standard deviations {north km, east km, depth km, origin s}. */
    double[] spread(double b, double la0, double lo0, double d0, double t00) {
      double min = l1[best];
      double cos = Math.cos(Math.toRadians(la0));
      double w = 0;
      double[] m1 = new double[4];
      double[] m2 = new double[4];
      for (int k = 0; k < count; k++) {
        double wk = Math.exp(-(l1[k] - min) / b);
        if (wk < 1e-12) {
          continue;
        }
        double[] v = {
          (lat[k] - la0) * Geodesy.KM_PER_DEGREE,
          (lon[k] - lo0) * Geodesy.KM_PER_DEGREE * cos,
          depth[k] - d0,
          t0[k] - t00
        };
        w += wk;
        for (int a = 0; a < 4; a++) {
          m1[a] += wk * v[a];
          m2[a] += wk * v[a] * v[a];
        }
      }
      double[] sd = new double[4];
      for (int a = 0; a < 4; a++) {
        double mean = m1[a] / w;
        sd[a] = Math.sqrt(Math.max(0, m2[a] / w - mean * mean));
      }
      return sd;
    }
  }
}
