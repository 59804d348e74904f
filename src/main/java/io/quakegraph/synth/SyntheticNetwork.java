package io.quakegraph.synth;

import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The simulated network: real station sites, each given a broadband (HHZ/HHN/HHE) and an
 * accelerometer (HNZ/HNN/HNE) with the responses of {@link Instruments}, and random but
 * reproducible site properties.
 *
 * <p>Site properties are drawn per station from {@code SplittableRandom(mix(seed, index))}, so a
 * station keeps its properties when other stations are added after it:
 *
 * <ul>
 *   <li>site amplification: log-normal, median {@value #SITE_AMP_MEDIAN}, sigma(ln) {@value
 *       #SITE_AMP_SIGMA_LN}, limited to 0.5-4 (generic rock-to-stiff-soil amplification of Boore
 *       and Joyner 1997 is 1-3 at 1-10 Hz);
 *   <li>kappa: uniform 0.03-0.06 s (Southern California rock and soil sites, Anderson and Hough
 *       1984; Raoof et al. 1999 use 0.04 s);
 *   <li>noise fraction: mean of two uniforms mapped to 0.1-0.8, so most stations are neither at the
 *       NLNM nor at the NHNM.
 * </ul>
 */
public final class SyntheticNetwork {
  static final double SITE_AMP_MEDIAN = 1.4;
  static final double SITE_AMP_SIGMA_LN = 0.3;

  private final List<SimulatedStation> stations;

  public SyntheticNetwork(List<SimulatedStation> stations) {
    this.stations = List.copyOf(stations);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (SimulatedStation s : this.stations) {
      if (!seen.add(s.id())) {
        throw new IllegalArgumentException("station " + s.id() + " appears twice in the network");
      }
    }
  }

  /**
   * Builds the network: for every site, HH? and HN? channels (location "") at 100 Hz with epochs
   * covering {@code atMicros}, and seeded site properties.
   *
   * @param sites stations whose id and coordinates are used (their channels are ignored); a
   *     repeated station id is skipped with a logged reason
   */
  public static SyntheticNetwork build(List<Station> sites, long atMicros, long seed) {
    return build(sites, atMicros, seed, SimulationOptions.defaults().sampleRate());
  }

  /** As {@link #build(List, long, long)} with another sample rate. */
  public static SyntheticNetwork build(
      List<Station> sites, long atMicros, long seed, double sampleRate) {
    List<SimulatedStation> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    long y2000 = Times.parse("2000-01-01");
    long start = atMicros >= y2000 ? y2000 : atMicros - 365L * 86_400_000_000L;
    for (int i = 0; i < sites.size(); i++) {
      Station site = sites.get(i);
      if (!seen.add(site.id())) {
        org.slf4j.LoggerFactory.getLogger(SyntheticNetwork.class)
            .warn("skipping repeated station {} (site #{})", site.id(), i);
        continue;
      }
      SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x5173L, i));
      double amp =
          Math.max(
              0.5, Math.min(4, SITE_AMP_MEDIAN * Math.exp(SITE_AMP_SIGMA_LN * rng.nextGaussian())));
      double kappa = rng.nextDouble(0.03, 0.06);
      double noise = 0.1 + 0.7 * 0.5 * (rng.nextDouble() + rng.nextDouble());
      List<Channel> ch = new ArrayList<>();
      ch.addAll(channels(site, SensorKind.HH, sampleRate, start));
      ch.addAll(channels(site, SensorKind.HN, sampleRate, start));
      Station st =
          new Station(
              site.network(),
              site.station(),
              site.latitude(),
              site.longitude(),
              site.elevationM(),
              site.siteName(),
              ch);
      out.add(new SimulatedStation(st, amp, kappa, noise));
    }
    return new SyntheticNetwork(out);
  }

  /**
   * The Z, N, E channels (location "") of one sensor at a site, sampled at {@code sampleRate}, with
   * the sensor's sensitivity and response, open from {@code startMicros}.
   */
  static List<Channel> channels(
      Station site, SensorKind kind, double sampleRate, long startMicros) {
    List<Channel> ch = new ArrayList<>(3);
    for (char comp : new char[] {'Z', 'N', 'E'}) {
      double az = comp == 'E' ? 90 : 0;
      double dip = comp == 'Z' ? -90 : 0;
      ch.add(
          new Channel(
              new SourceId(site.network(), site.station(), "", kind.code() + comp),
              site.latitude(),
              site.longitude(),
              site.elevationM(),
              0,
              az,
              dip,
              sampleRate,
              startMicros,
              Long.MAX_VALUE,
              Optional.of(kind.sensitivity()),
              Optional.of(kind.response())));
    }
    return ch;
  }

  public List<SimulatedStation> stations() {
    return stations;
  }

  /** The stations with their channels: what the StationXML of the archive must describe. */
  public List<Station> inventory() {
    return stations.stream().map(SimulatedStation::station).toList();
  }

  /** Position of a station in {@link #stations()} (seeds its noise), or -1. */
  public int indexOf(String stationId) {
    for (int i = 0; i < stations.size(); i++) {
      if (stations.get(i).id().equals(stationId)) {
        return i;
      }
    }
    return -1;
  }
}
