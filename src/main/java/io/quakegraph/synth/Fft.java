package io.quakegraph.synth;

import java.util.HashMap;
import java.util.Map;
import org.jtransforms.fft.DoubleFFT_1D;

/** Per-thread cache of JTransforms real FFT plans of power-of-two sizes, and size helpers. */
final class Fft {
  private static final ThreadLocal<Map<Integer, DoubleFFT_1D>> PLANS =
      ThreadLocal.withInitial(HashMap::new);

  private Fft() {}

  static DoubleFFT_1D plan(int n) {
    return PLANS.get().computeIfAbsent(n, DoubleFFT_1D::new);
  }

  /** The smallest power of two at least {@code n} (and at least 16). */
  static int size(int n) {
    if (n <= 16) {
      return 16;
    }
    return Integer.highestOneBit(n - 1) << 1;
  }
}
