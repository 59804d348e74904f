package io.quakegraph.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scores of an evaluation run: tables (console and Markdown), the {@code --json} document and
 * the raw records as CSV. Plots are drawn by {@link EvalPlots}.
 */
public final class EvalReport {
  /**
   * Magnitude bins [lo, hi) of the by-magnitude scores; the last holds the large ruptures of the
   * real-world simulator, up to Mw 8.0.
   */
  public static final double[][] MAGNITUDE_BINS = {
    {2.5, 3.5}, {3.5, 4.5}, {4.5, 5.5}, {5.5, 6.5}, {6.5, 8.05}
  };

  /** The time of the per-dropout, per-magnitude and coverage tables, s after first P. */
  public static final double FOCUS_TIME_S = 8;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<String> methods;
  private final double[] times;
  private final double[] dropouts;
  private final List<EvalRecord> records;
  private final Map<String, Metrics> cache = new LinkedHashMap<>();

  public EvalReport(
      List<String> methods, double[] times, double[] dropouts, List<EvalRecord> records) {
    this.methods = List.copyOf(methods);
    this.times = times.clone();
    this.dropouts = dropouts.clone();
    this.records = List.copyOf(records);
  }

  public List<String> methods() {
    return methods;
  }

  public double[] times() {
    return times.clone();
  }

  public List<EvalRecord> records() {
    return records;
  }

  /** Events scored (distinct event ids). */
  public long events() {
    return records.stream().map(EvalRecord::eventId).distinct().count();
  }

  /** Scores of one method, dropout level and time. */
  public Metrics metrics(String method, double dropout, double time) {
    return cache.computeIfAbsent(
        method + "|" + dropout + "|" + time,
        k -> Metrics.of(select(method, dropout, time).toList()));
  }

  /** Scores of one method at one time without dropout, for true magnitudes in [lo, hi). */
  public Metrics metricsByMagnitude(String method, double time, double lo, double hi) {
    return Metrics.of(
        select(method, 0, time)
            .filter(r -> r.trueMagnitude() >= lo && r.trueMagnitude() < hi)
            .toList());
  }

  /** Records of one method, dropout level and time. */
  public java.util.stream.Stream<EvalRecord> select(String method, double dropout, double time) {
    return records.stream()
        .filter(
            r ->
                r.method().equals(method)
                    && r.dropout() == dropout
                    && r.timeAfterFirstPS() == time);
  }

