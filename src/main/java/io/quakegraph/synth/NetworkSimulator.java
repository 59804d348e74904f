package io.quakegraph.synth;

import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Trace;
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
 * StochasticSignal}) are projected onto Z/N/E with the TauP incidence angle at the station (P:
 * cos i on Z, sin i radial; SV: cos j radial, sin j vertical) and the back-azimuth. This free
 * surface partition ignores the SV phase shifts beyond the critical angle.
 *
 * <p>Instruments ({@link Instruments}) are flat in their passband: counts = round(ground motion x
 * sensitivity), clipped to [-2^23, 2^23 - 1]. Accelerometer signals are the central-difference
 * time derivative of the velocity.
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
      SourceId[] hn) {}

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
      long key) {}

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
    return new Site(
        i,
        s,
        st.latitude(),
        st.longitude(),
        hh,
        hn,
        new StationNoise(s.noiseFraction(), rate),
        hhIds,
        hnIds);
  }

  private Site siteOf(SimulatedStation s) {
    Integer i = index.get(s.id());
    if (i != null && sites[i].station().equals(s)) {
      return sites[i];
    }
    // A station outside the network (or with other site terms): its own seed stream from its id.
    return foreign.computeIfAbsent(
        s.id() + "|" + s.hashCode(), k -> site((int) (Seeds.of(s.id()) & 0x3FFFFFFF) + (1 << 30), s));
  }

  private Source source(SyntheticEvent e) {
    CrustalModel.Layer layer = travelTimes.model().layerAt(e.origin().depthKm());
    double mw = e.magnitude();
    double fcS = BruneSource.cornerFrequencyHz(mw, e.stressDropMPa(), layer.vsKmS());
    double fcP = P_CORNER_RATIO * fcS;
    double durS = BruneSource.durationS(mw, e.stressDropMPa(), layer.vsKmS());
    double durP = Math.max(1 / fcP, durS > 1 / fcS ? durS : 0);
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
        Seeds.of(e.eventId()));
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
      for (int k = 0; k < 3; k++) {
        add(
            vel[k],
            site.noise().segment(
                StationNoise.Kind.VELOCITY, Seeds.mix(seed, site.index(), k), first, n));
        add(
            acc[k],
            site.noise().segment(
                StationNoise.Kind.ACCELERATION, Seeds.mix(seed, site.index(), 3 + k), first, n));
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

  /** True P and S arrival picks of the event at every station (channel id = the station's HHZ). */
  public List<Pick> truePicks(SyntheticEvent event) {
    List<Pick> picks = new ArrayList<>();
    long t0 = event.origin().timeMicros();
    for (Site s : sites) {
      Ray r = ray(event, s.latitude(), s.longitude());
      if (r == null) {
        continue;
      }
      picks.add(new Pick(s.hh()[0], "P", t0 + Math.round(r.tP() * 1e6)));
      picks.add(new Pick(s.hh()[0], "S", t0 + Math.round(r.tS() * 1e6)));
    }
    return picks;
  }

  /**
   * Fast path for datasets and the benchmark: every station's 3 HH components (Z, N, E) over a
   * window, in ground velocity (m/s) or counts. The signal is synthesised only as far as the window
   * needs, and noise is one FFT block per component seeded by (seed, station, event, window start).
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
                StochasticSignal.Workspace ws = workspace.get();
                ws.ensure(1, Fft.size(n));
                for (int k = 0; k < 3; k++) {
                  double[] noise = ws.c;
                  site.noise()
                      .window(
                          StationNoise.Kind.VELOCITY,
                          Seeds.mix(seed, site.index(), k, src.key(), windowStartMicros),
                          noise,
                          n,
                          ws.c);
                  add(v[k], noise);
                }
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

  /** {f^(1-eta), radiation-mix weight} at every bin of an n-point FFT. */
  private double[][] bins(int n) {
    return binTables.computeIfAbsent(
        n,
        key -> {
          double df = rate / n;
          double[] fPow = new double[n / 2 + 1];
          double[] mix = new double[n / 2 + 1];
          double lo = Math.log(RADIATION_MIX_LOW_HZ);
          double span = Math.log(RADIATION_MIX_HIGH_HZ) - lo;
          for (int k = 1; k <= n / 2; k++) {
            double f = k * df;
            fPow[k] = Math.pow(f, 1 - CrustalAttenuation.ETA);
            mix[k] = Math.max(0, Math.min(1, (Math.log(f) - lo) / span));
          }
          return new double[][] {fPow, mix};
        });
  }

  /**
   * Adds the event's ground velocity (m/s) at the site into {@code vel[Z,N,E][0..len)}, whose sample
   * 0 is at {@code startMicros}. With {@code truncate} the series stop where the output ends.
   */
  private void addSignal(
      Source src, Site site, long startMicros, double[][] vel, int len, boolean truncate, long seed) {
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
    FocalMechanism.Radiation rp = src.event().mechanism().radiation(ray.takeoffP(), ray.azimuthDeg());
    FocalMechanism.Radiation rs = src.event().mechanism().radiation(ray.takeoffS(), ray.azimuthDeg());
    double theta = Math.toRadians(ray.backAzimuthDeg() + 180);
    double cosT = Math.cos(theta);
    double sinT = Math.sin(theta);
    SimulatedStation st = site.station();
    double rEff = Math.hypot(ray.hypocentralKm(), src.saturationKm());
    double level =
        CALIBRATION
            * FREE_SURFACE
            * st.siteAmplification()
            * CrustalAttenuation.spreading(rEff)
            * src.m0();
    if (options.phases().hasP()) {
      long arrival = origin + Math.round(ray.tP() * 1e6);
      double dur = CrustalAttenuation.durationS(src.durationP(), ray.hypocentralKm());
      double c = level / (4 * Math.PI * src.rho() * Math.pow(src.alpha(), 3));
      double inc = Math.toRadians(ray.incidenceP());
      train(
          src, site, arrival, startMicros, len, truncate, dur, ray.tP(), src.fcP(), c,
          rp.p(), P_AVERAGE, 0, 0, Math.cos(inc), Math.sin(inc), 0, cosT, sinT, vel,
          Seeds.mix(seed, src.key(), site.index(), 1));
    }
    if (options.phases().hasS()) {
      long arrival = origin + Math.round(ray.tS() * 1e6);
      double dur = CrustalAttenuation.durationS(src.durationS(), ray.hypocentralKm());
      double c = level / (4 * Math.PI * src.rho() * Math.pow(src.beta(), 3));
      double inc = Math.toRadians(ray.incidenceS());
      train(
          src, site, arrival, startMicros, len, truncate, dur, ray.tS(), src.fcS(), c,
          rs.sv(), S_AVERAGE, rs.sh(), S_AVERAGE, -Math.sin(inc), Math.cos(inc), 1, cosT, sinT,
          vel, Seeds.mix(seed, src.key(), site.index(), 2));
    }
  }

  /**
   * One body-wave train: series "a" (P or SV; projected with zA on Z and rA radial) and, when
   * {@code tA} is 1, series "b" (SH, transverse).
   */
  private void train(
      Source src,
      Site site,
      long arrivalMicros,
      long startMicros,
      int len,
      boolean truncate,
      double durationS,
      double travelS,
      double fc,
      double c,
      double radA,
      double avgA,
      double radB,
      double avgB,
      double zA,
      double rA,
      double withB,
      double cosT,
      double sinT,
      double[][] vel,
      long seed) {
    long arr = Math.round((arrivalMicros - startMicros) * rate / 1e6);
    if (arr >= len) {
      return;
    }
    StochasticSignal.Workspace ws = workspace.get();
    int maxEnv = (int) Math.ceil(StochasticSignal.MAX_LENGTH_S * rate) + 1;
    ws.ensure(maxEnv, 16);
    int full = StochasticSignal.envelope(durationS, travelS, rate, ws.env);
    if (arr + full <= 0 || full == 0) {
      return;
    }
    int lead = (int) Math.ceil(rate * Math.min(10, Math.max(1, 1.5 / fc)));
    int used = truncate ? (int) Math.min(full, len - arr + lead) : full;
    int n = Fft.size(lead + used + lead);
    ws.ensure(maxEnv, n);
    boolean two = withB != 0;
    SplittableRandom rng = new SplittableRandom(seed);
    double ea = StochasticSignal.windowedNoise(ws.env, full, used, lead, n, ws.a, rng);
    double eb = two ? StochasticSignal.windowedNoise(ws.env, full, used, lead, n, ws.b, rng) : 1;
    Fft.plan(n).realForward(ws.a);
    if (two) {
      Fft.plan(n).realForward(ws.b);
    }
    double[][] tables = bins(n);
    double[] fPow = tables[0];
    double[] mix = tables[1];
    double df = rate / n;
    double kappa = site.station().kappaS();
    double tq = travelS / CrustalAttenuation.Q0;
    double scaleA = c * rate / Math.sqrt(ea);
    double scaleB = c * rate / Math.sqrt(eb);
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
      double spec =
          2 * Math.PI * f / (1 + x * x) * Math.exp(-Math.PI * (tq * fPow[k] + kappa * f));
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
