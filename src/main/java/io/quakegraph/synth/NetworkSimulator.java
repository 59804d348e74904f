package io.quakegraph.synth;

import io.quakegraph.seismic.CrustalModel;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Physics-based stochastic simulator of the synthetic network's records.
 *
 * <p>For every event and station the target Fourier amplitude spectrum of ground velocity is, for
 * each body wave c (P with speed alpha, S with beta, both of the source layer of the {@link
 * CrustalModel}):
 *
 * <pre>
 * A_c(f) = K R_c(f) 2 M0 2 pi f / (4 pi rho c^3 (1 + (f/fc_c)^2))   Brune source, free surface 2
 *          x G(sqrt(R^2 + h(M)^2))                                   spreading with saturation
 *          x exp(-pi f t_c / Q(f)) exp(-pi kappa f)                  path Q over travel time t_c, site kappa
 *          x siteAmplification
 * </pre>
 *
 * <p>with the {@link BruneSource} (fc_P = 1.5 fc_S after Madariaga 1976), the {@link
 * CrustalAttenuation} of Raoof et al. (1999), TauP travel times and angles from {@link
 * TravelTimes}, and {@code R_c(f)} the focal-mechanism radiation coefficient (Aki and Richards eq.
 * 4.89) that scattering blends, in energy, into its focal-sphere average (sqrt(4/15) for P,
 * sqrt(1/5) for SV and SH) between 0.5 Hz and 5 Hz (linear in log frequency; the observed loss of
 * the radiation pattern at high frequency, Liu and Helmberger 1985, Takemura et al. 2009). {@code
 * K} = {@value #CALIBRATION} is the single global calibration constant, chosen so that Hutton and
 * Boore ML measured on simulated Wood-Anderson records recovers the input Mw (median residual over
 * 10-300 km, see the calibration test). Three independent stochastic series (P, SV, SH; {@link
 * StochasticSignal}) are projected onto Z/N/E with the TauP incidence angle at the station (P: cos
 * i on Z, sin i radial; SV: cos j radial, sin j vertical) and the back-azimuth. This free surface
 * partition ignores the SV phase shifts beyond the critical angle.
 *
 * <p>Instruments ({@link Instruments}) are flat in their passband: counts = round(ground motion x
 * sensitivity), clipped to [-2^23, 2^23 - 1]. Accelerometer signals are the central-difference time
 * derivative of the velocity.
 *
 * <p>Randomness: every stochastic series draws from its own {@link SplittableRandom} seeded from
 * (seed, event id, station index, wave), and noise from (seed, station index, channel, block), so
 * results do not depend on thread scheduling, on the other stations or (for {@link #recordStation})
 * on the span requested.
 */
public final class NetworkSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkSimulator.class);

  /** Output units of {@link #eventWindow}. */
  public enum Units {
    VELOCITY,
    COUNTS
  }

  /** The global amplitude calibration constant K (see class comment). */
  static final double CALIBRATION = 1.13;

  static final double FREE_SURFACE = 2;
  static final double P_CORNER_RATIO = 1.5;
  static final double RADIATION_MIX_LOW_HZ = 0.5;
  static final double RADIATION_MIX_HIGH_HZ = 5;
  static final double P_AVERAGE = Math.sqrt(4.0 / 15);
  static final double S_AVERAGE = Math.sqrt(1.0 / 5);
  static final double CLIP_LOW = -8_388_608;
  static final double CLIP_HIGH = 8_388_607;

  private final SyntheticNetwork network;
  private final TravelTimes travelTimes;
  private final SimulationOptions options;
  private final double rate;
  private final Site[] sites;
  private final Map<String, Integer> index = new HashMap<>();
  private final ConcurrentHashMap<String, Site> foreign = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, double[][]> binTables = new ConcurrentHashMap<>();
  private final RecordedNoise recorded;
  private final ThreadLocal<StochasticSignal.Workspace> workspace =
      ThreadLocal.withInitial(StochasticSignal.Workspace::new);

  /** Per-station constants. */
  private record Site(
      int index,
      SimulatedStation station,
      double latitude,
      double longitude,
      double hhSensitivity,
      double hnSensitivity,
      StationNoise noise,
      SourceId[] hh,
      SourceId[] hn,
      SiteResponse response,
      double noiseFraction) {

    /** kappa of the site: the real-world kappa0 when there is a real-world response. */
    double kappaS() {
      return response == null ? station.kappaS() : response.kappaS();
    }
  }

  /** Per-event constants. */
  private record Source(
      SyntheticEvent event,
      double m0,
      double fcS,
      double fcP,
      double durationS,
      double durationP,
      double rho,
      double alpha,
      double beta,
      double saturationKm,
      long key,
      FiniteRupture rupture,
      TravelTimeAnomaly anomaly,
      double subFaultDurationS) {}

  /** Source-station geometry from TauP. */
  record Ray(
      double epicentralKm,
      double hypocentralKm,
      double azimuthDeg,
      double backAzimuthDeg,
      double tP,
      double tS,
      double takeoffP,
      double takeoffS,
      double incidenceP,
      double incidenceS) {}

  public NetworkSimulator(
      SyntheticNetwork network, TravelTimes travelTimes, SimulationOptions options) {
    this.network = Objects.requireNonNull(network, "network");
    this.travelTimes = Objects.requireNonNull(travelTimes, "travelTimes");
    this.options = Objects.requireNonNull(options, "options");
    this.rate = options.sampleRate();
    this.recorded = options.realism().isRealWorld() ? RecordedNoise.shared() : RecordedNoise.none();
    List<SimulatedStation> st = network.stations();
    sites = new Site[st.size()];
    for (int i = 0; i < st.size(); i++) {
      sites[i] = site(i, st.get(i));
      index.put(st.get(i).id(), i);
    }
  }

  public SimulationOptions options() {
    return options;
  }

  public SyntheticNetwork network() {
    return network;
  }

  private Site site(int i, SimulatedStation s) {
    Station st = s.station();
    double hh = Instruments.broadbandSensitivity().value();
    double hn = Instruments.accelerometerSensitivity().value();
    for (var c : st.channels()) {
      if (c.sensitivity().isPresent()) {
        if (c.id().channel().equals("HHZ")) {
          hh = c.sensitivity().get().value();
        } else if (c.id().channel().equals("HNZ")) {
          hn = c.sensitivity().get().value();
        }
      }
    }
    SourceId[] hhIds = new SourceId[3];
    SourceId[] hnIds = new SourceId[3];
    String comps = "ZNE";
    for (int k = 0; k < 3; k++) {
      hhIds[k] = new SourceId(st.network(), st.station(), "", "HH" + comps.charAt(k));
      hnIds[k] = new SourceId(st.network(), st.station(), "", "HN" + comps.charAt(k));
    }
    boolean real = options.realism().isRealWorld();
    double fraction =
        real ? NoiseConditions.realWorldFraction(s.noiseFraction()) : s.noiseFraction();
    SiteResponse response =
        real
            ? SiteResponse.draw(
                s.siteAmplification() / SyntheticNetwork.SITE_AMP_MEDIAN,
                Seeds.mix(Seeds.of(s.id()), i))
            : null;
    return new Site(
        i,
        s,
        st.latitude(),
        st.longitude(),
        hh,
        hn,
        new StationNoise(fraction, rate),
        hhIds,
        hnIds,
        response,
        fraction);
  }

  private Site siteOf(SimulatedStation s) {
    Integer i = index.get(s.id());
    if (i != null && sites[i].station().equals(s)) {
      return sites[i];
    }
    // A station outside the network (or with other site terms): its own seed stream from its id.
    return foreign.computeIfAbsent(
        s.id() + "|" + s.hashCode(),
        k -> site((int) (Seeds.of(s.id()) & 0x3FFFFFFF) + (1 << 30), s));
  }

  private Source source(SyntheticEvent e) {
    CrustalModel.Layer layer = travelTimes.model().layerAt(e.origin().depthKm());
    double mw = e.magnitude();
    boolean real = options.realism().isRealWorld();
    double stress = e.stressDropMPa() * (real ? BruneSource.realWorldStressFactor(mw) : 1);
    double fcS = BruneSource.cornerFrequencyHz(mw, stress, layer.vsKmS());
    double fcP = P_CORNER_RATIO * fcS;
    double durS = BruneSource.durationS(mw, stress, layer.vsKmS());
    double durP = Math.max(1 / fcP, durS > 1 / fcS ? durS : 0);
    long key = Seeds.of(e.eventId());
    FiniteRupture rupture = null;
    TravelTimeAnomaly anomaly = null;
    double subDuration = 0;
    if (real) {
      // Seeded by the event alone (its id carries the scenario or stream seed): every station of a
      // scenario, recorded with its own noise seed, sees the same rupture and the same Earth.
      rupture = FiniteRupture.of(e, layer.vsKmS(), Seeds.mix(key, 0xF1417E));
      anomaly = new TravelTimeAnomaly(Seeds.mix(key, 0x3D));
      if (rupture != null) {
        // Every sub-fault is a Brune source of the mean sub-fault moment and the event's stress
        // drop: its duration is the rise time the sub-fault envelope gets.
        double subMw = (Math.log10(BruneSource.momentNm(mw) / rupture.size()) - 9.1) / 1.5;
        subDuration = 1 / BruneSource.cornerFrequencyHz(subMw, stress, layer.vsKmS());
      }
    }
    return new Source(
        e,
        BruneSource.momentNm(mw),
        fcS,
        fcP,
        durS,
        durP,
        layer.densityKgM3(),
        layer.vpKmS() * 1000,
        layer.vsKmS() * 1000,
        BruneSource.saturationKm(mw),
        key,
        rupture,
        anomaly,
        subDuration);
  }

  /**
   * The event's finite rupture as the simulator realises it (null for a point source: below Mw
   * {@value FiniteRupture#MIN_MAGNITUDE} or with {@link Realism#IDEAL}).
   */
  public FiniteRupture rupture(SyntheticEvent e) {
    return source(e).rupture();
  }

  /** The ray from the event to the station, or null beyond the travel-time grid. */
  Ray ray(SyntheticEvent e, double lat, double lon) {
    double[] da = Geodesy.distanceAzimuth(e.origin().latitude(), e.origin().longitude(), lat, lon);
    double km = da[0];
    double depth = e.origin().depthKm();
    if (km > TravelTimes.MAX_DISTANCE_KM) {
      return null;
    }
    return new Ray(
        km,
        Math.hypot(km, depth),
        da[1],
        da[2],
        travelTimes.pSeconds(km, depth),
        travelTimes.sSeconds(km, depth),
        travelTimes.pTakeoffDeg(km, depth),
        travelTimes.sTakeoffDeg(km, depth),
        travelTimes.pIncidenceDeg(km, depth),
        travelTimes.sIncidenceDeg(km, depth));
  }

  /** Vs30 of a station's real-world site, m/s (NaN with {@link Realism#IDEAL}: no Vs30). */
  double vs30(SimulatedStation s) {
    SiteResponse r = siteOf(s).response();
    return r == null ? Double.NaN : r.vs30();
  }

  /** The ray from an event to a station (TauP grid), or null when farther than the grid. */
  public Ray ray(SyntheticEvent e, Station s) {
    return ray(e, s.latitude(), s.longitude());
  }

  /**
   * Raw counts of every channel (HHZ/HHN/HHE/HNZ/HNN/HNE) of one station over [start, end): all
   * events' signals plus noise, through the instrument (sensitivity, digitiser clip at +-2^23
   * counts). Deterministic for (station, events, span, seed); independent of other stations
   * (parallel-safe). Each event's waveform is synthesised over its whole duration whatever the
   * span, and noise lies on a grid of absolute samples, so adjacent spans join seamlessly.
   */
  public List<Trace> recordStation(
      SimulatedStation station,
      List<SyntheticEvent> events,
      long startMicros,
      long endMicros,
      long seed) {
    if (endMicros < startMicros) {
      throw new IllegalArgumentException(
          "span ends before it starts: " + startMicros + " > " + endMicros);
    }
    Site site = siteOf(station);
    int n = Math.toIntExact(Math.round((endMicros - startMicros) * rate / 1e6));
    double[][] vel = new double[3][n];
    if (options.signal()) {
      for (SyntheticEvent e : events) {
        addSignal(source(e), site, startMicros, vel, n, false, seed);
      }
    }
    double[][] acc = new double[3][];
    for (int k = 0; k < 3; k++) {
      acc[k] = differentiate(vel[k]);
    }
    if (options.noise()) {
      long first = absoluteSample(startMicros);
      double[] gain = noiseGain(site, startMicros, n, seed);
      for (int k = 0; k < 3; k++) {
        double[] real = recorded.segment(site.station().id(), k, startMicros, n, rate);
        if (real != null) {
          // Recorded noise has its own level and day; the accelerometer sees its derivative too
          // (on top of its synthetic noise below, whose ground part it then counts twice: at most
          // 3 dB where ground noise, not the sensor's own, dominates).
          add(vel[k], real);
          add(acc[k], differentiate(real));
        } else {
          add(
              vel[k],
              site.noise()
                  .segment(StationNoise.Kind.VELOCITY, Seeds.mix(seed, site.index(), k), first, n),
              gain);
        }
        // The accelerometer's own noise is electronic: the day-night cycle changes only the ground
        // part, and above the accelerometer floor only that part matters; the gain goes on all.
        add(
            acc[k],
            site.noise()
                .segment(
                    StationNoise.Kind.ACCELERATION, Seeds.mix(seed, site.index(), 3 + k), first, n),
            gain);
      }
    }
    List<Trace> out = new ArrayList<>(6);
    for (int k = 0; k < 3; k++) {
      out.add(new Trace(site.hh()[k], startMicros, rate, toCounts(vel[k], site.hhSensitivity())));
    }
    for (int k = 0; k < 3; k++) {
      out.add(new Trace(site.hn()[k], startMicros, rate, toCounts(acc[k], site.hnSensitivity())));
    }
    return out;
  }

  /**
   * True P and S arrival picks of the event at every station (channel id = the station's HHZ): the
   * onsets of the simulated records, including, with {@link Realism#REAL_WORLD}, the event's
   * travel-time anomalies.
   */
  public List<Pick> truePicks(SyntheticEvent event) {
    List<Pick> picks = new ArrayList<>();
    long t0 = event.origin().timeMicros();
    Source src = source(event);
    for (Site s : sites) {
      Ray r = ray(event, s.latitude(), s.longitude());
      if (r == null) {
        continue;
      }
      double[] t = arrivals(src, s, r);
      picks.add(new Pick(s.hh()[0], "P", t0 + Math.round(t[0] * 1e6)));
      picks.add(new Pick(s.hh()[0], "S", t0 + Math.round(t[1] * 1e6)));
    }
    return picks;
  }

  /** {P, S} arrival times after the origin: the 1-D times, plus the event's anomalies if any. */
  private double[] arrivals(Source src, Site site, Ray ray) {
    if (src.anomaly() == null) {
      return new double[] {ray.tP(), ray.tS()};
    }
    SyntheticEvent e = src.event();
    return src.anomaly()
        .arrivals(
            ray.tP(),
            ray.tS(),
            e.origin().latitude(),
            e.origin().longitude(),
            e.origin().depthKm(),
            site.latitude(),
            site.longitude(),
            site.index());
  }

  /**
   * Fast path for datasets and the benchmark: every station's 3 HH components (Z, N, E) over a
   * window, in ground velocity (m/s) or counts. The signal is synthesised only as far as the window
   * needs, and noise is drawn from per-station stored realisations ({@code StationNoise.fromBank})
   * by (seed, station, component, event, window start), or for windows longer than 81.92 s from one
   * FFT block per component.
   */
  public Map<SourceId, Trace> eventWindow(
      SyntheticEvent event, long windowStartMicros, double seconds, Units units, long seed) {
    if (!(seconds > 0) || seconds > 86_400) {
      throw new IllegalArgumentException("window length must be 0..86400 s: " + seconds);
    }
    int n = (int) Math.round(seconds * rate);
    Source src = source(event);
    double[][][] result = new double[sites.length][][];
    IntStream.range(0, sites.length)
        .parallel()
        .forEach(
            i -> {
              Site site = sites[i];
              double[][] v = new double[3][n];
              if (options.signal()) {
                addSignal(src, site, windowStartMicros, v, n, true, seed);
              }
              if (options.noise()) {
                addVelocityNoise(site, src, windowStartMicros, v, n, seed);
              }
              if (units == Units.COUNTS) {
                for (int k = 0; k < 3; k++) {
                  v[k] = toCounts(v[k], site.hhSensitivity());
                }
              }
              result[i] = v;
            });
    Map<SourceId, Trace> out = new LinkedHashMap<>();
    for (int i = 0; i < sites.length; i++) {
      for (int k = 0; k < 3; k++) {
        SourceId id = sites[i].hh()[k];
        out.put(id, new Trace(id, windowStartMicros, rate, result[i][k]));
      }
    }
    return out;
  }

  /**
   * As {@link #eventWindow(SyntheticEvent, long, double, Units, long)}, for the stations and
   * sensors of a {@link NetworkConfiguration}: each of its stations gives the Z, N, E channels of
   * each of its sensors, at the sensor's rate ({@link SensorKind}). Velocity sensors record the
   * ground velocity and the broadband noise (the short-period geophone through its 1 Hz
   * second-order high-pass), accelerometers its time derivative and their own noise ({@code
   * StationNoise}'s acceleration: ground plus sensor self-noise), 40 Hz channels are band-limited
   * resamplings. In {@link Units#VELOCITY} every channel is ground motion in its sensor's own
   * quantity (m/s, or m/s^2 for accelerometers); in counts each sensor's sensitivity and the +-2^23
   * digitiser clip apply, so a broadband near a large event clips while its accelerometer stays on
   * scale.
   */
  public Map<SourceId, Trace> eventWindow(
      SyntheticEvent event,
      long windowStartMicros,
      double seconds,
      Units units,
      long seed,
      NetworkConfiguration configuration) {
    if (!(seconds > 0) || seconds > 86_400) {
      throw new IllegalArgumentException("window length must be 0..86400 s: " + seconds);
    }
    int n = (int) Math.round(seconds * rate);
    Source src = source(event);
    List<Site> chosen = new ArrayList<>();
    for (Site s : sites) {
      if (configuration.sensors().containsKey(s.station().id())) {
        chosen.add(s);
      }
    }
    List<Map<SourceId, Trace>> result =
        chosen.parallelStream()
            .map(
                site ->
                    configuredStation(
                        site,
                        src,
                        configuration.sensors().get(site.station().id()),
                        windowStartMicros,
                        n,
                        units,
                        seed))
            .toList();
    Map<SourceId, Trace> out = new LinkedHashMap<>();
    result.forEach(out::putAll);
    return out;
  }

  private Map<SourceId, Trace> configuredStation(
      Site site, Source src, List<SensorKind> kinds, long start, int n, Units units, long seed) {
    double[][] signal = new double[3][n];
    if (options.signal()) {
      addSignal(src, site, start, signal, n, true, seed);
    }
    double[][] velocity = new double[3][];
    for (int k = 0; k < 3; k++) {
      velocity[k] = signal[k].clone();
    }
    if (options.noise()) {
      addVelocityNoise(site, src, start, velocity, n, seed);
    }
    Station st = site.station().station();
    Map<SourceId, Trace> out = new LinkedHashMap<>();
    String comps = "ZNE";
    for (SensorKind kind : kinds) {
      for (int k = 0; k < 3; k++) {
        double[] x;
        if (kind.accelerometer()) {
          x = differentiate(signal[k]);
          if (options.noise()) {
            double[] noise = new double[Fft.size(n)];
            site.noise()
                .window(
                    StationNoise.Kind.ACCELERATION,
                    Seeds.mix(seed, site.index(), 10 + k, src.key(), start),
                    noise,
                    n,
                    new double[Fft.size(n)]);
            add(x, java.util.Arrays.copyOf(noise, n));
          }
        } else if (kind == SensorKind.EH) {
          x =
              io.quakegraph.seismic.Butterworth.highPass(
                      2, Instruments.SHORT_PERIOD_CORNER_HZ, rate)
                  .filter(velocity[k]);
        } else {
          x = velocity[k];
        }
        SourceId id = new SourceId(st.network(), st.station(), "", kind.code() + comps.charAt(k));
        Trace t = new Trace(id, start, rate, x);
        if (kind.sampleRate() != rate) {
          t = io.quakegraph.seismic.Resampler.resample(t, kind.sampleRate());
        }
        if (units == Units.COUNTS) {
          t = t.withSamples(toCounts(t.samples(), kind.sensitivity().value()));
        }
        out.put(id, t);
      }
    }
    return out;
  }

  /**
   * Adds the station's broadband noise (m/s) to the three components of an event window: recorded
   * noise where the real world has it, else draws from the station's stored realisations (one draw
   * per component, event and window start), at the window's day-night level.
   */
  private void addVelocityNoise(
      Site site, Source src, long startMicros, double[][] v, int n, long seed) {
    StochasticSignal.Workspace ws = workspace.get();
    ws.ensure(1, Fft.size(n));
    double[] noise = ws.c;
    // One level per event window: a minute is short against the day-night cycle.
    double gain =
        options.realism().isRealWorld()
            ? NoiseConditions.gain(
                site.noiseFraction(),
                site.longitude(),
                startMicros,
                Seeds.mix(seed, site.index(), 0xD1))
            : 1;
    for (int k = 0; k < 3; k++) {
      long draw = Seeds.mix(seed, site.index(), k, src.key(), startMicros);
      double[] real = recorded.segment(site.station().id(), k, startMicros, n, rate);
      if (real != null) {
        add(v[k], real);
        continue;
      }
      if (n <= StationNoise.BANK) {
        // One bank per station serves its three components (independent draws).
        site.noise()
            .fromBank(
                StationNoise.Kind.VELOCITY, Seeds.mix(seed, site.index(), 99), draw, noise, n);
      } else {
        site.noise().window(StationNoise.Kind.VELOCITY, draw, noise, n, ws.c);
      }
      if (gain != 1) {
        for (int j = 0; j < n; j++) {
          noise[j] *= gain;
        }
      }
      add(v[k], noise);
    }
  }

  private long absoluteSample(long micros) {
    if (rate == Math.rint(rate)) {
      return Math.floorDiv(micros * (long) rate + 500_000, 1_000_000);
    }
    return Math.round(micros * 1e-6 * rate);
  }

  private static void add(double[] into, double[] x) {
    for (int i = 0; i < into.length; i++) {
      into[i] += x[i];
    }
  }

  private static void add(double[] into, double[] x, double[] gain) {
    if (gain == null) {
      add(into, x);
      return;
    }
    for (int i = 0; i < into.length; i++) {
      into[i] += gain[i] * x[i];
    }
  }

  /**
   * The real world's noise gain at every sample of a record ({@link NoiseConditions}), evaluated
   * once a second and interpolated; null for the ideal simulator.
   */
  private double[] noiseGain(Site site, long startMicros, int n, long seed) {
    if (!options.realism().isRealWorld()) {
      return null;
    }
    long key = Seeds.mix(seed, site.index(), 0xD1);
    int step = (int) Math.max(1, Math.round(rate));
    double[] g = new double[n];
    double prev = NoiseConditions.gain(site.noiseFraction(), site.longitude(), startMicros, key);
    for (int i0 = 0; i0 < n; i0 += step) {
      int i1 = Math.min(n, i0 + step);
      long t1 = startMicros + Math.round(i1 * 1e6 / rate);
      double next = NoiseConditions.gain(site.noiseFraction(), site.longitude(), t1, key);
      for (int i = i0; i < i1; i++) {
        g[i] = prev + (next - prev) * (i - i0) / (double) (i1 - i0);
      }
      prev = next;
    }
    return g;
  }

  private double[] differentiate(double[] v) {
    double[] a = new double[v.length];
    double h = rate / 2;
    for (int i = 1; i < v.length - 1; i++) {
      a[i] = (v[i + 1] - v[i - 1]) * h;
    }
    if (v.length > 1) {
      a[0] = (v[1] - v[0]) * rate;
      a[v.length - 1] = (v[v.length - 1] - v[v.length - 2]) * rate;
    }
    return a;
  }

  private static double[] toCounts(double[] x, double sensitivity) {
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = Math.rint(x[i] * sensitivity);
      c[i] = v < CLIP_LOW ? CLIP_LOW : (v > CLIP_HIGH ? CLIP_HIGH : v);
    }
    return c;
  }

  /** {f^(1-eta), radiation-mix weight, BSSA14 site coefficient} at every bin of an n-point FFT. */
  private double[][] bins(int n) {
    return binTables.computeIfAbsent(
        n,
        key -> {
          double df = rate / n;
          double[] fPow = new double[n / 2 + 1];
          double[] mix = new double[n / 2 + 1];
          double[] siteC = new double[n / 2 + 1];
          double[] generic = new double[n / 2 + 1];
          double lo = Math.log(RADIATION_MIX_LOW_HZ);
          double span = Math.log(RADIATION_MIX_HIGH_HZ) - lo;
          for (int k = 1; k <= n / 2; k++) {
            double f = k * df;
            fPow[k] = Math.pow(f, 1 - CrustalAttenuation.ETA);
            mix[k] = Math.max(0, Math.min(1, (Math.log(f) - lo) / span));
            siteC[k] = SiteResponse.linearCoefficient(f);
            generic[k] = SiteResponse.lnGeneric(f);
          }
          return new double[][] {fPow, mix, siteC, generic};
        });
  }

  /**
   * Adds the event's ground velocity (m/s) at the site into {@code vel[Z,N,E][0..len)}, whose
   * sample 0 is at {@code startMicros}. With {@code truncate} the series stop where the output
   * ends.
   */
  private void addSignal(
      Source src,
      Site site,
      long startMicros,
      double[][] vel,
      int len,
      boolean truncate,
      long seed) {
    Ray ray = ray(src.event(), site.latitude(), site.longitude());
    if (ray == null) {
      LOG.debug(
          "{} beyond {} km of {}: no signal",
          site.station().id(),
          TravelTimes.MAX_DISTANCE_KM,
          src.event().eventId());
      return;
    }
    long origin = src.event().origin().timeMicros();
    FocalMechanism.Radiation rp =
        src.event().mechanism().radiation(ray.takeoffP(), ray.azimuthDeg());
    FocalMechanism.Radiation rs =
        src.event().mechanism().radiation(ray.takeoffS(), ray.azimuthDeg());
    double theta = Math.toRadians(ray.backAzimuthDeg() + 180);
    double cosT = Math.cos(theta);
    double sinT = Math.sin(theta);
    SimulatedStation st = site.station();
    double rEff = Math.hypot(ray.hypocentralKm(), src.saturationKm());
    double spreading = CrustalAttenuation.spreading(rEff);
    double[] arrivals = arrivals(src, site, ray);
    // The ideal site is a flat factor; the real-world one is the generic rock curve times the
    // Vs30 term (in the spectrum) times the station's scatter (here).
    double siteFactor =
        site.response() == null ? st.siteAmplification() : site.response().scatter();
    double siteLog = site.response() == null ? 0 : site.response().vs30Log();
    boolean real = options.realism().isRealWorld();
    if (options.phases().hasP()) {
      long arrival = origin + Math.round(arrivals[0] * 1e6);
      double inc = Math.toRadians(ray.incidenceP());
      Train t =
          src.rupture() == null
              ? new Train(
                  CrustalAttenuation.durationS(src.durationP(), ray.hypocentralKm()),
                  ray.tP(),
                  spreading,
                  rp.p(),
                  0,
                  null)
              : rupturedTrain(src, site, ray, true);
      double c =
          CALIBRATION
              * FREE_SURFACE
              * siteFactor
              * t.spreading()
              * src.m0()
              / (4 * Math.PI * src.rho() * Math.pow(src.alpha(), 3));
      train(
          site,
          arrival,
          startMicros,
          len,
          truncate,
          t,
          real ? codaLevel(seed, src, site, 1) : StochasticSignal.CODA_LEVEL,
          siteLog,
          ray.tP(),
          src.fcP(),
          c,
          P_AVERAGE,
          0,
          Math.cos(inc),
          Math.sin(inc),
          0,
          cosT,
          sinT,
          vel,
          Seeds.mix(seed, src.key(), site.index(), 1));
    }
    if (options.phases().hasS()) {
      long arrival = origin + Math.round(arrivals[1] * 1e6);
      double inc = Math.toRadians(ray.incidenceS());
      Train t =
          src.rupture() == null
              ? new Train(
                  CrustalAttenuation.durationS(src.durationS(), ray.hypocentralKm()),
                  ray.tS(),
                  spreading,
                  rs.sv(),
                  rs.sh(),
                  null)
              : rupturedTrain(src, site, ray, false);
      double c =
          CALIBRATION
              * FREE_SURFACE
              * siteFactor
              * t.spreading()
              * src.m0()
              / (4 * Math.PI * src.rho() * Math.pow(src.beta(), 3));
      train(
          site,
          arrival,
          startMicros,
          len,
          truncate,
          t,
          real ? codaLevel(seed, src, site, 2) : StochasticSignal.CODA_LEVEL,
          siteLog,
          ray.tS(),
          src.fcS(),
          c,
          S_AVERAGE,
          S_AVERAGE,
          -Math.sin(inc),
          Math.cos(inc),
          1,
          cosT,
          sinT,
          vel,
          Seeds.mix(seed, src.key(), site.index(), 2));
    }
  }

  /**
   * What shapes one body-wave train at a station: the envelope duration, the travel time its path
   * attenuation is taken over, the geometric spreading, the radiation coefficients of its series a
   * (P or SV) and b (SH), and for a finite rupture the sub-fault delays and energy weights.
   */
  private record Train(
      double durationS,
      double qTravelS,
      double spreading,
      double radA,
      double radB,
      Kernel kernel) {}

  /** Sub-fault arrival delays (samples after the hypocentre's arrival) and energy weights. */
  private record Kernel(int[] delays, double[] weights, int count) {}

  /**
   * A finite rupture's train at a station: every sub-fault radiates its moment share from its own
   * point at its rupture time, along its own 1-D ray. Energies add: the spreading is {@code
   * sqrt(sum w_k)} with {@code w_k = share_k G(R_k)^2} (R_k softened by half the sub-fault's
   * diagonal, so a site above a sub-fault sees a finite amplitude), the radiation coefficients and
   * the travel time of the path attenuation are w-weighted means, and the envelope is the
   * w-weighted sum of delayed sub-fault envelopes ({@link StochasticSignal#ruptureEnvelope}).
   */
  private Train rupturedTrain(Source src, Site site, Ray ray, boolean p) {
    FiniteRupture rup = src.rupture();
    FocalMechanism mech = src.event().mechanism();
    int n = rup.size();
    int[] delays = new int[n];
    double[] weights = new double[n];
    double soft = 0.5 * Math.hypot(rup.cellLengthKm(), rup.cellWidthKm());
    double tHypo = p ? ray.tP() : ray.tS();
    double sumW = 0;
    double sumT = 0;
    double sumA = 0;
    double sumB = 0;
    int count = 0;
    for (int k = 0; k < n; k++) {
      FiniteRupture.SubFault sf = rup.subFault(k);
      double[] da =
          Geodesy.distanceAzimuth(sf.latitude(), sf.longitude(), site.latitude(), site.longitude());
      if (da[0] > TravelTimes.MAX_DISTANCE_KM) {
        continue;
      }
      double z = sf.depthKm();
      double travel = p ? travelTimes.pSeconds(da[0], z) : travelTimes.sSeconds(da[0], z);
      double takeoff = p ? travelTimes.pTakeoffDeg(da[0], z) : travelTimes.sTakeoffDeg(da[0], z);
      FocalMechanism.Radiation r = mech.radiation(takeoff, da[1]);
      double g = CrustalAttenuation.spreading(Math.hypot(Math.hypot(da[0], z), soft));
      double w = sf.momentShare() * g * g;
      double a = p ? r.p() : r.sv();
      double b = p ? 0 : r.sh();
      sumW += w;
      sumT += w * travel;
      sumA += w * a * a;
      sumB += w * b * b;
      delays[count] = (int) Math.round(Math.max(0, sf.ruptureTimeS() + travel - tHypo) * rate);
      weights[count] = w;
      count++;
    }
    if (count == 0 || !(sumW > 0)) {
      return new Train(1, tHypo, 0, 0, 0, null);
    }
    double sub = p ? src.subFaultDurationS() / P_CORNER_RATIO : src.subFaultDurationS();
    return new Train(
        CrustalAttenuation.durationS(sub, ray.hypocentralKm()),
        sumT / sumW,
        Math.sqrt(sumW),
        Math.sqrt(sumA / sumW),
        Math.sqrt(sumB / sumW),
        new Kernel(delays, weights, count));
  }

  /**
   * The real world's scattering-coda level of one train: log-normal around the ideal {@value
   * StochasticSignal#CODA_LEVEL} of the peak (sigma(ln) 0.4), since coda excitation varies from
   * path to path and site to site.
   */
  private static double codaLevel(long seed, Source src, Site site, int wave) {
    SplittableRandom r =
        new SplittableRandom(Seeds.mix(seed, src.key(), site.index(), wave, 0xC0DA));
    return Math.max(
        0.1, Math.min(0.9, StochasticSignal.CODA_LEVEL * Math.exp(0.4 * r.nextGaussian())));
  }

  /**
   * One body-wave train: series "a" (P or SV; projected with zA on Z and rA radial) and, when
   * {@code tA} is 1, series "b" (SH, transverse).
   */
  private void train(
      Site site,
      long arrivalMicros,
      long startMicros,
      int len,
      boolean truncate,
      Train train,
      double codaLevel,
      double siteLog,
      double travelS,
      double fc,
      double c,
      double avgA,
      double avgB,
      double zA,
      double rA,
      double withB,
      double cosT,
      double sinT,
      double[][] vel,
      long seed) {
    long arr = Math.round((arrivalMicros - startMicros) * rate / 1e6);
    if (arr >= len || train.spreading() == 0) {
      return;
    }
    StochasticSignal.Workspace ws = workspace.get();
    int maxEnv = (int) Math.ceil(StochasticSignal.MAX_LENGTH_S * rate) + 1;
    ws.ensure(maxEnv, 16);
    int lead = (int) Math.ceil(rate * Math.min(10, Math.max(1, 1.5 / fc)));
    int limit =
        truncate ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, len - arr + lead)) : maxEnv;
    Kernel kernel = train.kernel();
    int full =
        kernel == null
            ? StochasticSignal.envelope(
                train.durationS(), travelS, codaLevel, rate, ws.env, limit, ws)
            : StochasticSignal.ruptureEnvelope(
                train.durationS(),
                travelS,
                codaLevel,
                rate,
                kernel.delays(),
                kernel.weights(),
                kernel.count(),
                ws.env,
                limit,
                ws);
    if (arr + full <= 0 || full == 0) {
      return;
    }
    int used = Math.min(full, limit);
    int n = Fft.size(lead + used + lead);
    ws.ensure(maxEnv, n);
    boolean two = withB != 0;
    SplittableRandom rng = new SplittableRandom(seed);
    double tail = ws.tailEnergy;
    double ea = StochasticSignal.windowedNoise(ws.env, tail, used, lead, n, ws.a, rng);
    double eb = two ? StochasticSignal.windowedNoise(ws.env, tail, used, lead, n, ws.b, rng) : 1;
    Fft.plan(n).realForward(ws.a);
    if (two) {
      Fft.plan(n).realForward(ws.b);
    }
    double[][] tables = bins(n);
    double[] fPow = tables[0];
    double[] mix = tables[1];
    double[] siteC = tables[2];
    double[] lnGeneric = tables[3];
    boolean generic = site.response() != null;
    double df = rate / n;
    double kappa = site.kappaS();
    double tq = train.qTravelS() / CrustalAttenuation.Q0;
    double scaleA = c * rate / Math.sqrt(ea);
    double scaleB = c * rate / Math.sqrt(eb);
    double radA = train.radA();
    double radB = train.radB();
    double ra2 = radA * radA;
    double aa2 = avgA * avgA;
    double rb2 = radB * radB;
    double ab2 = avgB * avgB;
    double[] a = ws.a;
    double[] b = ws.b;
    a[0] = 0;
    b[0] = 0;
    for (int k = 1; k <= n / 2; k++) {
      double f = k * df;
      double x = f / fc;
      double path = -Math.PI * (tq * fPow[k] + kappa * f);
      if (generic) {
        path += lnGeneric[k] + siteC[k] * siteLog;
      }
      double spec = 2 * Math.PI * f / (1 + x * x) * Math.exp(path);
      double w = mix[k];
      double ga = spec * scaleA * Math.sqrt(ra2 + w * (aa2 - ra2));
      if (k == n / 2) {
        a[1] *= ga;
      } else {
        a[2 * k] *= ga;
        a[2 * k + 1] *= ga;
      }
      if (two) {
        double gb = spec * scaleB * Math.sqrt(rb2 + w * (ab2 - rb2));
        if (k == n / 2) {
          b[1] *= gb;
        } else {
          b[2 * k] *= gb;
          b[2 * k + 1] *= gb;
        }
      }
    }
    Fft.plan(n).realInverse(a, true);
    if (two) {
      Fft.plan(n).realInverse(b, true);
    }
    double[] z = vel[0];
    double[] north = vel[1];
    double[] east = vel[2];
    int from = (int) Math.max(0, -arr);
    int to = (int) Math.min(used, len - arr);
    for (int i = from; i < to; i++) {
      int o = (int) (arr + i);
      double va = a[lead + i];
      double r = va * rA;
      z[o] += va * zA;
      if (two) {
        double t = b[lead + i];
        north[o] += r * cosT - t * sinT;
        east[o] += r * sinT + t * cosT;
      } else {
        north[o] += r * cosT;
        east[o] += r * sinT;
      }
    }
  }
}
