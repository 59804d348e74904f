package io.quakegraph.synth;

import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the earthquakes of a scenario, deterministically from a seed.
 *
 * <ul>
 *   <li>Epicentre: uniform in latitude and longitude over the stations' bounding box widened by
 *       {@link ScenarioOptions#marginDeg()} (so events happen in and around the network; the small
 *       area distortion of a lat/lon box is irrelevant at these latitudes).
 *   <li>Depth: uniform in [{@code minDepthKm}, {@code maxDepthKm}].
 *   <li>Magnitude: a mixture: with probability {@code 1 - largeEventShare} the doubly truncated
 *       Gutenberg-Richter law with the given b-value, else uniform in magnitude; {@link
 *       ScenarioOptions#probabilityAtLeast(double)} is the resulting survival function.
 *   <li>Stress drop: log-normal, median {@code stressDropMedianMPa}, clamped to 0.1-100 MPa.
 *   <li>Focal mechanism: {@link FocalMechanism#random(SplittableRandom)}.
 *   <li>Origin time: every event occupies {@link #occupancyMicros(SyntheticEvent)} (the S travel
 *       time to the farthest station plus a magnitude-dependent coda). Without overlap, the events
 *       are put in a random order and the free time of the span is split at uniformly drawn points
 *       between them, which draws uniformly among the non-overlapping arrangements inside the span.
 *       With overlap allowed, each origin is uniform in the span (ending no later than the span
 *       minus the occupancy when that fits).
 * </ul>
 *
 * Events are returned in origin-time order with ids {@code qgsyn<seed>-<n>}, n from 1.
 */
public final class ScenarioCatalog {
  private static final double UPPER_MANTLE_S_KM_PER_S = 4.5;

  private final List<Station> stations;
  private final TravelTimes travelTimes;
  private final ScenarioOptions options;
  private final double minLat;
  private final double maxLat;
  private final double minLon;
  private final double maxLon;

  /**
   * @param stations the recording stations (their coordinates bound the epicentres and set how long
   *     an event lasts)
   * @param travelTimes travel times used for the farthest S arrival
   * @param options how to draw events
   */
  public ScenarioCatalog(List<Station> stations, TravelTimes travelTimes, ScenarioOptions options) {
    if (stations.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one station");
    }
    this.stations = List.copyOf(stations);
    this.travelTimes = travelTimes;
    this.options = options;
    this.minLat =
        Math.max(
            -90,
            stations.stream().mapToDouble(Station::latitude).min().orElseThrow()
                - options.marginDeg());
    this.maxLat =
        Math.min(
            90,
            stations.stream().mapToDouble(Station::latitude).max().orElseThrow()
                + options.marginDeg());
    this.minLon =
        stations.stream().mapToDouble(Station::longitude).min().orElseThrow() - options.marginDeg();
    this.maxLon =
        stations.stream().mapToDouble(Station::longitude).max().orElseThrow() + options.marginDeg();
  }

  /** The options events are drawn with. */
  public ScenarioOptions options() {
    return options;
  }

  /** Epicentre bounds {minLat, maxLat, minLon, maxLon}: the stations' box plus the margin. */
  public double[] bounds() {
    return new double[] {minLat, maxLat, minLon, maxLon};
  }

  /**
   * Draws {@code count} events with origin times in {@code [startMicros, startMicros +
   * durationMicros)}.
   *
   * @throws IllegalArgumentException when the events cannot fit the span without overlap (the
   *     message says how much time they need)
   */
  public List<SyntheticEvent> generate(
      long startMicros, long durationMicros, int count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException("event count must be >= 0: " + count);
    }
    if (durationMicros <= 0) {
      throw new IllegalArgumentException("scenario duration must be positive");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<SyntheticEvent> drafts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      drafts.add(draw(rng.split()));
    }
    long[] occupancy = drafts.stream().mapToLong(this::occupancyMicros).toArray();
    long[] origins =
        options.allowOverlap()
            ? overlappingOrigins(rng.split(), occupancy, startMicros, durationMicros)
            : separateOrigins(rng.split(), occupancy, startMicros, durationMicros);
    List<SyntheticEvent> placed = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SyntheticEvent d = drafts.get(i);
      Origin o = d.origin();
      placed.add(
          new SyntheticEvent(
              "",
              new Origin(origins[i], o.latitude(), o.longitude(), o.depthKm()),
              d.magnitude(),
              d.stressDropMPa(),
              d.mechanism()));
    }
    placed.sort(Comparator.comparingLong((SyntheticEvent e) -> e.origin().timeMicros()));
    List<SyntheticEvent> events = new ArrayList<>(count);
    for (int i = 0; i < placed.size(); i++) {
      SyntheticEvent e = placed.get(i);
      events.add(
          new SyntheticEvent(
              "qgsyn" + seed + "-" + (i + 1),
              e.origin(),
              e.magnitude(),
              e.stressDropMPa(),
              e.mechanism()));
    }
    return List.copyOf(events);
  }

  /**
   * How long an event keeps the network busy, from its origin: the S travel time to the farthest
   * station plus {@code codaBaseSeconds + codaSecondsPerMagnitude * (M - minMagnitude)}, rounded up
   * to whole milliseconds.
   */
  public long occupancyMicros(SyntheticEvent event) {
    Origin o = event.origin();
    double farthestKm = 0;
    for (Station s : stations) {
      farthestKm =
          Math.max(
              farthestKm,
              Geodesy.epicentralKm(o.latitude(), o.longitude(), s.latitude(), s.longitude()));
    }
    double coda =
        options.codaBaseSeconds()
            + options.codaSecondsPerMagnitude()
                * Math.max(0, event.magnitude() - options.minMagnitude());
    double seconds = sSeconds(farthestKm, o.depthKm()) + coda;
    return (long) Math.ceil(seconds * 1e3) * 1000L;
  }

  /** S travel time; beyond the travel-time grid, continued at the upper-mantle S speed. */
  private double sSeconds(double km, double depthKm) {
    if (km <= TravelTimes.MAX_DISTANCE_KM) {
      return travelTimes.sSeconds(km, depthKm);
    }
    return travelTimes.sSeconds(TravelTimes.MAX_DISTANCE_KM, depthKm)
        + (km - TravelTimes.MAX_DISTANCE_KM) / UPPER_MANTLE_S_KM_PER_S;
  }

  private SyntheticEvent draw(SplittableRandom rng) {
    double lat = round(minLat + rng.nextDouble() * (maxLat - minLat), 1e4);
    double lon = round(minLon + rng.nextDouble() * (maxLon - minLon), 1e4);
    double depth =
        round(
            options.minDepthKm() + rng.nextDouble() * (options.maxDepthKm() - options.minDepthKm()),
            100);
    double magnitude = round(magnitude(rng), 100);
    double stressDrop =
        options.stressDropMedianMPa() * Math.exp(options.stressDropSigmaLn() * gaussian(rng));
    stressDrop = round(Math.min(100, Math.max(0.1, stressDrop)), 1000);
    FocalMechanism mechanism = FocalMechanism.random(rng);
    return new SyntheticEvent("", new Origin(0, lat, lon, depth), magnitude, stressDrop, mechanism);
  }

  /** One magnitude from the mixture (inverse-CDF sampling of each component). */
  private double magnitude(SplittableRandom rng) {
    double min = options.minMagnitude();
    double span = options.maxMagnitude() - min;
    boolean uniform = rng.nextDouble() < options.largeEventShare();
    double u = rng.nextDouble();
    if (span == 0) {
      return min;
    }
    if (uniform) {
      return min + u * span;
    }
    double beta = options.bValue() * Math.log(10);
    double m = min - Math.log(1 - u * (1 - Math.exp(-beta * span))) / beta;
    return Math.min(options.maxMagnitude(), m);
  }

  private static long[] separateOrigins(
      SplittableRandom rng, long[] occupancy, long startMicros, long durationMicros) {
    int n = occupancy.length;
    long busy = Arrays.stream(occupancy).sum();
    if (busy > durationMicros) {
      throw new IllegalArgumentException(
          ("cannot fit %d events without overlap into %.0f s: each occupies the S travel time to the"
                  + " farthest station plus its coda (%.0f s on average, %.0f s in all); use a longer"
                  + " duration, fewer events, fewer stations, or allow overlap")
              .formatted(n, durationMicros / 1e6, busy / 1e6 / Math.max(1, n), busy / 1e6));
    }
    // occupancies are whole milliseconds and so are the cuts: origins stay on the millisecond
    // grid of the start and never overlap
    long freeMillis = (durationMicros - busy) / 1000L;
    long[] cuts = new long[n];
    for (int i = 0; i < n; i++) {
      cuts[i] = (long) Math.floor(rng.nextDouble() * (freeMillis + 1)) * 1000L;
    }
    Arrays.sort(cuts);
    int[] order = shuffledIndices(rng, n);
    long[] origins = new long[n];
    long before = 0;
    for (int k = 0; k < n; k++) {
      int event = order[k];
      origins[event] = startMicros + cuts[k] + before;
      before += occupancy[event];
    }
    return origins;
  }

  private static long[] overlappingOrigins(
      SplittableRandom rng, long[] occupancy, long startMicros, long durationMicros) {
    long[] origins = new long[occupancy.length];
    for (int i = 0; i < occupancy.length; i++) {
      long room =
          occupancy[i] <= durationMicros ? durationMicros - occupancy[i] : durationMicros - 1;
      origins[i] = startMicros + (long) Math.floor(rng.nextDouble() * (room / 1000L)) * 1000L;
    }
    return origins;
  }

  private static int[] shuffledIndices(SplittableRandom rng, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double round(double x, double scale) {
    return Math.round(x * scale) / scale;
  }

  @Override
  public String toString() {
    return "ScenarioCatalog[%d stations, lat %.2f..%.2f, lon %.2f..%.2f, %s]"
        .formatted(stations.size(), minLat, maxLat, minLon, maxLon, options);
  }
}
