package io.quakegraph.train;

import io.quakegraph.dataset.DatasetBuilder;
import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.SkipTally;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue events of a real archive (miniSEED + StationXML + catalogue), cut as the dataset
 * builder cuts them, for evaluation on real recordings.
 *
 * <p>Real events rarely come with picks at every station, yet evaluation times are measured from
 * the first P at any station: a station without a catalogue P gets the P time predicted from the
 * catalogue hypocentre in the Hadley-Kanamori 1-D model. Such times are a reference clock, not
 * observations, which is why the oracle (fed true onsets) is not run on real archives.
 */
public final class ArchiveEventSupplier implements EventSupplier {
  private final List<EventSample> events;
  private final String description;
  private final SkipTally skips;

  private ArchiveEventSupplier(List<EventSample> events, String description, SkipTally skips) {
    this.events = events;
    this.description = description;
    this.skips = skips;
  }

  /**
   * Cuts every catalogue event with at least {@code minStations} stations of usable data.
   *
   * @throws IllegalArgumentException when no event has enough stations (the message says why)
   */
  public static ArchiveEventSupplier load(
      Path archive, Path inventory, Path catalog, ModelInputSpec spec, int minStations)
      throws IOException {
    SkipTally skips = new SkipTally();
    List<EventSample> all = DatasetBuilder.samples(archive, catalog, inventory, spec, skips);
    List<EventSample> kept = new ArrayList<>();
    List<String> tooFew = new ArrayList<>();
    for (EventSample s : all) {
      if (s.stations().size() >= minStations) {
        kept.add(withReferenceP(s));
      } else {
        tooFew.add(s.eventId() + " (" + s.stations().size() + ")");
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: no catalogue event of %s has usable data at %d or more stations%s; skipped: %s",
              archive,
              catalog,
              minStations,
              tooFew.isEmpty() ? "" : " (stations per event: " + String.join(", ", tooFew) + ")",
              skips.total() == 0 ? "nothing" : skips.describe()));
    }
    String d =
        String.format(
            "Real recordings: %d event(s) of %s with waveforms in %s and metadata in %s (%d"
                + " with fewer than %d stations left out)",
            kept.size(), catalog, archive, inventory, tooFew.size(), minStations);
    return new ArchiveEventSupplier(List.copyOf(kept), d, skips);
  }

  private static EventSample withReferenceP(EventSample s) {
    TravelTimes tt = TravelTimes.hadleyKanamori();
    var o = s.truth().origin();
    double originS = (o.timeMicros() - s.windowStartMicros()) / 1e6;
    double depth = Math.max(0, Math.min(TravelTimes.MAX_DEPTH_KM, o.depthKm()));
    double[] p = s.firstP().clone();
    for (int i = 0; i < p.length; i++) {
      if (!Double.isFinite(p[i])) {
        StationWaveform w = s.stations().get(i);
        double km = Geodesy.epicentralKm(o.latitude(), o.longitude(), w.latitude(), w.longitude());
        p[i] = originS + tt.pSeconds(Math.min(km, TravelTimes.MAX_DISTANCE_KM), depth);
      }
    }
    return new EventSample(
        s.eventId(),
        s.truth(),
        s.windowStartMicros(),
        s.sampleRate(),
        s.stations(),
        p,
        s.firstS(),
        s.provenance());
  }

  public long count() {
    return events.size();
  }

  /** What was skipped while reading the archive (unknown stations, unreadable records, ...). */
  public SkipTally skips() {
    return skips;
  }

  @Override
  public EventSample event(long index) {
    return events.get((int) index);
  }

  @Override
  public String describe() {
    return description;
  }
}
