package io.quakegraph.synth;

import io.quakegraph.seismic.Station;
import java.util.Objects;

/**
 * A station of the synthetic network with its site properties.
 *
 * @param station the station with its HH? (broadband velocity) and HN? (accelerometer) channels,
 *     each with Sensitivity and PolesZeros
 * @param siteAmplification frequency-independent site amplification (log-normal around 1-2)
 * @param kappaS high-frequency diminution kappa of the site, seconds (Anderson and Hough 1984)
 * @param noiseFraction where the station's noise lies between Peterson's NLNM (0) and NHNM (1), in
 *     dB
 */
public record SimulatedStation(
    Station station, double siteAmplification, double kappaS, double noiseFraction) {

  public SimulatedStation {
    Objects.requireNonNull(station, "station");
    if (!(siteAmplification > 0) || Double.isInfinite(siteAmplification)) {
      throw new IllegalArgumentException(
          station.id() + ": site amplification must be positive: " + siteAmplification);
    }
    if (!(kappaS >= 0) || kappaS > 0.2) {
      throw new IllegalArgumentException(station.id() + ": kappa must be 0..0.2 s: " + kappaS);
    }
    if (!(noiseFraction >= 0) || noiseFraction > 1) {
      throw new IllegalArgumentException(
          station.id() + ": noise fraction must be 0..1: " + noiseFraction);
    }
  }

  public String id() {
    return station.id();
  }
}
