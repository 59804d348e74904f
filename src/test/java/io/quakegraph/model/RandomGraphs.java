package io.quakegraph.model;

import java.util.SplittableRandom;

/** Random graph inputs for the model tests: structure matters there, not seismology. */
final class RandomGraphs {
  static final NetworkFrame FRAME = new NetworkFrame(32.0, 36.5, -121.0, -114.5, 34.25, -117.75);

  private RandomGraphs() {}

  /** A small spec for fast tests: 256-sample window, E=16, k=4, 2 layers of 16, pick features. */
  static ModelSpec smallSpec(long seed) {
    return new ModelSpec(50.0, 256, 16, 4, 2, 16, seed, FRAME, PickFeatures.COUNT);
  }

  /** A graph of {@code n} stations with random waveforms, coords in [-1, 1] and all live. */
  static GraphInput graph(int n, int window, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] wave = new float[n * 3 * window];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) (2 * rng.nextDouble() - 1);
    }
    float[] logPeak = new float[n];
    float[] coords = new float[3 * n];
    float[] live = new float[n];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      logPeak[i] = (float) rng.nextDouble(-8, -2);
      coords[3 * i] = (float) rng.nextDouble(-1, 1);
      coords[3 * i + 1] = (float) rng.nextDouble(-1, 1);
      coords[3 * i + 2] = (float) rng.nextDouble(0, 0.7);
      live[i] = 1f;
      ids[i] = "XX.S%03d".formatted(i);
    }
    float[] picks = new float[n * PickFeatures.COUNT];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = (float) rng.nextDouble(-1, 1);
    }
    return new GraphInput(
        "ev" + seed, 1_000_000L * seed, n, wave, logPeak, coords, live, ids, picks);
  }
}
