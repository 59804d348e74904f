package io.quakegraph.model.classical;

import io.quakegraph.seismic.WoodAnderson;

/**
 * The standard Wood-Anderson response (period 0.8 s, damping 0.7, magnification 2080; {@link
 * WoodAnderson}) as a causal recursive filter from ground velocity (m/s) to trace displacement
 * (mm): the analogue {@code G s / (s² + 2 h w0 s + w0²)} through the bilinear transform,
 * pre-warped at the natural frequency.
 *
 * <p>Why not {@link WoodAnderson#fromVelocity}: that is the exact response applied in the frequency
 * domain to a whole, tapered record. Early warning needs the amplitude on data ending at each cut
 * time; a causal filter run once over the window gives, at every sample, the Wood-Anderson trace as
 * it would be on data ending there (no taper eating the newest samples, no look-ahead), so one pass
 * serves every cut time. At 50 Hz the bilinear warping above the 1.25 Hz corner is a few per cent
 * at 10 Hz, where the response and local-event spectra are falling; the test checks the peak
 * amplitude against {@link WoodAnderson#fromVelocity}.
 */
final class CausalWoodAnderson {
  private final double b0;
  private final double b2;
  private final double a1;
  private final double a2;

  CausalWoodAnderson(double sampleRate) {
    double w0 = 2 * Math.PI / WoodAnderson.NATURAL_PERIOD_S;
    double h = WoodAnderson.DAMPING;
    double gain = WoodAnderson.MAGNIFICATION * 1000.0; // metres on the drum -> millimetres
    double k = w0 / Math.tan(w0 / (2 * sampleRate));
    double a0 = k * k + 2 * h * w0 * k + w0 * w0;
    this.b0 = gain * k / a0;
    this.b2 = -gain * k / a0;
    this.a1 = (2 * w0 * w0 - 2 * k * k) / a0;
    this.a2 = (k * k - 2 * h * w0 * k + w0 * w0) / a0;
  }

  /** Wood-Anderson mm from velocity in m/s, from rest (unrecorded samples are zeros). */
  double[] filter(float[] velocity) {
    double[] y = new double[velocity.length];
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = 0; i < velocity.length; i++) {
      double x = velocity[i];
      double v = b0 * x + b2 * x2 - a1 * y1 - a2 * y2;
      y[i] = v;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = v;
    }
    return y;
  }
}
