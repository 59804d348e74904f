package io.quakegraph.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The loss curve of a run as a PNG, from its {@code losses.csv}: the training loss per step
 * (running mean over {@value #SMOOTH} steps, since single batches are noisy) and, where the file
 * has them, the validation loss at the checkpoints and the baseline's loss.
 */
public final class LossPlot {
  static final int SMOOTH = 50;

  private LossPlot() {}

  /** Writes {@code out} (a .png) from {@code lossesCsv}; returns false if the file has no rows. */
  public static boolean write(Path lossesCsv, Path out, String title) throws IOException {
    List<String> lines = Files.readAllLines(lossesCsv);
    if (lines.size() < 2) {
      return false;
    }
    String[] header = lines.get(0).split(",");
    List<Double> steps = new ArrayList<>();
    List<Double> loss = new ArrayList<>();
    List<Double> extraStep = new ArrayList<>();
    List<Double> extra = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      steps.add(Double.parseDouble(f[0]));
      loss.add(Double.parseDouble(f[1]));
      if (f.length > 4 && !f[4].isBlank()) {
        double v = Double.parseDouble(f[4]);
        if (Double.isFinite(v)) {
          extraStep.add(Double.parseDouble(f[0]));
          extra.add(v);
        }
      }
    }
    List<Double> smooth = new ArrayList<>(loss.size());
    double sum = 0;
    for (int i = 0; i < loss.size(); i++) {
      sum += loss.get(i);
      if (i >= SMOOTH) {
        sum -= loss.get(i - SMOOTH);
      }
      smooth.add(sum / Math.min(i + 1, SMOOTH));
    }
    XYChart c = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle("step").build();
    c.setYAxisTitle("loss (Gaussian NLL)");
    c.getStyler().setXAxisDecimalPattern("#");
    c.getStyler().setXAxisMaxLabelCount(8);
    c.getStyler().setXAxisLabelRotation(45);
    // the first steps of a fine-tune start far above the rest: scale to the bulk of the curve
    List<Double> sorted = new ArrayList<>(smooth);
    extra.forEach(sorted::add);
    java.util.Collections.sort(sorted);
    double lo = sorted.get(0);
    double hi = sorted.get((int) Math.floor(0.98 * (sorted.size() - 1)));
    c.getStyler().setYAxisMin(lo - 0.05 * (hi - lo));
    c.getStyler().setYAxisMax(hi + 0.05 * (hi - lo));
    XYSeries s = c.addSeries("training, mean of " + SMOOTH + " steps", steps, smooth);
    s.setMarker(SeriesMarkers.NONE);
    if (!extra.isEmpty()) {
      String name = header.length > 4 ? header[4].replace('_', ' ') : "extra";
      c.addSeries(name, extraStep, extra).setMarker(SeriesMarkers.CIRCLE);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(c, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }
}
