package io.quakegraph.dataset;

import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.synth.NetworkConfiguration;
import io.quakegraph.synth.NetworkSimulator;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.SimulatedStation;
import io.quakegraph.synth.SimulationOptions;
import io.quakegraph.synth.SyntheticEvent;
import io.quakegraph.synth.SyntheticNetwork;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Event samples simulated on the fly, with no file: the training stream for the synthetic network.
 *
 * <p>Events are drawn by {@link ScenarioCatalog} (epicentres in and around the network, depth,
 * Gutenberg-Richter magnitudes with the large ones over-sampled, as set by {@link ScenarioOptions})
 * in batches of {@value #BATCH} with overlapping origin times allowed (each sample is simulated on
 * its own, so events never interfere). Batch {@code b} is drawn with seed {@code mix(seed, b)}, and
 * events are renamed {@code syn<seed>-<n>}: the event id seeds the simulator's waveforms, so two
 * different seeds never yield the same event, and one seed always yields the same stream.
 *
 * <p>Each event is simulated with {@link NetworkSimulator#eventWindow} in raw counts (three HH
 * components per station; with the real-world simulator the stations and sensors of a {@link
 * NetworkConfiguration} drawn for the event) over the window plus the conditioning pad, and goes
 * through the same {@link StationWindowCutter} as archive data: counts to velocity with the station
 * metadata, resampling to the model rate, the model grid. Labels are the true origin and Mw; first
 * arrivals are the simulator's true P and S times ({@link NetworkSimulator#truePicks}).
 */
public final class SyntheticSampleSource implements SampleSource {
  /** Events drawn per catalogue batch. */
  public static final int BATCH = 64;

  /** Default start of the span origin times are drawn from: 2020-01-01. */
  public static final long DEFAULT_SPAN_START = Times.parse("2020-01-01T00:00:00Z");

  private static final long SPAN_MICROS = 365L * 86_400_000_000L;

  private final SyntheticNetwork network;
  private final NetworkSimulator simulator;
  private final ScenarioCatalog catalog;
  private final StationWindowCutter cutter;
  private final Map<String, Station> stations = new TreeMap<>();
  private final long seed;
  private final long count;
  private final long spanStart;
  private final boolean realWorld;
  private final Deque<SyntheticEvent> pending = new ArrayDeque<>();
  private long produced;
  private long batch;
  private boolean closed;

  /**
   * @param network the simulated stations (their inventory is the metadata used for conditioning)
   * @param spec the model input
   * @param scenario how events are drawn (magnitude range, depths, margin)
   * @param seed stream seed
   * @param count events to produce; {@code <= 0} for an endless stream
   */
  public SyntheticSampleSource(
      SyntheticNetwork network,
      ModelInputSpec spec,
      ScenarioOptions scenario,
      long seed,
      long count) {
    this(network, spec, scenario, seed, count, DEFAULT_SPAN_START);
  }

  /**
   * As above, with origin times drawn from {@code [spanStartMicros, +365 days)}: the network's
   * channel epochs must cover that span.
   */
  public SyntheticSampleSource(
      SyntheticNetwork network,
      ModelInputSpec spec,
      ScenarioOptions scenario,
      long seed,
      long count,
      long spanStartMicros) {
    this.network = network;
    TravelTimes tt = TravelTimes.hadleyKanamori();
    // The scenario's realism is the simulator's: one switch for events and records.
    this.simulator =
        new NetworkSimulator(
            network,
            tt,
            SimulationOptions.defaults().toBuilder().realism(scenario.realism()).build());
    this.catalog =
        new ScenarioCatalog(
            network.inventory(), tt, scenario.toBuilder().allowOverlap(true).build());
    this.cutter = new StationWindowCutter(spec);
    this.seed = seed;
    this.count = count;
    this.spanStart = spanStartMicros;
    this.realWorld = scenario.realism().isRealWorld();
    for (SimulatedStation s : network.stations()) {
      stations.put(s.id(), s.station());
    }
  }

  /** The simulator (for its true picks and options). */
  public NetworkSimulator simulator() {
    return simulator;
  }

  @Override
  public OptionalLong count() {
    return count > 0 ? OptionalLong.of(count) : OptionalLong.empty();
  }

  @Override
  public Optional<EventSample> next() {
    if (closed || (count > 0 && produced >= count)) {
      return Optional.empty();
    }
    if (pending.isEmpty()) {
      drawBatch();
    }
    SyntheticEvent e = pending.removeFirst();
    produced++;
    return Optional.of(simulate(e));
  }

