package io.quakegraph.synth;

import java.util.SplittableRandom;

/**
 * Stochastic ground-motion synthesis of Boore (2003, Pure Appl. Geophys. 160:635-676): Gaussian
 * noise under a time envelope, Fourier transformed, normalised to unit mean-square spectral
 * amplitude, multiplied by the target Fourier amplitude spectrum, transformed back.
 *
 * <p>The envelope of a body-wave train of duration {@code T} that starts at its arrival is the
 * Saragoni and Hart (1974) window of Boore (2003, eq. 41; epsilon = 0.2, eta = 0.05, t_eta = 2 T),
 * followed after its peak by a coda that decays as {@code t^-1 exp(-pi f t / Q)} in lapse time
 * (single-scattering coda of Aki and Chouet 1975) at a reference frequency of {@value
 * #CODA_REFERENCE_HZ} Hz with the path Q, starting at {@value #CODA_LEVEL} of the peak. The noise
 * before the arrival is zero and the shaped series is set to exactly zero before the arrival sample
 * (the zero-phase spectral filter would otherwise smear energy ahead of it), so the onset lies
 * exactly on the arrival sample.
 */
final class StochasticSignal {
  static final double EPSILON = 0.2;
  static final double ETA = 0.05;
  static final double B = -EPSILON * Math.log(ETA) / (1 + EPSILON * (Math.log(EPSILON) - 1));
  static final double C = B / EPSILON;
  static final double A = Math.pow(Math.E / EPSILON, B);
  static final double CODA_LEVEL = 0.3;
  static final double CODA_REFERENCE_HZ = 1.5;
  static final double END_LEVEL = 1e-3;
  static final double MAX_LENGTH_S = 300;

  private static final int TABLE = 4096;
  private static final double TABLE_X_MAX = 8;
  private static final double[] SARAGONI_HART = new double[TABLE + 2];

  static {
    for (int i = 0; i < SARAGONI_HART.length; i++) {
      double x = i * TABLE_X_MAX / TABLE;
      SARAGONI_HART[i] = x == 0 ? 0 : A * Math.pow(x, B) * Math.exp(-C * x);
    }
  }

  private StochasticSignal() {}

  /** The Saragoni-Hart window at {@code x = t / t_eta} (peak 1 at x = epsilon). */
  static double saragoniHart(double x) {
    if (x <= 0 || x >= TABLE_X_MAX) {
      return 0;
    }
    double u = x * (TABLE / TABLE_X_MAX);
    int i = (int) u;
    double f = u - i;
    return SARAGONI_HART[i] + f * (SARAGONI_HART[i + 1] - SARAGONI_HART[i]);
  }

  /**
   * Fills {@code env} with the envelope of a train of duration {@code durationS} arriving after
   * {@code travelS} of travel; returns its length in samples (where it has fallen below {@value
   * #END_LEVEL} of its peak or at {@value #MAX_LENGTH_S} s, the last 10 % cosine-tapered).
   */
  static int envelope(double durationS, double travelS, double rate, double[] env) {
    double tEta = 2 * durationS;
    double tPeak = EPSILON * tEta;
    double gamma = Math.PI * CODA_REFERENCE_HZ / CrustalAttenuation.q(CODA_REFERENCE_HZ);
    double dt = 1 / rate;
    int max = Math.min(env.length, (int) Math.ceil(MAX_LENGTH_S * rate));
    double decay = Math.exp(-gamma * dt);
    double lapsePeak = travelS + tPeak;
    int n = 0;
    double codaExp = 1;
    boolean pastPeak = false;
    for (; n < max; n++) {
      double t = (n + 1) * dt;
      double e = saragoniHart(t / tEta);
      if (t > tPeak) {
        if (!pastPeak) {
          pastPeak = true;
          codaExp = Math.exp(-gamma * (t - tPeak));
        } else {
          codaExp *= decay;
        }
        double coda = CODA_LEVEL * lapsePeak / (travelS + t) * codaExp;
        if (coda > e) {
          e = coda;
        }
        if (e < END_LEVEL) {
          break;
        }
      }
      env[n] = e;
    }
    int taper = Math.max(1, n / 10);
    for (int i = 0; i < taper && i < n; i++) {
      env[n - 1 - i] *= 0.5 * (1 - Math.cos(Math.PI * i / taper));
    }
    return n;
  }

  /** Reusable per-thread arrays. */
  static final class Workspace {
    double[] env = new double[1];
    double[] a = new double[1];
    double[] b = new double[1];
    double[] c = new double[1];

    void ensure(int envLength, int fftLength) {
      if (env.length < envLength) {
        env = new double[envLength];
      }
      if (a.length < fftLength) {
        a = new double[fftLength];
        b = new double[fftLength];
        c = new double[fftLength];
      }
    }
  }

  /**
   * Windowed noise of {@code used} samples at offset {@code lead} of {@code buf} (zeros elsewhere
   * up to {@code n}), returning the energy to normalise with: the realised energy of the used part
   * plus the expected energy (sum of env^2) of the envelope beyond it.
   */
  static double windowedNoise(
      double[] env, int full, int used, int lead, int n, double[] buf, SplittableRandom rng) {
    java.util.Arrays.fill(buf, 0, n, 0);
    double energy = 0;
    for (int i = 0; i < used; i++) {
      double v = env[i] * FastNormal.next(rng);
      buf[lead + i] = v;
      energy += v * v;
    }
    for (int i = used; i < full; i++) {
      energy += env[i] * env[i];
    }
    return energy;
  }
}
