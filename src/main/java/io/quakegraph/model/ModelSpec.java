package io.quakegraph.model;

/**
 * Everything needed to rebuild a model's blocks; saved as {@code spec.json} beside the parameters.
 *
 * <p>The window: {@value #DEFAULT_WINDOW} samples at 50 Hz, 20.48 s ending at the graph's cut time
 * {@code t}. Why this length: at the early-warning cuts (0.5-40 s after the first P anywhere) the
 * stations near the epicentre have seen P and S within the last 20 s (S-P is about 10 s at 80 km),
 * so the window holds the phases and the absolute amplitudes that carry magnitude; stations farther
 * out see P later, and because every window ends at the same {@code t}, the position of the onset
 * inside each window is the relative arrival time across stations, which carries the location. A
 * power of two keeps the strided encoder's feature map a whole number of steps (1024 / 64 = 16).
 * Longer windows add compute linearly with little gain at early cuts.
 *
 * @param sampleRate model sample rate, Hz (50)
 * @param windowSamples samples per station window ending at {@code t} (1024 = 20.48 s)
 * @param embeddingDim station embedding size E from the encoder
 * @param k neighbours in each kNN (fewer when fewer stations are live; includes the station itself)
 * @param graphLayers number of graph layers (EdgeConv for the STGNN, 1x1 layers for the GCN)
 * @param hidden width of the graph layers and the output MLP
 * @param seed seed of the parameter initialisation
 * @param frame the coordinate normalisation of the network
 * @param pickFeatures per-station onset and amplitude features beside the embedding ({@link
 *     PickFeatures#COUNT} for a v2 model, 0 for v1, whose spec.json has no such field)
 */
public record ModelSpec(
    double sampleRate,
    int windowSamples,
    int embeddingDim,
    int k,
    int graphLayers,
    int hidden,
    long seed,
    NetworkFrame frame,
    int pickFeatures) {

  /** Default window: 1024 samples (20.48 s at 50 Hz). */
  public static final int DEFAULT_WINDOW = 1024;

  /** Total downsampling of the encoder's strided convolutions; windows must be a multiple. */
  public static final int ENCODER_STRIDE = StationEncoder.TOTAL_STRIDE;

  public ModelSpec {
    if (!(sampleRate > 0)) {
      throw new IllegalArgumentException("sample rate must be > 0: " + sampleRate);
    }
    if (windowSamples < ENCODER_STRIDE || windowSamples % ENCODER_STRIDE != 0) {
      throw new IllegalArgumentException(
          "window must be a positive multiple of " + ENCODER_STRIDE + ": " + windowSamples);
    }
    if (embeddingDim < 1 || k < 1 || graphLayers < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          "embeddingDim, k, graphLayers and hidden must be >= 1: %d %d %d %d"
              .formatted(embeddingDim, k, graphLayers, hidden));
    }
    if (pickFeatures != 0 && pickFeatures != PickFeatures.COUNT) {
      throw new IllegalArgumentException(
          "pickFeatures must be 0 or " + PickFeatures.COUNT + ": " + pickFeatures);
    }
    if (frame == null) {
      throw new IllegalArgumentException("a model spec needs a network frame");
    }
  }

  /**
   * The defaults: 50 Hz, 1024 samples, E=64, k=16, 2 graph layers of width 64, the v2 pick
   * features.
   */
  public static ModelSpec defaults(NetworkFrame frame, long seed) {
    return new ModelSpec(50.0, DEFAULT_WINDOW, 64, 16, 2, 64, seed, frame, PickFeatures.COUNT);
  }

  /** A copy with {@code pickFeatures} features per station. */
  public ModelSpec withPickFeatures(int count) {
    return new ModelSpec(
        sampleRate, windowSamples, embeddingDim, k, graphLayers, hidden, seed, frame, count);
  }

  /** The model takes the v2 per-station onset and amplitude features. */
  public boolean usesPicks() {
    return pickFeatures > 0;
  }

  /** Window length, s. */
  public double windowSeconds() {
    return windowSamples / sampleRate;
  }
}
