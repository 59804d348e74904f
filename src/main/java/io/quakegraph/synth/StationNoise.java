package io.quakegraph.synth;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Background noise of one station: stationary Gaussian noise whose acceleration power spectral
 * density lies the station's {@code noiseFraction} of the way (in dB) from Peterson's NLNM to NHNM
 * ({@link PetersonNoise}), synthesised in the frequency domain (random Gaussian Fourier
 * coefficients scaled by the square root of the PSD, inverse FFT).
 *
 * <p>The broadband (HH) noise is ground velocity, with the 120 s corner of the STS-2.5 applied
 * (second-order high-pass; below it the sensor records nothing, and it keeps day-long records from
 * wandering). The accelerometer (HN) noise is acceleration: the same ground noise plus the
 * instrument self-noise, taken flat at {@value #ACCELEROMETER_SELF_NOISE_DB} dB re 1
 * (m/s^2)^2/Hz (the EpiSensor/24-bit datalogger floor shown by Clinton and Heaton 2002, Seismol.
 * Res. Lett. 73(3):332-342, and Cauzzi and Clinton 2013, Seismol. Res. Lett. 84(4):594-600).
 *
 * <p>Long records are built from blocks of {@value #BLOCK} samples on a grid of absolute sample
 * numbers, neighbouring blocks cross-faded with power-complementary sine/cosine weights over
 * {@value #OVERLAP} samples (independent blocks, so the variance stays constant). The noise at an
 * absolute sample therefore depends only on (seed, station, channel, sample number): records of
 * adjacent spans join seamlessly.
 */
final class StationNoise {
  static final double ACCELEROMETER_SELF_NOISE_DB = -140;
  static final int BLOCK = 1 << 15;
  static final int OVERLAP = 1 << 11;
  static final int HOP = BLOCK - OVERLAP;
  private static final double SENSOR_CORNER_HZ = 1 / 120.0;

  /** Which noise: broadband ground velocity or accelerometer acceleration. */
  enum Kind {
    VELOCITY,
    ACCELERATION
  }

  private final double fraction;
  private final double sampleRate;
  private final ConcurrentHashMap<Long, double[]> amplitudes = new ConcurrentHashMap<>();

  StationNoise(double fraction, double sampleRate) {
    this.fraction = fraction;
    this.sampleRate = sampleRate;
  }

  /** One-sided PSD of the kind at {@code f} Hz: (m/s)^2/Hz or (m/s^2)^2/Hz. */
  double psd(Kind kind, double f) {
    double acc = Math.pow(10, PetersonNoise.levelDb(1 / f, fraction) / 10);
    if (kind == Kind.ACCELERATION) {
      return acc + Math.pow(10, ACCELEROMETER_SELF_NOISE_DB / 10);
    }
    double x = Math.pow(f / SENSOR_CORNER_HZ, 4);
    return acc / Math.pow(2 * Math.PI * f, 2) * x / (1 + x);
  }

  /** sqrt(S_k N fs / 4) at every bin k of an N-point FFT (0 at DC and Nyquist). */
  private double[] amplitude(Kind kind, int n) {
    return amplitudes.computeIfAbsent(
        ((long) kind.ordinal() << 40) | n,
        key -> {
          double[] a = new double[n / 2];
          double df = sampleRate / n;
          for (int k = 1; k < n / 2; k++) {
            a[k] = Math.sqrt(psd(kind, k * df) * n * sampleRate / 4);
          }
          return a;
        });
  }

  /**
   * One block of {@code n} (power of two) noise samples, written to {@code out[0..n)}, drawn from
   * {@code seed}.
   */
  void block(Kind kind, int n, long seed, double[] out) {
    double[] amp = amplitude(kind, n);
    SplittableRandom rng = new SplittableRandom(seed);
    out[0] = 0;
    out[1] = 0;
    for (int k = 1; k < n / 2; k++) {
      out[2 * k] = amp[k] * FastNormal.next(rng);
      out[2 * k + 1] = amp[k] * FastNormal.next(rng);
    }
    Fft.plan(n).realInverse(out, true);
    // realInverse(scale=true) divides by n; the coefficient scaling above assumes x = (1/N) sum X.
  }

  /**
   * Noise of absolute samples {@code [first, first + length)}, blocks seeded from {@code seed} and
   * the block number.
   */
  double[] segment(Kind kind, long seed, long first, int length) {
    double[] out = new double[length];
    if (length == 0) {
      return out;
    }
    double[] buf = new double[BLOCK];
    long last = first + length - 1;
    long c0 = Math.floorDiv(first - OVERLAP, HOP);
    long c1 = Math.floorDiv(last, HOP);
    for (long c = Math.max(c0, Long.MIN_VALUE + 1); c <= c1; c++) {
      long blockStart = c * HOP;
      if (blockStart + BLOCK <= first || blockStart > last) {
        continue;
      }
      block(kind, BLOCK, Seeds.mix(seed, c), buf);
      long from = Math.max(first, blockStart);
      long to = Math.min(last, blockStart + BLOCK - 1);
      for (long s = from; s <= to; s++) {
        int j = (int) (s - blockStart);
        double w;
        if (j < OVERLAP) {
          w = Math.sin(0.5 * Math.PI * (j + 0.5) / OVERLAP);
        } else if (j >= HOP) {
          w = Math.cos(0.5 * Math.PI * (j - HOP + 0.5) / OVERLAP);
        } else {
          w = 1;
        }
        out[(int) (s - first)] += w * buf[j];
      }
    }
    return out;
  }

  /** A short record of {@code length} samples from one block (the fast path of event windows). */
  void window(Kind kind, long seed, double[] out, int length, double[] scratch) {
    int n = Fft.size(length);
    double[] buf = scratch.length >= n ? scratch : new double[n];
    block(kind, n, seed, buf);
    System.arraycopy(buf, 0, out, 0, length);
  }
}
