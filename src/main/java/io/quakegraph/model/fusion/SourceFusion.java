package io.quakegraph.model.fusion;

import io.quakegraph.model.Estimate;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.model.classical.GridSearchLocator;
import io.quakegraph.model.classical.PTravelTimeTable;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The published hypocentre: the network's Gaussian estimate taken as a prior, times the likelihood
 * of the associated first-P onsets in the 1-D model, times the likelihood of the live stations that
 * have not triggered; the posterior is searched on a grid around the prior.
 *
 * <p>The three terms, at a trial hypocentre {@code (north, east, depth)} with origin time {@code
 * t0}:
 *
 * <ul>
 *   <li><b>Onsets</b>: each residual {@code r = onset - t0 - T_P(distance, depth)} is Student-t
 *       with {@link Settings#nu} degrees of freedom and scale {@link Settings#pickSigmaS}: within a
 *       few tenths of a second it behaves like least squares, while a noise trigger or an S taken
 *       for P costs only a logarithm of its misfit, so one bad pick cannot drag the solution away
 *       (the L1 grid search of the classical baseline has no prior to fall back on when a few picks
 *       are wrong and no such tail). Each onset is moreover a mixture: its P with probability
 *       {@code 1 - }{@link Settings#sProbability}, else the S of a station whose P was too weak to
 *       trigger (a common miss on sparse real networks, where the Student-t alone cannot tell the
 *       one late onset among three or four from the source being elsewhere).
 *   <li><b>Quiet stations</b>: a live station nearer than most triggered ones whose P should have
 *       reached it more than {@link Settings#quietDelayS} before the cut, yet has no onset,
 *       contradicts the trial point. Its likelihood is {@code p + (1 - p) Φ((a - (cut - delay)) /
 *       softness)}, {@code a} the predicted arrival and {@code p} the chance that a live station
 *       misses a P ({@link Settings#missProbability}). With one or two onsets this is what places
 *       the epicentre (the classical Voronoi argument of early-warning locators: the first station
 *       to trigger is the nearest).
 *   <li><b>Prior</b>: the network's Gaussian on north, east, depth and origin time, its σ times
 *       {@link Settings#priorInflation}. With few onsets it carries the estimate; with many it is
 *       outweighed by the onsets.
 * </ul>
 *
 * <p>The origin time is profiled out at every node (iteratively reweighted least squares of the
 * Student-t with the prior's origin as one more observation). The grid is coarse to fine: a box
 * covering the prior's ±3σ and 50 km around the earliest onset's station, then three finer windows
 * around the best node, each sliding while its best node sits on an edge. Per axis the estimate and
 * its σ are the posterior mean and standard deviation on the finest stage whose window spans ±3σ,
 * with the stage's grid spacing added as {@code step² / 12} (a sharp posterior is resolved by the
 * fine grid, a broad one is not truncated by it). Distances are great-circle on the 6371 km sphere
 * (the same geometry as the travel-time tables); only the grid nodes live in a local flat frame.
 *
 * <p>Not thread-safe (scratch buffers); make one per thread.
 */
public final class SourceFusion {
  private static final int REFINE_ATTEMPTS = 4;
  private static final int MIN_PICKS_FOR_SCALE = 6;
  private static final int COARSE_CELLS = 30;
  private static final double COARSE_DEPTH_STEP_KM = 5;
  // The earliest onsets carry the location; beyond these, more far stations add cost, not
  // resolution.
  private static final int MAX_FINE_PICKS = 80;
  private static final double SCALE_PSEUDO_COUNT = 3;
  private static final double MIN_PICK_SIGMA_S = 0.03;
  // The median's window (see median): gathering more values than this, it narrows (their sort
  // costs more than it saves); after this many misses at one node the selection runs on all; its
  // half-width stays within these bounds (a window of zero width could never widen again).
  private static final int MEDIAN_WINDOW_MAX = 12;
  private static final int MEDIAN_WINDOW_ATTEMPTS = 2;
  private static final double MEDIAN_WINDOW_MIN_HALF_WIDTH_S = 1e-3;
  private static final double MEDIAN_WINDOW_MAX_HALF_WIDTH_S = 100;
  // A product of likelihood factors is logged before it can underflow (one factor exceeds 1e-40
  // for any residual below 1e7 s).
  private static final double LIKELIHOOD_FLOOR = 1e-200;

  /**
   * Fusion settings.
   *
   * @param pickSigmaS Student-t scale of the onset residuals (picking error plus the 1-D model's
   *     error), s
   * @param nu Student-t degrees of freedom
   * @param quietDelayS a quiet station contradicts a point only if its P would have arrived this
   *     long before the cut (the picker's decision delay and a margin), s
   * @param quietSoftnessS width of the transition of that contradiction, s
   * @param missProbability chance that a live station misses a P that reached it
   * @param quietQuantile quiet stations count when nearer to the trial point than this quantile of
   *     the triggered stations' distances (a far noise trigger must not make every station in
   *     between a contradiction)
   * @param priorInflation factor on the prior's σ
   * @param maxDepthKm deepest node, km
   * @param maxCoarsePicks earliest onsets used on the coarse grid (the near stations carry the
   *     location; the fine stages use all)
   * @param sigmaScale factor on the posterior's standard deviations (the likelihood treats the
   *     onsets as independent; a picker's errors are not quite)
   * @param horizontalFloorKm model error added to each horizontal σ, km
   * @param depthFloorKm model error added to the depth σ (a picker lag that grows with distance
   *     biases depth, which the onsets' scatter does not show), km
   * @param sProbability chance that an onset is the station's S, its P missed (0: P only)
   */
  public record Settings(
      double pickSigmaS,
      double nu,
      double quietDelayS,
      double quietSoftnessS,
      double missProbability,
      double quietQuantile,
      double priorInflation,
      double maxDepthKm,
      int maxCoarsePicks,
      double sigmaScale,
      double horizontalFloorKm,
      double depthFloorKm,
      double sProbability) {

    public Settings {
      if (!(pickSigmaS > 0) || !(nu > 0) || !(quietSoftnessS > 0) || !(priorInflation > 0)) {
        throw new IllegalArgumentException("fusion scales must be positive");
      }
      if (!(missProbability > 0 && missProbability < 1)) {
        throw new IllegalArgumentException("miss probability must be in (0, 1)");
      }
      if (!(sProbability >= 0 && sProbability < 1)) {
        throw new IllegalArgumentException("S probability must be in [0, 1)");
      }
      if (!(quietQuantile >= 0 && quietQuantile <= 1)) {
        throw new IllegalArgumentException("quiet quantile must be in [0, 1]");
      }
    }

    /** The settings of the published estimate (chosen on calibration seed 7001, not 9001). */
    public static Settings defaults() {
      return new Settings(0.1, 3, 1.0, 0.4, 0.1, 0.8, 1.0, 30, 25, 1.2, 0.15, 0.9, 0.05);
    }
  }

  /** A live station that has not triggered, by its coordinates. */
  public record Site(double latitude, double longitude) {}

  private final PTravelTimeTable table;
  private final PTravelTimeTable sTable;
  private final double pWeight;
  private final double sWeight;
  private final double sOddsRoot;
  private final Settings settings;
  private final double[] coarseDepths;

  // Per-call inputs, in arrays for the inner loops.
  private int nPicks;
  private double[] obs = new double[0];
  private double[][] pickUnit = new double[0][];
  private int nQuiet;
  private double[][] quietUnit = new double[0][];
  private double[] resid = new double[0];
  private double[] residS = new double[0];
  private double[] phased = new double[0];
  private double[] scratch = new double[0];
  // Per column: the onsets' distances and their travel-time cells, and the quiet stations within
  // reach with theirs (a column's depths all share them).
  private double[] dist = new double[0];
  private double[] sortedDist = new double[0];
  private int[] cell = new int[0];
  private double[] fraction = new double[0];
  private int nNear;
  private int[] nearCell = new int[0];
  private double[] nearFraction = new double[0];
  // Stages reused from call to call (see stage).
  private final List<Stage> stagePool = new ArrayList<>();
  private int stagesUsed;
  // The median's window (see median), for the P residuals and the phased ones apart.
  private final MedianGuess residGuess = new MedianGuess();
  private final MedianGuess phasedGuess = new MedianGuess();
  private double[] window = new double[0];
  private int[] windowIndex = new int[0];
  private double cutS;
  private double pickSigma;
  private double lat0;
  private double lon0;
  private double cosLat0;
  private double priorN;
  private double priorE;
  private double priorZ;
  private double priorT0;
  private double invVarN;
  private double invVarE;
  private double invVarZ;
  private double invVarT0;

  public SourceFusion(TravelTimes travelTimes, Settings settings) {
    this.settings = settings;
    this.table = new PTravelTimeTable(travelTimes, settings.maxDepthKm());
    this.sTable =
        settings.sProbability() > 0
            ? new PTravelTimeTable(travelTimes, settings.maxDepthKm(), true)
            : null;
    this.pWeight = 1 - settings.sProbability();
    this.sWeight = settings.sProbability();
    // (s / (1 - s))^(1/h), h = (nu + 1) / 2: the phase test without logs
    this.sOddsRoot =
        Math.pow(settings.sProbability() / (1 - settings.sProbability()), 2 / (settings.nu() + 1));
    this.coarseDepths = depths(0, table.maxDepthKm(), COARSE_DEPTH_STEP_KM);
  }

  /** The Hadley-Kanamori model with the default settings. */
  public static SourceFusion defaults() {
    return new SourceFusion(TravelTimes.hadleyKanamori(), Settings.defaults());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The posterior hypocentre and origin time; the magnitude and its σ are the prior's (see {@link
   * MagnitudeFusion}).
   *
   * @param prior the network's estimate (NaN coordinates: no prior; NaN σ: a flat prior on that
   *     axis)
   * @param referenceMicros epoch µs of time 0 for {@code cutS} and the onsets
   * @param cutS the graph's time, s after the reference
   * @param picks first-P onsets available at the cut, s after the reference
   * @param quiet live stations without an onset at the cut
   * @return the fused estimate, or the prior unchanged when there is no onset
   */
  public Estimate fuse(
      Estimate prior, long referenceMicros, double cutS, List<Arrival> picks, List<Site> quiet) {
    if (picks.isEmpty()) {
      return prior;
    }
    List<Arrival> sorted = new ArrayList<>(picks);
    sorted.sort(Comparator.comparingDouble(Arrival::timeS));
    prepare(prior, referenceMicros, cutS, sorted, quiet);
    stagesUsed = 0;

    pickSigma = settings.pickSigmaS();
    Stage[] stages = search(sorted.get(0), null);
    if (nPicks >= MIN_PICKS_FOR_SCALE) {
      // The onsets' own scatter sets the scale of their likelihood (a pseudo-count of the
      // configured scale keeps a handful of picks from claiming a precision they cannot show);
      // the finer stages are searched again with it.
      pickSigma = residualScale(bestOf(stages));
      stages = search(sorted.get(0), stages[0]);
    }
    Stage best = bestOf(stages);
    double refN = best.n[best.best];
    double refE = best.e[best.best];
    double refZ = best.z[best.best];
    double refT = best.t0[best.best];
    double[][] moments = new double[stages.length][];
    for (int s = 0; s < stages.length; s++) {
      moments[s] = stages[s].moments(refN, refE, refZ, refT);
    }
    // The estimate is the posterior mean (with few onsets the posterior is broad and skewed, and
    // its mean is nearer the truth than its mode; with many the two agree).
    double[] mean = new double[4];
    double[] sigma = new double[4];
    int coarsest = stages.length - 1;
    for (int axis = 0; axis < 3; axis++) {
      int s = stages.length - 1;
      // finest stage whose window spans ±3σ of its own posterior
      while (s > 0 && !(moments[s][4 + axis] * 6 <= stages[s].span(axis))) {
        s--;
      }
      double sd = moments[s][4 + axis];
      double spacing = stages[s].spacing(axis);
      double floor = axis == 2 ? settings.depthFloorKm() : settings.horizontalFloorKm();
      double spread = settings.sigmaScale() * Math.sqrt(sd * sd + spacing * spacing / 12);
      sigma[axis] = Math.hypot(spread, floor);
      mean[axis] = moments[s][axis];
      coarsest = Math.min(coarsest, s);
    }
    mean[3] = moments[coarsest][3];
    double sdT = moments[coarsest][7];
    // A delay common to every pick (the picker's lag behind the true onset) moves the origin
    // time and no number of picks averages it away.
    sigma[3] = settings.sigmaScale() * Math.sqrt(sdT * sdT + pickSigma * pickSigma);

    double lat = lat0 + mean[0] / Geodesy.KM_PER_DEGREE;
    double lon = lon0 + mean[1] / (Geodesy.KM_PER_DEGREE * cosLat0);
    return new Estimate(
        lat,
        lon,
        mean[2],
        prior.magnitude(),
        referenceMicros + Math.round(mean[3] * 1e6),
        sigma[0],
        sigma[1],
        sigma[2],
        prior.sigmaMagnitude(),
        sigma[3]);
  }

  /** The coarse box, then three finer windows, each around the best node so far. */
  private Stage[] search(Arrival first, Stage coarse) {
    Stage[] stages = new Stage[4];
    stages[0] = coarse != null ? coarse : coarseStage(first);
    Stage best = stages[0];
    double step = stages[0].stepKm;
    double[] depthSteps = {1, 0.5, 0.5};
    double[] depthHalves = {4, 1.5, 1};
    for (int s = 1; s < stages.length; s++) {
      double fine = step / 4;
      stages[s] =
          localStage(
              best.n[best.best],
              best.e[best.best],
              best.z[best.best],
              fine,
              1.5 * step,
              depthSteps[s - 1],
              depthHalves[s - 1]);
      if (stages[s].lp[stages[s].best] >= best.lp[best.best]) {
        best = stages[s];
      }
      step = fine;
    }
    return stages;
  }

  private static Stage bestOf(Stage[] stages) {
    Stage best = stages[0];
    for (Stage s : stages) {
      if (s.lp[s.best] >= best.lp[best.best]) {
        best = s;
      }
    }
    return best;
  }

  /**
   * The onsets' scatter at a stage's best node: 1.4826 × MAD of the residuals, pooled with {@link
   * #SCALE_PSEUDO_COUNT} picks at the configured scale, floored at {@link #MIN_PICK_SIGMA_S}.
   */
  private double residualScale(Stage s) {
    int k = s.best;
    double lat = lat0 + s.n[k] / Geodesy.KM_PER_DEGREE;
    double lon = lon0 + s.e[k] / (Geodesy.KM_PER_DEGREE * cosLat0);
    double[] u = Geodesy.unitVector(lat, lon);
    double[] row = table.row(table.depthIndex(s.z[k]));
    for (int a = 0; a < nPicks; a++) {
      scratch[a] =
          Math.abs(
              obs[a] - PTravelTimeTable.at(row, Geodesy.epicentralKm(pickUnit[a], u)) - s.t0[k]);
    }
    double mad = GridSearchLocator.select(scratch, nPicks, (nPicks - 1) / 2);
    double robust = 1.4826 * mad;
    double free = Math.max(1, nPicks - 4);
    double c = settings.pickSigmaS();
    double pooled =
        Math.sqrt(
            (robust * robust * free + c * c * SCALE_PSEUDO_COUNT) / (free + SCALE_PSEUDO_COUNT));
    return Math.max(MIN_PICK_SIGMA_S, pooled);
  }

  // ---- set-up ---------------------------------------------------------------------------------

  private void prepare(
      Estimate prior, long referenceMicros, double cut, List<Arrival> sorted, List<Site> quiet) {
    this.cutS = cut;
    nPicks = sorted.size();
    nQuiet = quiet.size();
    if (obs.length < nPicks) {
      obs = new double[nPicks];
      pickUnit = new double[nPicks][];
      dist = new double[nPicks];
      sortedDist = new double[nPicks];
      cell = new int[nPicks];
      fraction = new double[nPicks];
      resid = new double[nPicks];
      residS = new double[nPicks];
      phased = new double[nPicks];
      scratch = new double[nPicks];
      window = new double[nPicks];
      windowIndex = new int[nPicks];
    }
    if (quietUnit.length < nQuiet) {
      quietUnit = new double[nQuiet][];
      nearCell = new int[nQuiet];
      nearFraction = new double[nQuiet];
    }
    for (int a = 0; a < nPicks; a++) {
      Arrival p = sorted.get(a);
      obs[a] = p.timeS();
      pickUnit[a] = Geodesy.unitVector(p.latitude(), p.longitude());
    }
    for (int q = 0; q < nQuiet; q++) {
      quietUnit[q] = Geodesy.unitVector(quiet.get(q).latitude(), quiet.get(q).longitude());
    }
    boolean hasPrior = Double.isFinite(prior.latitude()) && Double.isFinite(prior.longitude());
    lat0 = hasPrior ? prior.latitude() : sorted.get(0).latitude();
    lon0 = hasPrior ? prior.longitude() : sorted.get(0).longitude();
    cosLat0 = Math.cos(Math.toRadians(lat0));
    double inflate = settings.priorInflation();
    priorN = 0;
    priorE = 0;
    invVarN = hasPrior ? inverseVariance(prior.sigmaLatKm() * inflate) : 0;
    invVarE = hasPrior ? inverseVariance(prior.sigmaLonKm() * inflate) : 0;
    priorZ = Double.isFinite(prior.depthKm()) ? prior.depthKm() : 0;
    invVarZ =
        Double.isFinite(prior.depthKm()) ? inverseVariance(prior.sigmaDepthKm() * inflate) : 0;
    priorT0 = (prior.originMicros() - referenceMicros) / 1e6;
    invVarT0 = hasPrior ? inverseVariance(prior.sigmaOriginS() * inflate) : 0;
  }

  private static double inverseVariance(double sigma) {
    return Double.isFinite(sigma) && sigma > 0 ? 1 / (sigma * sigma) : 0;
  }

  // ---- stages ---------------------------------------------------------------------------------

  /** The survey box: the prior's ±3σ (15-150 km) and 50 km around the earliest onset's station. */
  private Stage coarseStage(Arrival first) {
    double sn = invVarN > 0 ? 3 / Math.sqrt(invVarN) : 150;
    double se = invVarE > 0 ? 3 / Math.sqrt(invVarE) : 150;
    sn = Math.max(15, Math.min(150, sn));
    se = Math.max(15, Math.min(150, se));
    double fn = (first.latitude() - lat0) * Geodesy.KM_PER_DEGREE;
    double fe = (first.longitude() - lon0) * Geodesy.KM_PER_DEGREE * cosLat0;
    double n0 = Math.min(-sn, fn - 50);
    double n1 = Math.max(sn, fn + 50);
    double e0 = Math.min(-se, fe - 50);
    double e1 = Math.max(se, fe + 50);
    double step = Math.max(2.0, Math.max(n1 - n0, e1 - e0) / COARSE_CELLS);
    int in = (int) Math.ceil((n1 - n0) / step);
    int ie = (int) Math.ceil((e1 - e0) / step);
    int m = Math.min(nPicks, settings.maxCoarsePicks());
    Stage s = stage((in + 1) * (ie + 1) * coarseDepths.length);
    for (int i = 0; i <= in; i++) {
      for (int j = 0; j <= ie; j++) {
        evaluateColumn(s, n0 + i * step, e0 + j * step, coarseDepths, m);
      }
    }
    s.setGeometry(in * step, ie * step, table.maxDepthKm(), step, COARSE_DEPTH_STEP_KM);
    return s;
  }

  private Stage localStage(
      double n, double e, double z, double step, double half, double depthStep, double depthHalf) {
    int h = (int) Math.round(half / step);
    Stage s = null;
    for (int attempt = 0; attempt < REFINE_ATTEMPTS; attempt++) {
      double z0 = Math.max(0, snap(z - depthHalf));
      double z1 = Math.min(table.maxDepthKm(), snap(z + depthHalf));
      double[] depths = depths(z0, z1, depthStep);
      s = stage((2 * h + 1) * (2 * h + 1) * depths.length);
      for (int i = -h; i <= h; i++) {
        for (int j = -h; j <= h; j++) {
          evaluateColumn(s, n + i * step, e + j * step, depths, Math.min(nPicks, MAX_FINE_PICKS));
        }
      }
      s.setGeometry(2 * h * step, 2 * h * step, z1 - z0, step, depthStep);
      long bi = Math.round((s.n[s.best] - n) / step);
      long bj = Math.round((s.e[s.best] - e) / step);
      double bz = s.z[s.best];
      boolean edge = Math.abs(bi) == h || Math.abs(bj) == h;
      edge |=
          (bz == depths[0] && z0 > 0)
              || (bz == depths[depths.length - 1] && z1 < table.maxDepthKm());
      if (!edge) {
        break;
      }
      n = s.n[s.best];
      e = s.e[s.best];
      z = bz;
    }
    return s;
  }

  /**
   * An empty stage for at least {@code capacity} nodes, its arrays reused from earlier stages and
   * calls (a call makes a dozen stages of up to thousands of nodes; allocating and zeroing them
   * cost as much as a tenth of the search). Valid until the next call.
   */
  private Stage stage(int capacity) {
    if (stagesUsed == stagePool.size()) {
      stagePool.add(new Stage(capacity));
    }
    Stage s = stagePool.get(stagesUsed++);
    if (s.lp.length < capacity) {
      s = new Stage(capacity);
      stagePool.set(stagesUsed - 1, s);
    }
    s.clear();
    return s;
  }

  /** Depths on the travel-time table's 0.5 km lattice. */
  private static double snap(double z) {
    return Math.round(z * 2) / 2.0;
  }

  // ---- the posterior at one node --------------------------------------------------------------

  /** Log-posterior at every depth of one (north, east) column, using the first {@code m} onsets. */
  private void evaluateColumn(Stage s, double n, double e, double[] depths, int m) {
    double lat = lat0 + n / Geodesy.KM_PER_DEGREE;
    double lon = lon0 + e / (Geodesy.KM_PER_DEGREE * cosLat0);
    double[] u = Geodesy.unitVector(lat, lon);
    for (int a = 0; a < m; a++) {
      dist[a] = Geodesy.epicentralKm(pickUnit[a], u);
      cell[a] = table.cell(dist[a]);
      fraction[a] = PTravelTimeTable.fraction(dist[a], cell[a]);
    }
    nNear = 0;
    double reach = nQuiet > 0 ? quietReach(m) : 0;
    // Most quiet stations are beyond reach; the chord rules them out without the arc's asin (a
    // margin far above the arc's rounding keeps every station the arc would count).
    double chordReach = 2 * Math.sin(Math.min(reach / (2 * Geodesy.EARTH_RADIUS_KM), Math.PI / 2));
    double chordReach2 = chordReach * chordReach * (1 + 1e-9);
    for (int q = 0; q < nQuiet; q++) {
      double[] v = quietUnit[q];
      double dx = v[0] - u[0];
      double dy = v[1] - u[1];
      double dz = v[2] - u[2];
      if (dx * dx + dy * dy + dz * dz > chordReach2) {
        continue;
      }
      double d = Geodesy.chordToArcKm(dx, dy, dz);
      if (!(d >= reach)) {
        nearCell[nNear] = table.cell(d);
        nearFraction[nNear] = PTravelTimeTable.fraction(d, nearCell[nNear]);
        nNear++;
      }
    }
    double lateral = 0;
    if (invVarN > 0) {
      lateral += (n - priorN) * (n - priorN) * invVarN;
    }
    if (invVarE > 0) {
      lateral += (e - priorE) * (e - priorE) * invVarE;
    }
    double sigma = pickSigma;
    double nu = settings.nu();
    double halfNu1 = (nu + 1) / 2;
    double invNuSigma2 = 1 / (nu * sigma * sigma);
    double latest = cutS - settings.quietDelayS();
    double pMiss = settings.missProbability();
    double logMiss = Math.log(pMiss);
    for (double z : depths) {
      int depthIndex = table.depthIndex(z);
      double[] row = table.segments(depthIndex);
      for (int a = 0; a < m; a++) {
        resid[a] = obs[a] - PTravelTimeTable.interpolate(row, cell[a], fraction[a]);
      }
      double t0 = origin(resid, m, invNuSigma2, residGuess);
      double lp = 0;
      double like = 1; // factors of the posterior not yet in lp (see below)
      if (sTable == null) {
        for (int a = 0; a < m; a++) {
          double d = resid[a] - t0;
          lp -= halfNu1 * Math.log(1 + d * d * invNuSigma2);
        }
      } else {
        double[] srow = sTable.segments(depthIndex);
        for (int a = 0; a < m; a++) {
          residS[a] = obs[a] - PTravelTimeTable.interpolate(srow, cell[a], fraction[a]);
        }
        // An onset the S explains better than the P joins the origin time as an S.
        if (assignPhases(m, t0, invNuSigma2, halfNu1)) {
          t0 = origin(phased, m, invNuSigma2, phasedGuess);
        }
        if (halfNu1 == 2) {
          // ν = 3 (the default): each onset's mixture (1 - s) up^-2 + s us^-2 is at most 1 and
          // well above underflow, so the node multiplies them and takes one log (the logs
          // were the search's largest cost); a product nearing underflow is logged early
          for (int a = 0; a < m; a++) {
            double dp = resid[a] - t0;
            double ds = residS[a] - t0;
            double up = 1 + dp * dp * invNuSigma2;
            double us = 1 + ds * ds * invNuSigma2;
            double up2 = up * up;
            double us2 = us * us;
            like *= (pWeight * us2 + sWeight * up2) / (up2 * us2);
            if (like < LIKELIHOOD_FLOOR) {
              lp += Math.log(like);
              like = 1;
            }
          }
        } else {
          for (int a = 0; a < m; a++) {
            double dp = resid[a] - t0;
            double ds = residS[a] - t0;
            double up = 1 + dp * dp * invNuSigma2;
            double us = 1 + ds * ds * invNuSigma2;
            // log[(1 - s) up^-h + s us^-h] = -h log up + log[(1 - s) + s (up / us)^h]: no
            // power of up itself, which overflows for a large h
            double rh = Math.pow(up / us, halfNu1);
            lp += -halfNu1 * Math.log(up) + Math.log(pWeight + sWeight * rh);
          }
        }
      }
      for (int q = 0; q < nNear; q++) {
        double arrival = t0 + PTravelTimeTable.interpolate(row, nearCell[q], nearFraction[q]);
        double x = (arrival - latest) / settings.quietSoftnessS();
        if (x < -6) {
          lp += logMiss; // Φ(x) < 1e-9: the station certainly should have seen it
        } else if (x < 5) {
          like *= pMiss + (1 - pMiss) * normalCdf(x); // at least p: no underflow
        }
      }
      lp += Math.log(like);
      double prior = lateral;
      if (invVarZ > 0) {
        prior += (z - priorZ) * (z - priorZ) * invVarZ;
      }
      if (invVarT0 > 0) {
        prior += (t0 - priorT0) * (t0 - priorT0) * invVarT0;
      }
      s.add(n, e, z, t0, lp - prior / 2);
    }
  }

  /** Quiet stations nearer than this quantile of the triggered stations' distances count. */
  private double quietReach(int m) {
    System.arraycopy(dist, 0, sortedDist, 0, m);
    return GridSearchLocator.select(
        sortedDist, m, (int) Math.floor(settings.quietQuantile() * (m - 1)));
  }

  /**
   * The origin time maximising the Student-t likelihood of {@code resid[0..m)} plus the prior's
   * Gaussian on it: the median, then iteratively reweighted least squares.
   */
  private double origin(double[] resid, int m, double invNuSigma2, MedianGuess guess) {
    double t0 = median(resid, m, guess);
    double priorWeight = invVarT0 * pickSigma * pickSigma;
    for (int it = 0; it < 2; it++) {
      double sw = priorWeight;
      double swr = priorWeight * priorT0;
      for (int a = 0; a < m; a++) {
        double d = resid[a] - t0;
        double w = 1 / (1 + d * d * invNuSigma2);
        sw += w;
        swr += w * resid[a];
      }
      t0 = swr / sw;
    }
    return t0;
  }

  /** Where the previous node's median was: which onset, and how wide a window to look in. */
  private static final class MedianGuess {
    int onset = -1;
    double halfWidthS = 0.25;
  }

  /**
   * The lower median of {@code values[0..m)}: the very element {@link GridSearchLocator#select}
   * returns, found at most nodes without it. Neighbouring nodes have nearly the same residuals, so
   * the onset that was the median at the previous node is near the median now: one pass counts the
   * values below a window around its residual and gathers the few inside, and a short sort of those
   * gives the median if it is among them; else the selection runs on all (the selection from
   * scratch at every node dominated the search). The window's width adapts to how often it misses
   * and how much it gathers; the result never depends on it.
   */
  private double median(double[] values, int m, MedianGuess guess) {
    int k = (m - 1) / 2;
    int g = guess.onset;
    for (int attempt = 0; g >= 0 && g < m && attempt < MEDIAN_WINDOW_ATTEMPTS; attempt++) {
      double lo = values[g] - guess.halfWidthS;
      double hi = values[g] + guess.halfWidthS;
      int below = 0;
      int w = 0;
      for (int a = 0; a < m; a++) {
        double v = values[a];
        below += v < lo ? 1 : 0;
        window[w] = v;
        windowIndex[w] = a;
        w += (v >= lo) & (v <= hi) ? 1 : 0;
      }
      int r = k - below;
      if (r >= 0 && r < w) {
        for (int a = 1; a < w; a++) {
          double v = window[a];
          int i = windowIndex[a];
          int b = a - 1;
          while (b >= 0 && window[b] > v) {
            window[b + 1] = window[b];
            windowIndex[b + 1] = windowIndex[b];
            b--;
          }
          window[b + 1] = v;
          windowIndex[b + 1] = i;
        }
        if (w > MEDIAN_WINDOW_MAX) {
          guess.halfWidthS = Math.max(guess.halfWidthS * 0.5, MEDIAN_WINDOW_MIN_HALF_WIDTH_S);
        }
        guess.onset = windowIndex[r];
        return window[r];
      }
      guess.halfWidthS = Math.min(guess.halfWidthS * 3, MEDIAN_WINDOW_MAX_HALF_WIDTH_S);
    }
    System.arraycopy(values, 0, scratch, 0, m);
    double median = GridSearchLocator.select(scratch, m, k);
    for (int a = 0; a < m; a++) {
      if (values[a] == median) {
        guess.onset = a;
        break;
      }
    }
    return median;
  }

  /**
   * Each onset's residual under the phase that explains it better at origin {@code t0}, in {@link
   * #phased}; whether any onset is taken as an S.
   */
  private boolean assignPhases(int m, double t0, double invNuSigma2, double halfNu1) {
    boolean any = false;
    for (int a = 0; a < m; a++) {
      double dp = resid[a] - t0;
      double ds = residS[a] - t0;
      // S explains it better when s us^-h > (1 - s) up^-h, i.e. us < up (s / (1 - s))^(1/h)
      boolean s = 1 + ds * ds * invNuSigma2 < (1 + dp * dp * invNuSigma2) * sOddsRoot;
      phased[a] = s ? residS[a] : resid[a];
      any |= s;
    }
    return any;
  }

  // ---- geometry and maths ---------------------------------------------------------------------

  /** Standard normal CDF (Abramowitz and Stegun 26.2.17, |error| < 7.5e-8). */
  static double normalCdf(double x) {
    double t = 1 / (1 + 0.2316419 * Math.abs(x));
    double poly =
        t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    double tail = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
    return x >= 0 ? 1 - tail : tail;
  }

  private static double[] depths(double from, double to, double step) {
    int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
    double[] d = new double[n];
    for (int k = 0; k < n; k++) {
      d[k] = from + k * step;
    }
    return d;
  }

  /** The nodes of one stage with their log-posteriors, and the stage's window geometry. */
  private static final class Stage {
    final double[] n;
    final double[] e;
    final double[] z;
    final double[] t0;
    final double[] lp;
    int count;
    int best = -1;
    double spanN;
    double spanE;
    double spanZ;
    double stepKm;
    double depthStepKm;

    Stage(int capacity) {
      n = new double[capacity];
      e = new double[capacity];
      z = new double[capacity];
      t0 = new double[capacity];
      lp = new double[capacity];
    }

    void clear() {
      count = 0;
      best = -1;
    }

    void add(double nn, double ee, double zz, double t, double logPost) {
      n[count] = nn;
      e[count] = ee;
      z[count] = zz;
      t0[count] = t;
      lp[count] = logPost;
      if (best < 0 || logPost > lp[best]) {
        best = count;
      }
      count++;
    }

    void setGeometry(double spanN, double spanE, double spanZ, double step, double depthStep) {
      this.spanN = spanN;
      this.spanE = spanE;
      this.spanZ = spanZ;
      this.stepKm = step;
      this.depthStepKm = depthStep;
    }

    double span(int axis) {
      return switch (axis) {
        case 0 -> spanN;
        case 1 -> spanE;
        default -> spanZ;
      };
    }

    double spacing(int axis) {
      return axis == 2 ? depthStepKm : stepKm;
    }

    /**
     * Posterior means {north, east, depth, origin} and standard deviations (same order), the
     * deviations taken about the given reference to keep the sums well conditioned.
     */
    double[] moments(double rn, double re, double rz, double rt) {
      double max = lp[best];
      double w = 0;
      double[] m1 = new double[4];
      double[] m2 = new double[4];
      for (int k = 0; k < count; k++) {
        double wk = Math.exp(lp[k] - max);
        if (wk < 1e-12) {
          continue;
        }
        double[] v = {n[k] - rn, e[k] - re, z[k] - rz, t0[k] - rt};
        w += wk;
        for (int a = 0; a < 4; a++) {
          m1[a] += wk * v[a];
          m2[a] += wk * v[a] * v[a];
        }
      }
      double[] ref = {rn, re, rz, rt};
      double[] out = new double[8];
      for (int a = 0; a < 4; a++) {
        double mean = m1[a] / w;
        out[a] = ref[a] + mean;
        out[4 + a] = Math.sqrt(Math.max(0, m2[a] / w - mean * mean));
      }
      return out;
    }
  }
}
