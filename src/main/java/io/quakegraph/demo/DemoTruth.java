package io.quakegraph.demo;

import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.NetworkHull;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import java.util.List;
import java.util.Optional;

/**
 * The true events of a replay and what can be said of an alert against them: which true event it is
 * about, its errors, and the physical floor of the time from origin to a first alert.
 *
 * <p>The floor: no alert can be issued before {@code minStations} stations have recorded the P wave
 * and the packet holding that P onset has been completed and sent, so it is the P travel time
 * (Hadley-Kanamori 1-D model) to the {@code minStations}-th nearest live station plus one packet
 * length.
 */
public final class DemoTruth {

  private final List<Earthquake> events;
  private final List<Station> stations;
  private final TravelTimes travelTimes;
  private final NetworkHull hull;

  /**
   * @param events the true events (catalogue of the replayed archive)
   * @param stations the stations of the inventory (those that may record)
   */
  public DemoTruth(List<Earthquake> events, List<Station> stations) {
    this.events = List.copyOf(events);
    this.stations = List.copyOf(stations);
    this.travelTimes = TravelTimes.hadleyKanamori();
    this.hull = NetworkHull.ofStations(this.stations);
  }

  public List<Earthquake> events() {
    return events;
  }

  public List<Station> stations() {
    return stations;
  }

  /**
   * The true event an alert is about: of the events whose origin is before the alert's data time
   * and no more than {@code maxAgeSeconds} before it, the one whose origin time is nearest the
   * alert's estimated origin time (an event the alerts are about has started; the network records
   * one event at a time in the demo scenarios, and the estimated origin time tells two apart
   * otherwise).
   */
  public Optional<Earthquake> match(EarthquakeAlert a, double maxAgeSeconds) {
    long data = Times.micros(a.getDataTime());
    long origin = Times.micros(a.getOriginTime());
    Earthquake best = null;
    long bestDiff = Long.MAX_VALUE;
    for (Earthquake e : events) {
      long t = e.origin().timeMicros();
      if (t > data || data - t > (long) (maxAgeSeconds * 1e6)) {
        continue;
      }
      long diff = Math.abs(t - origin);
      if (diff < bestDiff) {
        bestDiff = diff;
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Errors of an alert against a true event. */
  public record Errors(
      double epicentreKm, double depthKm, double magnitude, double originSeconds) {}

  public static Errors errors(EarthquakeAlert a, Earthquake e) {
    return new Errors(
        Geodesy.epicentralKm(
            a.getLatitude(), a.getLongitude(), e.origin().latitude(), e.origin().longitude()),
        a.getDepthKm() - e.origin().depthKm(),
        a.getMagnitude() - e.magnitude(),
        (Times.micros(a.getOriginTime()) - e.origin().timeMicros()) / 1e6);
  }

  /**
   * When the packet that completed step {@code stepMicros} ended, epoch µs: the job computes a
   * station's window for t once its data reach past t by {@code reachSeconds} (the resampler's
   * reach), so with packets cut on whole multiples of {@code packetSeconds} (the replay's) it is
   * the first packet end after {@code t + reach}. Before that the alert could not exist.
   */
  public static long completingPacketEndMicros(
      long stepMicros, double packetSeconds, double reachSeconds) {
    long packet = Math.round(packetSeconds * 1e6);
    long needed = stepMicros + (long) Math.ceil(reachSeconds * 1e6);
    return Math.floorDiv(needed, packet) * packet + packet;
  }

  /**
   * The physical floor of origin-to-first-alert, s: P travel time to the {@code minStations}-th
   * nearest station plus one packet length; NaN when there are fewer stations.
   */
  public double floorSeconds(Earthquake e, int minStations, double packetSeconds) {
    double[] p =
        stations.stream()
            .mapToDouble(
                s ->
                    travelTimes.pSeconds(
                        Math.min(
                            TravelTimes.MAX_DISTANCE_KM,
                            Geodesy.epicentralKm(
                                e.origin().latitude(),
                                e.origin().longitude(),
                                s.latitude(),
                                s.longitude())),
                        Math.min(TravelTimes.MAX_DEPTH_KM, Math.max(0, e.origin().depthKm()))))
            .sorted()
            .toArray();
    if (p.length < minStations) {
      return Double.NaN;
    }
    return p[minStations - 1] + packetSeconds;
  }

  /** Whether an epicentre is inside the network: inside the convex hull of its stations. */
  public boolean insideNetwork(double lat, double lon) {
    return hull.contains(lat, lon);
  }

  /** Convex hull of the stations as (lon, lat) points, counter-clockwise. */
  double[][] hull() {
    return hull.corners();
  }
}
