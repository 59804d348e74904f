package io.quakegraph.train;

/**
 * The learning rate at each step: a linear warm-up from 0 to the peak over {@code warmupSteps},
 * then a cosine decay to {@code minLearningRate} at the last step, or a step decay by {@code
 * stepFactor} every {@code stepEvery} steps.
 */
public record LearningRateSchedule(TrainConfig.OptimiserConfig config, int totalSteps) {

  /** Learning rate of step {@code step} (0-based). */
  public double at(long step) {
    double peak = config.learningRate();
    int warm = config.warmupSteps();
    if (step < warm) {
      return peak * (step + 1) / warm;
    }
    long after = step - warm;
    if (config.schedule().equals("step")) {
      return peak * Math.pow(config.stepFactor(), after / config.stepEvery());
    }
    long span = Math.max(1, totalSteps - warm);
    double progress = Math.min(1.0, (double) after / span);
    double min = config.minLearningRate();
    return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
