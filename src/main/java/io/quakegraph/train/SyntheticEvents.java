package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.SyntheticSampleSource;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationList;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.synth.NetworkConfiguration;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.SyntheticEvent;
import io.quakegraph.synth.SyntheticNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The synthetic event stream of one seed, by index: event {@code i} is the {@code i}-th sample
 * {@link SyntheticSampleSource} with the same network, spec, options and seed yields (same draw
 * batches of {@value SyntheticSampleSource#BATCH}, same {@code syn<seed>-<n>} names, which seed the
 * waveforms), but any index can be simulated without simulating the ones before it.
 */
public final class SyntheticEvents implements EventSupplier {
  private static final long SPAN_MICROS = 365L * 86_400_000_000L;

  private final SyntheticNetwork network;
  private final SyntheticSampleSource source;
  private final ScenarioCatalog catalog;
  private final ModelInputSpec spec;
  private final long seed;
  private final String description;
  private final Map<Long, List<SyntheticEvent>> batches = new java.util.LinkedHashMap<>();

  /**
   * @param network the simulated stations
   * @param spec conditioning of the samples
   * @param scenario how events are drawn
   * @param seed stream seed
   */
  public SyntheticEvents(
      SyntheticNetwork network, ModelInputSpec spec, ScenarioOptions scenario, long seed) {
    this.network = network;
    this.spec = spec;
    this.seed = seed;
    this.source = new SyntheticSampleSource(network, spec, scenario, seed, 0);
    this.catalog =
        new ScenarioCatalog(
            network.inventory(),
            TravelTimes.hadleyKanamori(),
            scenario.toBuilder().allowOverlap(true).build());
    this.description =
        "synthetic stream seed %d: %d-station network, Mw %.1f-%.1f (large-event share %.2f), %s%s"
            .formatted(
                seed,
                network.stations().size(),
                scenario.minMagnitude(),
                scenario.maxMagnitude(),
                scenario.largeEventShare(),
                spec.describe(),
                scenario.realism().isRealWorld() ? ", real-world simulator" : "");
  }

  /**
   * The network a config describes: the {@code network} stations with a broadband channel active on
   * {@code networkDate} in the station file (one entry per station id), with seeded site
   * properties.
   */
  public static SyntheticNetwork network(Path stationFile, String net, String date, long siteSeed)
      throws IOException {
    long at = Times.parse(date);
    List<Station> all = StationList.read(stationFile);
    List<Station> active = StationList.activeBroadband(all, net, at);
    Map<String, Station> unique = new TreeMap<>();
    for (Station s : active) {
      unique.putIfAbsent(s.id(), s);
    }
    if (unique.isEmpty()) {
      throw new IllegalArgumentException(
          "no " + net + " broadband stations active at " + date + " in " + stationFile);
    }
    return SyntheticNetwork.build(new ArrayList<>(unique.values()), at, siteSeed);
  }

  /** The conditioning spec a data config asks for (the model rate from the model spec). */
  public static ModelInputSpec inputSpec(TrainConfig.DataConfig data, double sampleRate) {
    return new ModelInputSpec(
        sampleRate,
        data.windowBeforeOriginS(),
        data.windowAfterOriginS(),
        data.conditioningPadS(),
        ModelInputSpec.DEFAULT.maxGapFillS());
  }

  /** Scenario options a data config asks for. */
  public static ScenarioOptions scenario(TrainConfig.DataConfig data) {
    ScenarioOptions d =
        ScenarioOptions.defaults().toBuilder()
            .minMagnitude(data.minMagnitude())
            .maxMagnitude(data.maxMagnitude())
            .build();
    return new ScenarioOptions(
        d.minMagnitude(),
        d.maxMagnitude(),
        d.bValue(),
        data.largeEventShare(),
        d.marginDeg(),
        d.minDepthKm(),
        d.maxDepthKm(),
        d.stressDropMedianMPa(),
        d.stressDropSigmaLn(),
        d.codaBaseSeconds(),
        d.codaSecondsPerMagnitude(),
        true,
        io.quakegraph.synth.Realism.parse(data.realism()));
  }

  public SyntheticNetwork network() {
    return network;
  }

  public ModelInputSpec spec() {
    return spec;
  }

  public long seed() {
    return seed;
  }

  /** The drawn (not yet simulated) event {@code index}. */
  public SyntheticEvent draw(long index) {
    long b = index / SyntheticSampleSource.BATCH;
    int i = (int) (index % SyntheticSampleSource.BATCH);
    List<SyntheticEvent> batch;
    synchronized (batches) {
      batch = batches.get(b);
      if (batch == null) {
        batch =
            catalog.generate(
                SyntheticSampleSource.DEFAULT_SPAN_START,
                SPAN_MICROS,
                SyntheticSampleSource.BATCH,
                mix(seed, b));
        batches.put(b, batch);
        if (batches.size() > 4) {
          batches.remove(batches.keySet().iterator().next());
        }
      }
    }
    SyntheticEvent d = batch.get(i);
    return new SyntheticEvent(
        "syn" + seed + "-" + (index + 1),
        d.origin(),
        d.magnitude(),
        d.stressDropMPa(),
        d.mechanism());
  }

  @Override
  public EventSample event(long index) {
    return source.simulate(draw(index));
  }

  @Override
  public String describe() {
    return description;
  }

  /**
   * A view of this set: the events that {@code keep} accepts, in set order, each recorded by the
   * network {@code recording} gives it (null: as the set records it). Event {@code i} of the view
   * is the i-th accepted event of the set with the same id and source; drawing is cheap and
   * simulating is not, so only the accepted events are simulated. This is how a set holds enough of
   * the rare large events, or one network geometry, to score them.
   *
   * @param what what the view keeps, for its description (e.g. "events of Mw >= 6.5")
   */
  public EventSupplier select(
      Predicate<SyntheticEvent> keep,
      Function<SyntheticEvent, NetworkConfiguration> recording,
      String what) {
    List<Long> kept = new ArrayList<>();
    return new EventSupplier() {
      @Override
      public EventSample event(long index) {
        SyntheticEvent e = draw(setIndex(index));
        return recording == null ? source.simulate(e) : source.simulate(e, recording.apply(e));
      }

      private long setIndex(long index) {
        synchronized (kept) {
          long next = kept.isEmpty() ? 0 : kept.get(kept.size() - 1) + 1;
          while (kept.size() <= index) {
            if (next - kept.size() > MAX_DRAWS_PER_KEPT * (kept.size() + 1)) {
              throw new IllegalArgumentException(
                  String.format(
                      Locale.ROOT,
                      "the set holds too few %s: %d in its first %d events",
                      what,
                      kept.size(),
                      next));
            }
            if (keep.test(draw(next))) {
              kept.add(next);
            }
            next++;
          }
          return kept.get((int) index);
        }
      }

      @Override
      public String describe() {
        return what + " of the " + description;
      }
    };
  }

  /** The events of this set with Mw at least {@code minMagnitude} ({@link #select}). */
  public EventSupplier atLeast(double minMagnitude) {
    return select(
        e -> e.magnitude() >= minMagnitude,
        null,
        String.format(Locale.ROOT, "events of Mw >= %.1f", minMagnitude));
  }

  /**
   * The events of this set with Mw at least {@code minMagnitude}, each recorded by the
   * accelerometers of its {@code k} nearest stations only, and only events inside the hull of those
   * stations ({@link #select}): a sparse strong-motion network around the earthquake.
   */
  public EventSupplier strongMotionNearest(int k, double minMagnitude) {
    return select(
        e ->
            e.magnitude() >= minMagnitude
                && NetworkConfiguration.strongMotionNearest(network, e, k).surrounds(network, e),
        e -> NetworkConfiguration.strongMotionNearest(network, e, k),
        (minMagnitude > 0
                ? String.format(Locale.ROOT, "events of Mw >= %.1f", minMagnitude)
                : "events")
            + String.format(
                Locale.ROOT,
                " inside the hull of their %d nearest stations, recorded by those stations'"
                    + " accelerometers only,",
                k));
  }

  /** Draws per kept event after which a magnitude filter gives up (a set without such events). */
  private static final int MAX_DRAWS_PER_KEPT = 10_000;

  /** SplitMix64 finaliser, the same as {@link SyntheticSampleSource}'s batch seeds. */
  static long mix(long seed, long k) {
    long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
