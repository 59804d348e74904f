package io.quakegraph.train;

import java.util.Locale;

/**
 * The periodic training line: step, loss (last and running mean), learning rate, gradient norm,
 * rate in graphs/s and events/s, and the ETA.
 */
final class TrainingProgress {
  private final long totalSteps;
  private final long startStep;
  private final long startNanos = System.nanoTime();
  private double lossSum;
  private int lossCount;

  TrainingProgress(long startStep, long totalSteps) {
    this.startStep = startStep;
    this.totalSteps = totalSteps;
  }

  void add(double loss) {
    if (Double.isFinite(loss)) {
      lossSum += loss;
      lossCount++;
    }
  }

  /** Mean loss since the last line, then reset. */
  double takeMean() {
    double m = lossCount == 0 ? Double.NaN : lossSum / lossCount;
    lossSum = 0;
    lossCount = 0;
    return m;
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  String line(
      long step,
      double meanLoss,
      double lr,
      double gradNorm,
      int batchSize,
      long eventsProduced,
      String extra) {
    double secs = Math.max(1e-9, elapsedSeconds());
    long done = step - startStep;
    double stepsPerS = done / secs;
    double eta = stepsPerS > 0 ? (totalSteps - step) / stepsPerS : Double.NaN;
    int width = 20;
    int filled = (int) Math.round(width * (double) step / Math.max(1, totalSteps));
    String bar = "#".repeat(Math.min(width, filled)) + ".".repeat(Math.max(0, width - filled));
    return String.format(
        Locale.ROOT,
        "[%s] step %d/%d loss %.4f lr %.2e |g| %.2f  %.2f graphs/s  %.2f events/s  elapsed %s  ETA %s%s",
        bar,
        step,
        totalSteps,
        meanLoss,
        lr,
        gradNorm,
        stepsPerS * batchSize,
        eventsProduced / secs,
        duration(secs),
        Double.isFinite(eta) ? duration(eta) : "?",
        extra == null || extra.isEmpty() ? "" : "  " + extra);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return "%d min %02d s".formatted(s / 60, s % 60);
    }
    return "%d h %02d min".formatted(s / 3600, (s % 3600) / 60);
  }
}
