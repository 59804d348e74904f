package io.quakegraph.train;

import io.quakegraph.seismic.Station;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The evaluation's PNG plots (XChart): predicted against true for each output, median errors
 * against time after the first P for every method, and a map of the epicentres coloured by error.
 */
public final class EvalPlots {
  private static final int W = 720;
  private static final int H = 560;

  private EvalPlots() {}

  /**
   * Writes every plot into {@code dir} and returns the files.
   *
   * @param stations the network's stations for the map (may be empty)
   */
  public static List<Path> write(EvalReport report, Path dir, List<Station> stations)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    double t = EvalReport.FOCUS_TIME_S;
    out.add(
        predictedVsTrue(
            report,
            dir,
            "latitude",
            "latitude, degrees",
            t,
            r -> r.truth().latitude(),
            r -> r.estimate().latitude()));
    out.add(
        predictedVsTrue(
            report,
            dir,
            "longitude",
            "longitude, degrees",
            t,
            r -> r.truth().longitude(),
            r -> r.estimate().longitude()));
    out.add(
        predictedVsTrue(
            report,
            dir,
            "depth",
            "depth, km",
            t,
            r -> r.truth().depthKm(),
            r -> r.estimate().depthKm()));
    out.add(
        predictedVsTrue(
            report,
            dir,
            "magnitude",
            "magnitude",
            t,
            EvalRecord::trueMagnitude,
            r -> r.estimate().magnitude()));
    out.add(
        predictedVsTrue(
            report,
            dir,
            "origin_time",
            "origin time minus cut time, s",
            t,
            EvalRecord::trueOriginOffsetS,
            EvalRecord::estimatedOriginOffsetS));
    out.add(
        errorVsTime(
            report, dir, "epicentral", "median epicentral error, km", Metrics::epicentralKmMedian));
    out.add(errorVsTime(report, dir, "depth", "median depth error, km", Metrics::depthKmMedian));
    out.add(
        errorVsTime(
            report, dir, "magnitude", "median magnitude error", Metrics::magnitudeAbsMedian));
    out.add(
        errorVsTime(
            report, dir, "origin_time", "median origin-time error, s", Metrics::originAbsMedianS));
    if (report.methods().contains("fused")) {
      out.add(reliability(report, dir, "fused"));
    }
    String best = report.methods().contains("stgnn") ? "stgnn" : report.methods().get(0);
    out.add(errorMap(report, dir, best, t, stations));
    return out;
  }

  private static Path predictedVsTrue(
      EvalReport report,
      Path dir,
      String name,
      String unit,
      double time,
      ToDoubleFunction<EvalRecord> truth,
      ToDoubleFunction<EvalRecord> predicted)
      throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(W)
            .height(H)
            .title("Predicted vs true " + name + " at " + EvalReport.key(time) + " s after first P")
            .xAxisTitle("true " + unit)
            .yAxisTitle("predicted " + unit)
            .build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setMarkerSize(4);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (String m : report.methods()) {
      List<EvalRecord> rs = report.select(m, 0, time).filter(EvalRecord::hasEstimate).toList();
      List<double[]> pts = new ArrayList<>();
      for (EvalRecord r : rs) {
        double x = truth.applyAsDouble(r);
        double y = predicted.applyAsDouble(r);
        if (Double.isFinite(x) && Double.isFinite(y)) {
          pts.add(new double[] {x, y});
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      if (!pts.isEmpty()) {
        c.addSeries(m, col(pts, 0), col(pts, 1));
      }
    }
    if (lo < hi) {
      XYSeries diag = c.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
      diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      diag.setMarker(SeriesMarkers.NONE);
    }
    return save(c, dir.resolve("pred_vs_true_" + name));
  }

  private static Path errorVsTime(
      EvalReport report, Path dir, String name, String unit, ToDoubleFunction<Metrics> f)
      throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(W)
            .height(H)
            .title(unit + " vs time after first P (no dropout)")
            .xAxisTitle("time after first P, s")
            .yAxisTitle(unit)
            .build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    for (String m : report.methods()) {
      List<double[]> pts = new ArrayList<>();
      for (double t : report.times()) {
        double v = f.applyAsDouble(report.metrics(m, 0, t));
        if (Double.isFinite(v)) {
          pts.add(new double[] {t, v});
        }
      }
      if (!pts.isEmpty()) {
        c.addSeries(m, col(pts, 0), col(pts, 1));
      }
    }
    return save(c, dir.resolve("error_vs_time_" + name));
  }

  private static Path errorMap(
      EvalReport report, Path dir, String method, double time, List<Station> stations)
      throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(W)
            .height(H)
            .title(method + " epicentral error at " + EvalReport.key(time) + " s after first P")
            .xAxisTitle("longitude, degrees")
            .yAxisTitle("latitude, degrees")
            .build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setMarkerSize(5);
    if (!stations.isEmpty()) {
      XYSeries s =
          c.addSeries(
              "stations",
              stations.stream().mapToDouble(Station::longitude).toArray(),
              stations.stream().mapToDouble(Station::latitude).toArray());
      s.setMarker(SeriesMarkers.TRIANGLE_UP);
      s.setMarkerColor(java.awt.Color.LIGHT_GRAY);
    }
    double[][] bins = {{0, 5}, {5, 10}, {10, 20}, {20, 50}, {50, Double.POSITIVE_INFINITY}};
    java.awt.Color[] colours = {
      new java.awt.Color(0, 140, 0),
      new java.awt.Color(120, 190, 0),
      new java.awt.Color(230, 170, 0),
      new java.awt.Color(230, 90, 0),
      new java.awt.Color(200, 0, 0)
    };
    List<EvalRecord> rs = report.select(method, 0, time).toList();
    for (int b = 0; b < bins.length; b++) {
      List<double[]> pts = new ArrayList<>();
      for (EvalRecord r : rs) {
        double e = r.hasEstimate() ? r.epicentralKm() : Double.POSITIVE_INFINITY;
        if (e >= bins[b][0] && e < bins[b][1]) {
          pts.add(new double[] {r.truth().longitude(), r.truth().latitude()});
        }
      }
      if (!pts.isEmpty()) {
        String label =
            Double.isInfinite(bins[b][1])
                ? ">= " + (int) bins[b][0] + " km or none"
                : (int) bins[b][0] + "-" + (int) bins[b][1] + " km";
        XYSeries s = c.addSeries(label, col(pts, 0), col(pts, 1));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(colours[b]);
      }
    }
    return save(c, dir.resolve("error_map_" + method));
  }

  /**
   * Reliability diagram of a method's uncertainties: for nominal central probabilities p, the
   * fraction of estimates whose error lies within the Gaussian interval of probability p (|error| ≤
   * z_p σ), per output, over every time without dropout. A calibrated method lies on the diagonal.
   */
  private static Path reliability(EvalReport report, Path dir, String method) throws IOException {
    double[] nominal = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.68, 0.7, 0.8, 0.9, 0.95, 0.99};
    double[] z = {
      0.1257, 0.2533, 0.3853, 0.5244, 0.6745, 0.8416, 0.9945, 1.0364, 1.2816, 1.6449, 1.9600, 2.5758
    };
    List<double[]> ratios = new ArrayList<>();
    for (double t : report.times()) {
      report.select(method, 0, t).forEach(r -> ratios.add(r.normalisedErrors()));
    }
    XYChart c =
        new XYChartBuilder()
            .width(W)
            .height(H)
            .title(method + ": reliability of the 1σ (all times, no dropout)")
            .xAxisTitle("nominal probability")
            .yAxisTitle("observed fraction within")
            .build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    c.addSeries("ideal", new double[] {0, 1}, new double[] {0, 1});
    for (int k = 0; k < Metrics.OUTPUTS.size(); k++) {
      double[] observed = new double[nominal.length];
      int n = 0;
      for (double[] r : ratios) {
        if (Double.isFinite(r[k])) {
          n++;
          for (int i = 0; i < z.length; i++) {
            if (r[k] <= z[i]) {
              observed[i]++;
            }
          }
        }
      }
      if (n == 0) {
        continue;
      }
      for (int i = 0; i < observed.length; i++) {
        observed[i] /= n;
      }
      c.addSeries(Metrics.OUTPUTS.get(k), nominal, observed);
    }
    return save(c, dir.resolve("reliability_" + method));
  }

  private static double[] col(List<double[]> pts, int k) {
    return pts.stream().mapToDouble(p -> p[k]).toArray();
  }

  private static Path save(XYChart c, Path base) throws IOException {
    BitmapEncoder.saveBitmap(c, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Path.of(base + ".png");
  }
}