  private void drawBatch() {
    List<SyntheticEvent> drawn = catalog.generate(spanStart, SPAN_MICROS, BATCH, mix(seed, batch));
    // generate() sorts by origin time; the stream order stays that of the draw, by time.
    for (SyntheticEvent d : drawn) {
      long n = batch * BATCH + pending.size() + 1;
      pending.add(
          new SyntheticEvent(
              "syn" + seed + "-" + n, d.origin(), d.magnitude(), d.stressDropMPa(), d.mechanism()));
    }
    batch++;
  }

  /** Simulates and conditions one event: the sample a trainer sees. */
  public EventSample simulate(SyntheticEvent e) {
    // The real world records each event with its own network: sparse, strong-motion only or
    // mixed sensors, broadbands with their accelerometers (the configuration is seeded by the
    // event, so a sample is the same whoever simulates it).
    return simulate(
        e,
        realWorld
            ? NetworkConfiguration.draw(network, e, mix(seed, e.eventId().hashCode()))
            : null);
  }

  /**
   * Simulates and conditions one event as recorded by the stations and sensors of {@code config}
   * (null: every station's broadband, the ideal simulator's network).
   */
  public EventSample simulate(SyntheticEvent e, NetworkConfiguration config) {
    long windowStart = cutter.spec().windowStart(e.origin().timeMicros());
    long dataStart = cutter.dataStart(windowStart);
    double seconds = (cutter.dataEnd(windowStart) - dataStart) / 1e6;
    Map<SourceId, Trace> counts =
        config == null
            ? simulator.eventWindow(e, dataStart, seconds, NetworkSimulator.Units.COUNTS, seed)
            : simulator.eventWindow(
                e, dataStart, seconds, NetworkSimulator.Units.COUNTS, seed, config);
    Map<String, Station> metadata = stations;
    if (config != null) {
      metadata = new TreeMap<>();
      for (SimulatedStation s : network.stations()) {
        if (config.sensors().containsKey(s.id())) {
          metadata.put(s.id(), config.station(s));
        }
      }
    }
    Map<String, Station> meta = metadata;
    Map<String, Map<SourceId, List<Trace>>> byStation = new TreeMap<>();
    counts.forEach(
        (id, tr) ->
            byStation
                .computeIfAbsent(
                    id.stationId(), k -> new TreeMap<>(Comparator.comparing(SourceId::toString)))
                .put(id, List.of(tr)));
    List<Pick> picks = simulator.truePicks(e);
    Map<String, Long> firstP = new HashMap<>();
    Map<String, Long> firstS = new HashMap<>();
    for (Pick p : picks) {
      Map<String, Long> m = p.phase().startsWith("P") ? firstP : firstS;
      m.merge(p.channel().stationId(), p.timeMicros(), Math::min);
    }
    List<String> ids = new ArrayList<>(byStation.keySet());
    List<StationWindowCutter.Outcome> outcomes =
        ids.parallelStream()
            .map(id -> cutter.cut(meta.get(id), byStation.get(id), windowStart))
            .toList();
    List<StationWaveform> waves = new ArrayList<>();
    List<Double> p = new ArrayList<>();
    List<Double> s = new ArrayList<>();
    for (StationWindowCutter.Outcome o : outcomes) {
      if (o instanceof StationWindowCutter.Cut cut) {
        StationWaveform w = cut.waveform();
        waves.add(w);
        p.add(offset(firstP.get(w.stationId()), windowStart));
        s.add(offset(firstS.get(w.stationId()), windowStart));
      }
    }
    Earthquake truth = new Earthquake(e.eventId(), e.origin(), e.magnitude(), "Mw", picks);
    String provenance =
        "synthetic: seed %d, event %s, Mw %.2f, stress drop %.2f MPa, %s, %s"
            .formatted(
                seed,
                e.eventId(),
                e.magnitude(),
                e.stressDropMPa(),
                config == null
                    ? network.stations().size() + "-station network"
                    : "real-world simulator, " + config,
                cutter.spec().describe());
    return new EventSample(
        e.eventId(),
        truth,
        windowStart,
        cutter.spec().sampleRate(),
        waves,
        p.stream().mapToDouble(Double::doubleValue).toArray(),
        s.stream().mapToDouble(Double::doubleValue).toArray(),
        provenance);
  }

  private static double offset(Long micros, long windowStart) {
    return micros == null ? Double.NaN : (micros - windowStart) / 1e6;
  }

  /** SplitMix64 finaliser of {@code seed} and {@code k}: independent seeds for each batch. */
  static long mix(long seed, long k) {
    long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public void close() {
    closed = true;
    pending.clear();
  }
}
