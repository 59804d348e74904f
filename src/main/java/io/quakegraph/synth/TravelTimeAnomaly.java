package io.quakegraph.synth;

import io.quakegraph.seismic.CrustalModel;
import io.quakegraph.seismic.Geodesy;
import java.util.SplittableRandom;

/**
 * Travel-time anomalies that the 1-D model, and so every locator here, does not know: a smooth
 * random 3-D perturbation of the seismic velocities and a static delay per station.
 *
 * <ul>
 *   <li>The perturbation {@code dv/v(x)} is a sum of {@value #MODES} plane waves with random
 *       directions (uniform on the sphere), wavelengths log-uniform in {@value #MIN_WAVELENGTH_KM}-
 *       {@value #MAX_WAVELENGTH_KM} km and random phases, scaled to an rms of {@value #RMS} (a few
 *       per cent, as the departure of Southern California's 3-D models from a 1-D average, e.g.
 *       Hauksson 2000, JGR 105(B6):13875). To first order in the perturbation, the travel time of a
 *       ray changes by {@code -T * <dv/v>}, with the average taken along the straight
 *       source-station line; that average of a plane wave has a closed form, so no ray tracing is
 *       needed. P and S share the field (the same fractional perturbation of Vp and Vs).
 *   <li>Station statics: P delays uniform in +-{@value #MAX_STATIC_S} s (near-surface low-velocity
 *       layers and elevation, whose residuals in Southern California are a few tenths of a second);
 *       the S static is {@value CrustalModel#VP_VS} times the P static (the same layer crossed at
 *       the shear speed).
 * </ul>
 *
 * Every event gets its own realisation (seeded from the event, whose id carries the scenario or
 * stream seed): the networks trained on the simulator must cope with any anomaly, not learn one
 * Earth's station terms. The S arrival never comes before the P arrival plus half their 1-D
 * separation.
 */
final class TravelTimeAnomaly {
  static final int MODES = 24;
  static final double RMS = 0.03;
  static final double MIN_WAVELENGTH_KM = 15;
  static final double MAX_WAVELENGTH_KM = 150;
  static final double MAX_STATIC_S = 0.3;

  private final double[] kx;
  private final double[] ky;
  private final double[] kz;
  private final double[] phase;
  private final double amplitude;
  private final long seed;

  TravelTimeAnomaly(long seed) {
    this.seed = seed;
    SplittableRandom rng = new SplittableRandom(seed);
    kx = new double[MODES];
    ky = new double[MODES];
    kz = new double[MODES];
    phase = new double[MODES];
    double lo = Math.log(MIN_WAVELENGTH_KM);
    double hi = Math.log(MAX_WAVELENGTH_KM);
    for (int m = 0; m < MODES; m++) {
      double lambda = Math.exp(lo + rng.nextDouble() * (hi - lo));
      double k = 2 * Math.PI / lambda;
      double cz = rng.nextDouble(-1, 1);
      double az = rng.nextDouble(0, 2 * Math.PI);
      double s = Math.sqrt(1 - cz * cz);
      kx[m] = k * s * Math.cos(az);
      ky[m] = k * s * Math.sin(az);
      kz[m] = k * cz;
      phase[m] = rng.nextDouble(0, 2 * Math.PI);
    }
    // A sum of M unit cosines with independent phases has variance M/2.
    amplitude = RMS * Math.sqrt(2.0 / MODES);
  }

  /** dv/v at a point (flat frame: km north and east of the origin of coordinates, km down). */
  double perturbation(double northKm, double eastKm, double downKm) {
    double v = 0;
    for (int m = 0; m < MODES; m++) {
      v += Math.cos(kx[m] * northKm + ky[m] * eastKm + kz[m] * downKm + phase[m]);
    }
    return amplitude * v;
  }

  /** Mean dv/v along the straight segment from p0 to p1 (flat-frame km). */
  double meanPerturbation(double[] p0, double[] p1) {
    double v = 0;
    for (int m = 0; m < MODES; m++) {
      double a = kx[m] * p0[0] + ky[m] * p0[1] + kz[m] * p0[2] + phase[m];
      double d = kx[m] * (p1[0] - p0[0]) + ky[m] * (p1[1] - p0[1]) + kz[m] * (p1[2] - p0[2]);
      v += Math.abs(d) < 1e-6 ? Math.cos(a + d / 2) : (Math.sin(a + d) - Math.sin(a)) / d;
    }
    return amplitude * v;
  }

  /** The flat-frame position of a point (a local equirectangular frame; fine for a field). */
  static double[] frame(double latitude, double longitude, double depthKm) {
    return new double[] {
      latitude * Geodesy.KM_PER_DEGREE,
      longitude * Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(latitude)),
      depthKm
    };
  }

  /** The P static of a station (by its index in the network), seconds. */
  double pStaticS(long stationKey) {
    SplittableRandom r = new SplittableRandom(Seeds.mix(seed, stationKey, 0x57A7));
    return r.nextDouble(-MAX_STATIC_S, MAX_STATIC_S);
  }

  /**
   * {P, S} arrival times (s after origin) for 1-D times {@code tP, tS} from the source to a
   * station.
   */
  double[] arrivals(
      double tP,
      double tS,
      double srcLat,
      double srcLon,
      double srcDepthKm,
      double staLat,
      double staLon,
      long stationKey) {
    double[] p0 = frame(srcLat, srcLon, srcDepthKm);
    double[] p1 = frame(staLat, staLon, 0);
    // The frame of both ends at the source latitude keeps the segment straight in km.
    p1[1] = staLon * Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(srcLat));
    double mean = meanPerturbation(p0, p1);
    double st = pStaticS(stationKey);
    double p = Math.max(0.5 * tP, tP * (1 - mean) + st);
    double s = tS * (1 - mean) + CrustalModel.VP_VS * st;
    s = Math.max(s, p + 0.5 * (tS - tP));
    return new double[] {p, s};
  }
}