  /** The {@code --json} document: {@code {method: {time_s: {metric: value, ...}}}}. */
  public ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    for (String m : methods) {
      ObjectNode byTime = root.putObject(m);
      for (double t : times) {
        ObjectNode node = byTime.putObject(key(t));
        put(node, metrics(m, 0, t));
        ObjectNode dropped = node.putObject("dropped");
        for (double d : dropouts) {
          if (d != 0) {
            put(dropped.putObject(key(d)), metrics(m, d, t));
          }
        }
        ObjectNode byMag = node.putObject("by_magnitude");
        for (double[] bin : MAGNITUDE_BINS) {
          put(byMag.putObject(binName(bin)), metricsByMagnitude(m, t, bin[0], bin[1]));
        }
      }
    }
    return root;
  }

  private static void put(ObjectNode n, Metrics x) {
    n.put("epicentral_km_median", x.epicentralKmMedian());
    n.put("epicentral_km_mean", x.epicentralKmMean());
    n.put("depth_km_median", x.depthKmMedian());
    n.put("depth_km_mean", x.depthKmMean());
    n.put("magnitude_abs_median", x.magnitudeAbsMedian());
    n.put("magnitude_abs_mean", x.magnitudeAbsMean());
    n.put("origin_time_abs_median_s", x.originAbsMedianS());
    n.put("within_1sigma", x.within1SigmaMean());
    n.put("within_2sigma", x.within2SigmaMean());
    ObjectNode w1 = n.putObject("within_1sigma_by_output");
    ObjectNode w2 = n.putObject("within_2sigma_by_output");
    for (int k = 0; k < Metrics.OUTPUTS.size(); k++) {
      w1.put(Metrics.OUTPUTS.get(k), x.within1Sigma()[k]);
      w2.put(Metrics.OUTPUTS.get(k), x.within2Sigma()[k]);
    }
    n.put("count", x.count());
    n.put("estimated", x.estimated());
  }

  /** Writes {@link #json()} to {@code file}. */
  public void writeJson(Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    JSON.writeValue(file.toFile(), json());
  }

  /** Every record as CSV (one line per method, event, dropout, time). */
  public void writeCsv(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "method,event,dropout,time_s,stations,true_lat,true_lon,true_depth_km,true_mag,"
            + "true_origin_offset_s,lat,lon,depth_km,mag,origin_offset_s,sigma_north_km,"
            + "sigma_east_km,sigma_depth_km,sigma_mag,sigma_origin_s");
    for (EvalRecord r : records) {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%s,%d,%.5f,%.5f,%.3f,%.3f,%.3f",
              r.method(),
              r.eventId(),
              key(r.dropout()),
              key(r.timeAfterFirstPS()),
              r.stations(),
              r.truth().latitude(),
              r.truth().longitude(),
              r.truth().depthKm(),
              r.trueMagnitude(),
              r.trueOriginOffsetS()));
      if (r.hasEstimate()) {
        var e = r.estimate();
        sb.append(
            String.format(
                Locale.ROOT,
                ",%.5f,%.5f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f",
                e.latitude(),
                e.longitude(),
                e.depthKm(),
                e.magnitude(),
                r.estimatedOriginOffsetS(),
                e.sigmaLatKm(),
                e.sigmaLonKm(),
                e.sigmaDepthKm(),
                e.sigmaMagnitude(),
                e.sigmaOriginS()));
      } else {
        sb.append(",,,,,,,,,,");
      }
      lines.add(sb.toString());
    }
    Files.write(file, lines);
  }

  /** The main table as Markdown: every time, every method, no dropout. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| t after first P | method | estimated | epicentral km median | epicentral km mean |"
            + " depth km median | magnitude abs median | origin time abs median s | within 1σ |"
            + " within 2σ |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (double t : times) {
      for (String m : methods) {
        Metrics x = metrics(m, 0, t);
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s s | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s |%n",
                key(t),
                m,
                x.estimated(),
                x.count(),
                num(x.epicentralKmMedian(), 1),
                num(x.epicentralKmMean(), 1),
                num(x.depthKmMedian(), 1),
                num(x.magnitudeAbsMedian(), 2),
                num(x.originAbsMedianS(), 2),
                pct(x.within1SigmaMean()),
                pct(x.within2SigmaMean())));
      }
    }
    return sb.toString();
  }

  /** Median epicentral error per method and dropout level at every time, Markdown. */
  public String dropoutMarkdown() {
    StringBuilder sb = new StringBuilder("| method | dropped |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (double t : times) {
      sb.append(' ').append(key(t)).append(" s |");
      rule.append("---|");
    }
    sb.append(
        String.format(
            Locale.ROOT,
            " depth km median at %s s | magnitude abs median at %s s |%n",
            key(FOCUS_TIME_S),
            key(FOCUS_TIME_S)));
    rule.append("---|---|\n");
    sb.append(rule);
    for (String m : methods) {
      for (double d : dropouts) {
        sb.append("| ").append(m).append(" | ").append(Math.round(d * 100)).append(" % |");
        for (double t : times) {
          sb.append(' ').append(num(metrics(m, d, t).epicentralKmMedian(), 1)).append(" |");
        }
        Metrics f = metrics(m, d, FOCUS_TIME_S);
        sb.append(' ')
            .append(num(f.depthKmMedian(), 1))
            .append(" | ")
            .append(num(f.magnitudeAbsMedian(), 2))
            .append(" |\n");
      }
    }
    return sb.toString();
  }

  /** Scores by magnitude bin at {@link #FOCUS_TIME_S}, Markdown. */
  public String magnitudeMarkdown() {
    StringBuilder sb =
        new StringBuilder(
            "| true magnitude | method | graphs | epicentral km median | depth km median |"
                + " magnitude abs median | origin time abs median s |\n|---|---|---|---|---|---|---|\n");
    for (double[] bin : MAGNITUDE_BINS) {
      for (String m : methods) {
        Metrics x = metricsByMagnitude(m, FOCUS_TIME_S, bin[0], bin[1]);
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %s | %s | %s | %s |%n",
                binName(bin),
                m,
                x.count(),
                num(x.epicentralKmMedian(), 1),
                num(x.depthKmMedian(), 1),
                num(x.magnitudeAbsMedian(), 2),
                num(x.originAbsMedianS(), 2)));
      }
    }
    return sb.toString();
  }

  /** Per-output 1σ / 2σ coverage at every time, Markdown. */
  public String coverageMarkdown() {
    StringBuilder sb = new StringBuilder("| t after first P | method |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String o : Metrics.OUTPUTS) {
      sb.append(' ').append(o).append(" 1σ / 2σ |");
      rule.append("---|");
    }
    sb.append('\n').append(rule).append('\n');
    for (double t : times) {
      for (String m : methods) {
        Metrics x = metrics(m, 0, t);
        sb.append("| ").append(key(t)).append(" s | ").append(m).append(" |");
        for (int k = 0; k < Metrics.OUTPUTS.size(); k++) {
          sb.append(' ')
              .append(pct(x.within1Sigma()[k]))
              .append(" / ")
              .append(pct(x.within2Sigma()[k]))
              .append(" |");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The targets checked against the scores: at 8 s median epicentral ≤ 5 km, depth ≤ 3 km,
   * magnitude ≤ 0.2; STGNN better than GCN and classical (median epicentral error) at every time ≥
   * 2 s; 1σ and 2σ coverage within ±10 points of 68 % and 95 %.
   */
  public String targetsMarkdown(String model) {
    if (!methods.contains(model)) {
      return "";
    }
    StringBuilder sb = new StringBuilder("| target | value | met |\n|---|---|---|\n");
    Metrics at8 = metrics(model, 0, 8);
    row(
        sb,
        "median epicentral error at 8 s <= 5 km",
        num(at8.epicentralKmMedian(), 2) + " km",
        at8.epicentralKmMedian() <= 5);
    row(
        sb,
        "median depth error at 8 s <= 3 km",
        num(at8.depthKmMedian(), 2) + " km",
        at8.depthKmMedian() <= 3);
    row(
        sb,
        "median magnitude error at 8 s <= 0.2",
        num(at8.magnitudeAbsMedian(), 3),
        at8.magnitudeAbsMedian() <= 0.2);
    for (String other : methods) {
      if (other.equals(model) || other.equals("oracle")) {
        continue;
      }
      boolean better = true;
      StringBuilder detail = new StringBuilder();
      for (double t : times) {
        if (t < 2) {
          continue;
        }
        double a = metrics(model, 0, t).epicentralKmMedian();
        double b = metrics(other, 0, t).epicentralKmMedian();
        better &= a < b;
        detail.append(String.format(Locale.ROOT, "%s s: %s vs %s; ", key(t), num(a, 1), num(b, 1)));
      }
      row(
          sb,
          model + " median epicentral error below " + other + " at every t >= 2 s",
          detail.toString().strip(),
          better);
    }
    double c1 = coverageAll(model, true);
    double c2 = coverageAll(model, false);
    row(
        sb,
        "1σ coverage within 68 ± 10 % (all outputs, all times)",
        pct(c1),
        Math.abs(c1 - 0.68) <= 0.10);
    row(
        sb,
        "2σ coverage within 95 ± 10 % (all outputs, all times)",
        pct(c2),
        Math.abs(c2 - 0.95) <= 0.10);
    return sb.toString();
  }

  /**
   * The targets of the fused estimate: at 8 s median epicentre ≤ 2 km, depth ≤ 2 km, |ΔM| ≤ 0.10,
   * at 16 s ≤ 0.5 km, ≤ 1 km, ≤ 0.08; at every time and dropout level each median ≤ those of every
   * other method but the oracle, and at 2 s and 4 s the epicentre ≥ 30 % below the best of them;
   * each output's 1σ and 2σ coverage within 68 ± 5 % and 95 ± 3 % at every time (no dropout).
   */
  public String fusedTargetsMarkdown(String fused) {
    if (!methods.contains(fused)) {
      return "";
    }
    StringBuilder sb = new StringBuilder("| target | value | met |\n|---|---|---|\n");
    double[][] goals = {{8, 2, 2, 0.10}, {16, 0.5, 1, 0.08}};
    for (double[] g : goals) {
      if (!hasTime(g[0])) {
        continue;
      }
      Metrics x = metrics(fused, 0, g[0]);
      row(
          sb,
          String.format(
              Locale.ROOT,
              "%s at %s s: epicentre <= %s km, depth <= %s km, |ΔM| <= %s",
              fused,
              key(g[0]),
              key(g[1]),
              key(g[2]),
              num(g[3], 2)),
          num(x.epicentralKmMedian(), 2)
              + " km, "
              + num(x.depthKmMedian(), 2)
              + " km, "
              + num(x.magnitudeAbsMedian(), 3),
          x.epicentralKmMedian() <= g[1]
              && x.depthKmMedian() <= g[2]
              && x.magnitudeAbsMedian() <= g[3]);
    }
    for (double d : dropouts()) {
      StringBuilder miss = new StringBuilder();
      for (double t : times) {
        Metrics f = metrics(fused, d, t);
        for (String other : methods) {
          if (other.equals(fused) || other.equals("oracle")) {
            continue;
          }
          Metrics o = metrics(other, d, t);
          if (f.epicentralKmMedian() > o.epicentralKmMedian()) {
            miss.append(String.format(Locale.ROOT, "%s s epicentre vs %s; ", key(t), other));
          }
          if (f.depthKmMedian() > o.depthKmMedian()) {
            miss.append(String.format(Locale.ROOT, "%s s depth vs %s; ", key(t), other));
          }
          if (f.magnitudeAbsMedian() > o.magnitudeAbsMedian()) {
            miss.append(String.format(Locale.ROOT, "%s s magnitude vs %s; ", key(t), other));
          }
        }
      }
      row(
          sb,
          String.format(
              Locale.ROOT,
              "%s medians <= every other method's at every time, %s %% dropped",
              fused,
              key(100 * d)),
          miss.length() == 0 ? "all" : "worse at: " + miss.toString().strip(),
          miss.length() == 0);
    }
    for (double t : new double[] {2, 4}) {
      if (!hasTime(t)) {
        continue;
      }
      for (double d : dropouts()) {
        double best = Double.POSITIVE_INFINITY;
        for (String other : methods) {
          if (!other.equals(fused) && !other.equals("oracle")) {
            best = Math.min(best, metrics(other, d, t).epicentralKmMedian());
          }
        }
        double f = metrics(fused, d, t).epicentralKmMedian();
        row(
            sb,
            String.format(
                Locale.ROOT,
                "%s epicentre at %s s, %s %% dropped, >= 30 %% below the best other",
                fused,
                key(t),
                key(100 * d)),
            num(f, 1) + " km vs " + num(best, 1) + " km",
            f <= 0.7 * best);
      }
    }
    StringBuilder off = new StringBuilder();
    for (double t : times) {
      Metrics x = metrics(fused, 0, t);
      for (int k = 0; k < Metrics.OUTPUTS.size(); k++) {
        double c1 = x.within1Sigma()[k];
        double c2 = x.within2Sigma()[k];
        if (!(Math.abs(c1 - 0.68) <= 0.05) || !(Math.abs(c2 - 0.95) <= 0.03)) {
          off.append(
              String.format(
                  Locale.ROOT,
                  "%s s %s %s/%s; ",
                  key(t),
                  Metrics.OUTPUTS.get(k),
                  pct(c1),
                  pct(c2)));
        }
      }
    }
    row(
        sb,
        fused + " coverage of every output at every time: 1σ 68 ± 5 %, 2σ 95 ± 3 %",
        off.length() == 0 ? "all within" : "outside: " + off.toString().strip(),
        off.length() == 0);
    return sb.toString();
  }

  private boolean hasTime(double t) {
    for (double x : times) {
      if (x == t) {
        return true;
      }
    }
    return false;
  }

  private double[] dropouts() {
    return records.stream().mapToDouble(EvalRecord::dropout).distinct().sorted().toArray();
  }

  private double coverageAll(String model, boolean one) {
    Metrics x =
        Metrics.of(
            records.stream().filter(r -> r.method().equals(model) && r.dropout() == 0).toList());
    return one ? x.within1SigmaMean() : x.within2SigmaMean();
  }

  private static void row(StringBuilder sb, String what, String value, boolean met) {
    sb.append("| ")
        .append(what)
        .append(" | ")
        .append(value)
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
  }

  /** A compact console table (no dropout; epicentral, depth, magnitude, origin medians). */
  public String consoleTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-7s %-10s %9s %9s %9s %8s %8s %6s %6s%n",
            "t (s)",
            "method",
            "estimated",
            "epi km",
            "epi mean",
            "depth km",
            "mag",
            "orig s",
            "1σ/2σ"));
    for (double t : times) {
      for (String m : methods) {
        Metrics x = metrics(m, 0, t);
        sb.append(
            String.format(
                Locale.ROOT,
                "%-7s %-10s %9s %9s %9s %8s %8s %6s %s/%s%n",
                key(t),
                m,
                x.estimated() + "/" + x.count(),
                num(x.epicentralKmMedian(), 1),
                num(x.epicentralKmMean(), 1),
                num(x.depthKmMedian(), 1),
                num(x.magnitudeAbsMedian(), 2),
                num(x.originAbsMedianS(), 2),
                pct(x.within1SigmaMean()),
                pct(x.within2SigmaMean())));
      }
    }
    return sb.toString();
  }

  static String key(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static String binName(double[] bin) {
    return String.format(Locale.ROOT, "%.1f-%.1f", bin[0], Math.min(bin[1], 8.0));
  }

  static String num(double v, int digits) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Double.isInfinite(v)) {
      return "∞";
    }
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f %%", 100 * v) : "n/a";
  }
}
