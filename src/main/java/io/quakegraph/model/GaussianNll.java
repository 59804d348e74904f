package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Gaussian negative log-likelihood of normalised targets {@code [B, 5]} under model outputs {@code
 * [B, 10]} (means, then log-sigmas): {@code mean over batch and targets of logσ + (y - μ)² / (2σ²)}
 * (the constant ½·log 2π is left out).
 *
 * <p>Log-sigmas are bounded to [{@value #MIN_LOG_SIGMA}, {@value #MAX_LOG_SIGMA}]: the lower bound
 * stops a sample the model fits exactly from driving σ to zero and the loss to minus infinity, the
 * upper one keeps early, hopeless cuts from flattening the gradient of the mean. The lower bound is
 * soft ({@code MIN + softplus(raw - MIN)}) so a log-sigma pushed below it still gets a gradient and
 * cannot get stuck; {@link LabelCodec} decodes with the same map. As a DJL {@link Loss}, labels are
 * {@code [B, 5]} and predictions {@code [B, 10]}.
 */
public final class GaussianNll extends Loss {
  /** Smallest log-sigma (σ ≈ 0.0025 units: 0.7 km horizontally, 0.025 magnitude). */
  public static final double MIN_LOG_SIGMA = -6.0;

  /** Largest log-sigma (σ ≈ 20 units). */
  public static final double MAX_LOG_SIGMA = 3.0;

  public GaussianNll() {
    super("GaussianNll");
  }

  /** The loss, a scalar NDArray. */
  public static NDArray nll(NDArray outputs, NDArray targets) {
    return perTarget(outputs, targets).mean();
  }

  /**
   * The loss with a weight per target ({@code [5]}, e.g. more on depth), normalised by the mean
   * weight so its scale stays that of {@link #nll(NDArray, NDArray)}.
   */
  public static NDArray nll(NDArray outputs, NDArray targets, float[] weights) {
    if (weights.length != LabelCodec.TARGETS) {
      throw new IllegalArgumentException("one weight per target: " + weights.length);
    }
    double mean = 0;
    for (float w : weights) {
      mean += w / (double) weights.length;
    }
    NDArray w =
        outputs
            .getManager()
            .create(weights, new ai.djl.ndarray.types.Shape(1, weights.length))
            .div((float) mean);
    return perTarget(outputs, targets).mul(w).mean();
  }

  /** Per-sample, per-target loss {@code [B, 5]} (e.g. to report each output's share). */
  public static NDArray perTarget(NDArray outputs, NDArray targets) {
    int t = LabelCodec.TARGETS;
    NDArray mean = outputs.get(":, 0:" + t);
    NDArray logSigma = boundedLogSigma(outputs.get(":, " + t + ":" + (2 * t)));
    NDArray z = targets.sub(mean).mul(logSigma.neg().exp());
    return logSigma.add(z.square().mul(0.5));
  }

  /** The bounded log-sigma the loss and the decoder use for a raw output. */
  public static NDArray boundedLogSigma(NDArray raw) {
    return Activation.softPlus(raw.sub(MIN_LOG_SIGMA))
        .add(MIN_LOG_SIGMA)
        .clip(MIN_LOG_SIGMA, MAX_LOG_SIGMA);
  }

  /** {@link #boundedLogSigma(NDArray)} for one value. */
  public static double boundedLogSigma(double raw) {
    double x = raw - MIN_LOG_SIGMA;
    // log1p(exp(x)) without overflow for large x.
    double softPlus = x > 30 ? x : Math.log1p(Math.exp(x));
    return Math.min(MAX_LOG_SIGMA, MIN_LOG_SIGMA + softPlus);
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return nll(predictions.singletonOrThrow(), labels.singletonOrThrow());
  }
}
