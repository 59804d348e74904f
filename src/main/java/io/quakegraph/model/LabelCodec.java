package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Maps true sources to normalised regression targets {@code [B, 5]} and decodes model outputs
 * {@code [B, 10]} (5 means, then 5 log-sigmas, in the same order) into {@link Estimate}s.
 *
 * <p>Target order and scaling, each chosen so the typical range is about [-1, 1] and the five
 * losses weigh alike:
 *
 * <ol>
 *   <li>northing: {@link NetworkFrame#normLat} (1 unit = {@link NetworkFrame#kmPerUnit()} km)
 *   <li>easting: {@link NetworkFrame#normLon}
 *   <li>depth: {@code (depth - 10 km) / 10 km} (crustal events 0-30 km)
 *   <li>magnitude: {@code (M - 4) / 1}
 *   <li>origin offset: {@code (origin - t + 20 s) / 20 s} (cuts lie 0.5-40 s after the first P,
 *       which comes a few to ~30 s after the origin)
 * </ol>
 *
 * Sigmas are {@code exp(logSigma)} in the same normalised units, so decoding multiplies them by the
 * scale. Log-sigmas are bounded by {@link GaussianNll#boundedLogSigma(double)} as in the loss.
 */
public final class LabelCodec {
  /** Number of regression targets. */
  public static final int TARGETS = 5;

  /** Number of model outputs: a mean and a log-sigma per target. */
  public static final int OUTPUTS = 2 * TARGETS;

  static final double DEPTH_CENTRE_KM = 10.0;
  static final double DEPTH_SCALE_KM = 10.0;
  static final double MAG_CENTRE = 4.0;
  static final double MAG_SCALE = 1.0;
  static final double ORIGIN_CENTRE_S = -20.0;
  static final double ORIGIN_SCALE_S = 20.0;

  private final NetworkFrame frame;

  public LabelCodec(NetworkFrame frame) {
    this.frame = frame;
  }

  public NetworkFrame frame() {
    return frame;
  }

  /** Normalised targets of one source. */
  public float[] encode(Labels l) {
    return new float[] {
      (float) frame.normLat(l.latitude()),
      (float) frame.normLon(l.longitude()),
      (float) ((l.depthKm() - DEPTH_CENTRE_KM) / DEPTH_SCALE_KM),
      (float) ((l.magnitude() - MAG_CENTRE) / MAG_SCALE),
      (float) ((l.originOffsetS() - ORIGIN_CENTRE_S) / ORIGIN_SCALE_S)
    };
  }

  /** Normalised targets {@code [B, 5]} of a batch. */
  public NDArray encode(NDManager manager, List<Labels> labels) {
    float[] out = new float[labels.size() * TARGETS];
    for (int b = 0; b < labels.size(); b++) {
      System.arraycopy(encode(labels.get(b)), 0, out, b * TARGETS, TARGETS);
    }
    return manager.create(out, new Shape(labels.size(), TARGETS));
  }

  /** Inverse of {@link #encode(Labels)} for one row of normalised values. */
  public Labels decodeMeans(float[] row, int offset, long cutMicros) {
    return new Labels(
        frame.latitude(row[offset]),
        frame.longitude(row[offset + 1]),
        DEPTH_CENTRE_KM + DEPTH_SCALE_KM * row[offset + 2],
        MAG_CENTRE + MAG_SCALE * row[offset + 3],
        ORIGIN_CENTRE_S + ORIGIN_SCALE_S * row[offset + 4]);
  }

  /** One estimate from a row of 10 outputs starting at {@code offset}. */
  public Estimate decode(float[] outputs, int offset, long cutMicros) {
    Labels m = decodeMeans(outputs, offset, cutMicros);
    double km = frame.kmPerUnit();
    return new Estimate(
        m.latitude(),
        m.longitude(),
        m.depthKm(),
        m.magnitude(),
        cutMicros + Math.round(m.originOffsetS() * 1e6),
        km * sigma(outputs[offset + 5]),
        km * sigma(outputs[offset + 6]),
        DEPTH_SCALE_KM * sigma(outputs[offset + 7]),
        MAG_SCALE * sigma(outputs[offset + 8]),
        ORIGIN_SCALE_S * sigma(outputs[offset + 9]));
  }

  /** Estimates of a batch of outputs {@code [B, 10]}, one cut time per row. */
  public List<Estimate> decode(NDArray outputs, long[] cutMicros) {
    float[] v = outputs.toFloatArray();
    int b = (int) outputs.getShape().get(0);
    if (outputs.getShape().get(1) != OUTPUTS || cutMicros.length != b) {
      throw new IllegalArgumentException(
          "expected [" + cutMicros.length + ", 10] outputs, got " + outputs.getShape());
    }
    Estimate[] out = new Estimate[b];
    for (int i = 0; i < b; i++) {
      out[i] = decode(v, i * OUTPUTS, cutMicros[i]);
    }
    return List.of(out);
  }

  private static double sigma(float logSigma) {
    return Math.exp(GaussianNll.boundedLogSigma(logSigma));
  }
}
