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
   * Fills {@code env[0..min(full, limit))} with the envelope of a train of duration {@code
   * durationS} arriving after {@code travelS} of travel, where {@code full} is the envelope's
   * length in samples (where it has fallen below {@value #END_LEVEL} of its peak, or {@value
   * #MAX_LENGTH_S} s; the last 10 % cosine-tapered). Returns {@code full}; {@link
   * Workspace#tailEnergy} receives the sum of env^2 over {@code [limit, full)}, estimated on every
   * {@value #TAIL_STEP}th sample (the tail is smooth), so windows cut short need not evaluate
   * minutes of coda.
   */
  static int envelope(
      double durationS, double travelS, double rate, double[] env, int limit, Workspace ws) {
    return envelope(durationS, travelS, CODA_LEVEL, rate, env, limit, ws);
  }

  /** As above with another coda level (relative to the peak where the coda takes over). */
  static int envelope(
      double durationS,
      double travelS,
      double codaLevel,
      double rate,
      double[] env,
      int limit,
      Workspace ws) {
    double tEta = 2 * durationS;
    double tPeak = EPSILON * tEta;
    double gamma = Math.PI * CODA_REFERENCE_HZ / CrustalAttenuation.q(CODA_REFERENCE_HZ);
    double dt = 1 / rate;
    int max = (int) Math.ceil(MAX_LENGTH_S * rate);
    double lapsePeak = travelS + tPeak;
    // Length: the first sample past the peak where both the window and the coda are below
    // END_LEVEL (both decrease monotonically there), found by bisection.
    int lo = (int) Math.min(max, Math.ceil(tPeak * rate));
    int hi = max;
    if (raw(hi, dt, tEta, tPeak, lapsePeak, travelS, gamma, codaLevel) >= END_LEVEL) {
      lo = hi;
    }
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (raw(mid, dt, tEta, tPeak, lapsePeak, travelS, gamma, codaLevel) < END_LEVEL) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    int full = hi;
    int taper = Math.max(1, full / 10);
    int fill = Math.min(full, Math.min(limit, env.length));
    for (int n = 0; n < fill; n++) {
      env[n] =
          raw(n, dt, tEta, tPeak, lapsePeak, travelS, gamma, codaLevel) * taper(n, full, taper);
    }
    double tail = 0;
    for (int n = fill; n < full; n += TAIL_STEP) {
      double e =
          raw(n, dt, tEta, tPeak, lapsePeak, travelS, gamma, codaLevel) * taper(n, full, taper);
      tail += e * e * Math.min(TAIL_STEP, full - n);
    }
    ws.tailEnergy = tail;
    return full;
  }

  static final int TAIL_STEP = 8;

  /**
   * Coarse step of the rupture envelope, samples: envelopes are smooth over a tenth of a second.
   */
  static final int RUPTURE_STEP = 8;

  /**
   * The envelope of a finite rupture at one station: the energy sum {@code E(t) = sum_k w_k e^2(t -
   * d_k)} of one sub-fault envelope {@code e} (duration {@code durationS}, coda level {@code
   * codaLevel}) delayed by each sub-fault's {@code d_k} samples (its rupture time plus its travel
   * time, minus the hypocentre's) and weighted by its energy {@code w_k} (moment share times
   * spreading squared). Evaluated every {@value #RUPTURE_STEP} samples and interpolated. Fills
   * {@code env[0..min(full, limit))} with {@code sqrt(E)} and returns {@code full} (at most {@value
   * #MAX_LENGTH_S} s); {@link Workspace#tailEnergy} receives the energy beyond {@code limit}.
   */
  static int ruptureEnvelope(
      double durationS,
      double travelS,
      double codaLevel,
      double rate,
      int[] delays,
      double[] weights,
      int count,
      double[] env,
      int limit,
      Workspace ws) {
    int max = (int) Math.ceil(MAX_LENGTH_S * rate);
    int sub = envelope(durationS, travelS, codaLevel, rate, ws.env2, 0, ws);
    int step = RUPTURE_STEP;
    int nSub = sub / step + 2;
    ws.ensureRupture(Math.max(nSub, max / step + 3));
    double[] e2 = ws.sub;
    double tEta = 2 * durationS;
    double tPeak = EPSILON * tEta;
    double gamma = Math.PI * CODA_REFERENCE_HZ / CrustalAttenuation.q(CODA_REFERENCE_HZ);
    double dt = 1 / rate;
    int taper = Math.max(1, sub / 10);
    for (int j = 0; j < nSub; j++) {
      int n = j * step;
      double e =
          n < sub
              ? raw(n, dt, tEta, tPeak, travelS + tPeak, travelS, gamma, codaLevel)
                  * taper(n, sub, taper)
              : 0;
      e2[j] = e * e;
    }
    int maxDelay = 0;
    double wMax = 0;
    for (int k = 0; k < count; k++) {
      maxDelay = Math.max(maxDelay, delays[k]);
      wMax = Math.max(wMax, weights[k]);
    }
    int full = Math.min(max, sub + maxDelay);
    int nOut = full / step + 2;
    double[] energy = ws.sum;
    java.util.Arrays.fill(energy, 0, nOut, 0);
    for (int k = 0; k < count; k++) {
      double w = weights[k] / wMax;
      int d = delays[k];
      int j0 = Math.max(0, d / step);
      for (int j = j0; j < nOut; j++) {
        int n = j * step - d;
        if (n < 0) {
          continue;
        }
        double u = (double) n / step;
        int i = (int) u;
        if (i + 1 >= nSub) {
          break;
        }
        double f = u - i;
        energy[j] += w * (e2[i] + f * (e2[i + 1] - e2[i]));
      }
    }
    int fill = Math.min(full, Math.min(limit, env.length));
    for (int n = 0; n < fill; n++) {
      double u = (double) n / step;
      int i = (int) u;
      double f = u - i;
      env[n] = Math.sqrt(energy[i] + f * (energy[i + 1] - energy[i]));
    }
    double tail = 0;
    for (int n = fill; n < full; n += step) {
      tail += energy[n / step] * Math.min(step, full - n);
    }
    ws.tailEnergy = tail;
    return full;
  }

  private static double taper(int n, int full, int taper) {
    int i = full - 1 - n;
    return i >= taper ? 1 : 0.5 * (1 - Math.cos(Math.PI * i / taper));
  }

  /** Envelope at sample n (time (n + 1) dt after the arrival), before the end taper. */
  private static double raw(
      int n,
      double dt,
      double tEta,
      double tPeak,
      double lapsePeak,
      double travelS,
      double gamma,
      double codaLevel) {
    double t = (n + 1) * dt;
    double e = saragoniHart(t / tEta);
    if (t > tPeak) {
      double coda = codaLevel * lapsePeak / (travelS + t) * Math.exp(-gamma * (t - tPeak));
      if (coda > e) {
        e = coda;
      }
    }
    return e;
  }

  /** Reusable per-thread arrays. */
  static final class Workspace {
    double[] env = new double[1];
    double[] a = new double[1];
    double[] b = new double[1];
    double[] c = new double[1];
    double[] env2 = new double[0];
    double[] sub = new double[1];
    double[] sum = new double[1];
    double tailEnergy;

    void ensureRupture(int coarse) {
      if (sub.length < coarse) {
        sub = new double[coarse];
        sum = new double[coarse];
      }
    }

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
   * plus the expected energy {@code tailEnergy} (sum of env^2) of the envelope beyond it.
   */
  static double windowedNoise(
      double[] env,
      double tailEnergy,
      int used,
      int lead,
      int n,
      double[] buf,
      SplittableRandom rng) {
    java.util.Arrays.fill(buf, 0, n, 0);
    double energy = tailEnergy;
    for (int i = 0; i < used; i++) {
      double v = env[i] * FastNormal.next(rng);
      buf[lead + i] = v;
      energy += v * v;
    }
    return energy;
  }
}
