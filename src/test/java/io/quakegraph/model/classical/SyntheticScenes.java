package io.quakegraph.model.classical;

import io.quakegraph.SharedData;
import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.SyntheticSampleSource;
import io.quakegraph.seismic.LocalMagnitude;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationList;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.TravelTimes;
import io.quakegraph.synth.ScenarioCatalog;
import io.quakegraph.synth.ScenarioOptions;
import io.quakegraph.synth.SyntheticEvent;
import io.quakegraph.synth.SyntheticNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Simulated events on the real SCSN broadband layout for the classical tests: events drawn by the
 * scenario catalogue over the CI network, each simulated at its nearest stations only (cheap).
 */
final class SyntheticScenes {
  static final long NETWORK_DATE = Times.parse("2019-06-01T00:00:00Z");
  static final ModelInputSpec SPEC = ModelInputSpec.DEFAULT;
  private static List<Station> network;

  private SyntheticScenes() {}

  /** The CI broadband stations active on 2019-06-01 (one entry per station id). */
  static synchronized List<Station> network() {
    if (network == null) {
      try {
        List<Station> all = StationList.read(SharedData.path("stations/scedc_channel_epochs.txt"));
        Map<String, Station> unique = new TreeMap<>();
        for (Station s : StationList.activeBroadband(all, "CI", NETWORK_DATE)) {
          unique.putIfAbsent(s.id(), s);
        }
        network = List.copyOf(unique.values());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return network;
  }

  /** {@code count} events of Mw in [minM, maxM], each simulated at its {@code nearest} stations. */
  static List<EventSample> events(long seed, int count, double minM, double maxM, int nearest) {
    ScenarioOptions scenario =
        ScenarioOptions.defaults().toBuilder().minMagnitude(minM).maxMagnitude(maxM).build();
    ScenarioCatalog catalog =
        new ScenarioCatalog(network(), TravelTimes.hadleyKanamori(), scenario);
    List<SyntheticEvent> drawn =
        catalog.generate(
            SyntheticSampleSource.DEFAULT_SPAN_START, 30L * 86_400_000_000L, count, seed);
    List<EventSample> out = new ArrayList<>();
    for (SyntheticEvent e : drawn) {
      out.add(simulate(e, nearest, seed, scenario));
    }
    return out;
  }

  static EventSample simulate(SyntheticEvent e, int nearest, long seed, ScenarioOptions scenario) {
    List<Station> sites = new ArrayList<>(network());
    double lat = e.origin().latitude();
    double lon = e.origin().longitude();
    sites.sort(
        Comparator.comparingDouble(
            s ->
                LocalMagnitude.hypocentralDistanceKm(lat, lon, 0, s.latitude(), s.longitude(), 0)));
    List<Station> near = sites.subList(0, Math.min(nearest, sites.size()));
    SyntheticNetwork net = SyntheticNetwork.build(near, NETWORK_DATE, seed);
    try (SyntheticSampleSource src = new SyntheticSampleSource(net, SPEC, scenario, seed, 1)) {
      return src.simulate(e);
    }
  }

  /** Epicentral distance, km. */
  static double epicentralKm(double lat1, double lon1, double lat2, double lon2) {
    return LocalMagnitude.hypocentralDistanceKm(lat1, lon1, 0, lat2, lon2, 0);
  }
}
