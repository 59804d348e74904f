package io.quakegraph.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.seismic.CatalogReadResult;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Trace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an HDF5 event dataset from a miniSEED archive, a catalogue and StationXML: every catalogue
 * event becomes one sample with a window at every station that has data and metadata.
 *
 * <p>The archive may be an SCEDC-style tree of day files or any folder of miniSEED files ({@link
 * WaveformArchive}); the catalogue QuakeML, ComCat CSV/GeoJSON or SCSN ({@link CatalogFiles}); the
 * inventory every {@code *.xml} below a folder. Each station window goes through {@link
 * StationWindowCutter}. First P and S arrivals come from the catalogue's picks (earliest P-type and
 * S-type pick per station), NaN where the catalogue has none.
 *
 * <p>Stations without metadata, channels that cannot be converted, unreadable files, catalogue rows
 * that cannot be parsed and events without any station data are skipped with a logged reason and
 * counted; the counts go into the dataset's provenance and the returned summary.
 */
public final class DatasetBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetBuilder.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Identifies this builder in provenance; bump when the output of a build changes. */
  public static final String BUILDER_VERSION = "quakegraph-dataset-builder/1";

  private final long shardBytes;
  private final int deflateLevel;
  private final String commandLine;

  /** What a build produced. */
  public record Summary(
      List<Path> files,
      int eventsInCatalog,
      int eventsWritten,
      long stationWindows,
      long bytesWritten,
      long miniSeedBytesRead,
      long miniSeedBytesUsed,
      Map<String, Integer> skipped,
      String skippedDescription,
      double seconds) {

    public Summary {
      files = List.copyOf(files);
      skipped = Map.copyOf(skipped);
    }

    /** A short multi-line report for the command line. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "events: %d written of %d in the catalogue%n"
              + "station windows: %d%n"
              + "output: %s (%,d bytes)%n"
              + "miniSEED read: %,d bytes (%,d bytes in windows) in %.1f s%n"
              + "skipped:%n%s",
          eventsWritten,
          eventsInCatalog,
          stationWindows,
          files.size() == 1
              ? files.get(0)
              : files.size() + " files, main " + files.get(files.size() - 1),
          bytesWritten,
          miniSeedBytesRead,
          miniSeedBytesUsed,
          seconds,
          skippedDescription.indent(2).stripTrailing());
    }
  }

  /** A builder with the default shard size and deflate level and no recorded command line. */
  public DatasetBuilder() {
    this(EventDatasetWriter.DEFAULT_SHARD_BYTES, EventDatasetWriter.DEFAULT_DEFLATE_LEVEL, "");
  }

  /**
   * @param shardBytes samples per HDF5 file before a part file is started
   * @param deflateLevel waveform compression, 0 (none) to 9
   * @param commandLine the command that ran the build, recorded in provenance
   */
  public DatasetBuilder(long shardBytes, int deflateLevel, String commandLine) {
    this.shardBytes = shardBytes;
    this.deflateLevel = deflateLevel;
    this.commandLine = commandLine == null ? "" : commandLine;
  }

  /**
   * Builds the dataset.
   *
   * @param archive folder of miniSEED files (SCEDC layout or any names)
   * @param catalog QuakeML, ComCat CSV, ComCat GeoJSON or SCSN catalogue file
   * @param inventoryDir folder whose {@code *.xml} files are the StationXML
   * @param out the HDF5 file to write
   * @param spec the model input
   * @param progress where progress lines go (null for none)
   * @throws IOException when an input cannot be read at all or the output cannot be written
   */
  public Summary build(
      Path archive,
      Path catalog,
      Path inventoryDir,
      Path out,
      ModelInputSpec spec,
      PrintStream progress)
      throws IOException {
    long t0 = System.nanoTime();
    SkipTally skips = new SkipTally();
    Sources src = Sources.load(archive, catalog, inventoryDir, skips);
    CatalogFiles.Format format = src.format();
    List<Earthquake> events = src.events();
    WaveformArchive waveforms = src.waveforms();
    List<Station> stations = src.stations();
    if (progress != null) {
      progress.printf(
          Locale.ROOT,
          "dataset: %d events (%s), %d stations with data and metadata, %d archive files%n",
          events.size(),
          format,
          stations.size(),
          waveforms.files().size());
    }

    StationWindowCutter cutter = new StationWindowCutter(spec);
    ProgressMeter meter = new ProgressMeter(progress, events.size(), 5.0);
    EventDatasetWriter.Result result;
    int done = 0;
    int written = 0;
    long windows = 0;
    try (EventDatasetWriter writer = new EventDatasetWriter(out, spec, shardBytes, deflateLevel)) {
      writer.putProvenance("source_archive", archive.toString());
      writer.putProvenance("catalog", catalog.toString());
      writer.putProvenance("catalog_format", format.name());
      writer.putProvenance("inventory", inventoryDir.toString());
      writer.putProvenance("builder_version", BUILDER_VERSION);
      writer.putProvenance("command_line", commandLine);
      writer.putProvenance("creation_parameters", spec.describe());
      String eventProvenance =
          "catalogue " + catalog + "; waveforms " + archive + "; metadata " + inventoryDir;
      for (Earthquake eq : events) {
        Optional<EventSample> sample =
            sample(eq, stations, waveforms, cutter, skips, eventProvenance);
        if (sample.isPresent()) {
          writer.add(sample.get());
          written++;
          windows += sample.get().stations().size();
        }
        done++;
        meter.update(done, "%d station windows".formatted(windows));
      }
      writer.putProvenance("events_in_catalog", (long) events.size());
      writer.putProvenance("events_written", (long) written);
      writer.putProvenance("station_windows", windows);
      writer.putProvenance("skipped_total", (long) skips.total());
      writer.putProvenance("skipped", json(skips.counts()));
      writer.putProvenance("archive_files_indexed", (long) waveforms.files().size());
      result = writer.finish();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Summary summary =
        new Summary(
            result.files(),
            events.size(),
            result.events(),
            result.stationWindows(),
            result.bytes(),
            waveforms.bytesRead(),
            waveforms.recordBytesUsed(),
            skips.counts(),
            skips.describe(),
            seconds);
    LOG.info("dataset build done: {} events, {} station windows", result.events(), windows);
    return summary;
  }

  /**
   * Every catalogue event's sample, in memory (for evaluation on a real archive); events without
   * usable station data are counted in {@code skips}, not returned.
   *
   * @throws IOException when the inventory holds no station or an input cannot be read at all
   */
  public static List<EventSample> samples(
      Path archive, Path catalog, Path inventoryDir, ModelInputSpec spec, SkipTally skips)
      throws IOException {
    Sources src = Sources.load(archive, catalog, inventoryDir, skips);
    List<Earthquake> events = src.events();
    WaveformArchive waveforms = src.waveforms();
    List<Station> stations = src.stations();
    StationWindowCutter cutter = new StationWindowCutter(spec);
    String provenance =
        "catalogue " + catalog + "; waveforms " + archive + "; metadata " + inventoryDir;
    List<EventSample> out = new ArrayList<>();
    for (Earthquake eq : events) {
      sample(eq, stations, waveforms, cutter, skips, provenance).ifPresent(out::add);
    }
    return out;
  }

  /** The catalogue's events in time order, the archive's index and its stations with metadata. */
  private record Sources(
      CatalogFiles.Format format,
      List<Earthquake> events,
      WaveformArchive waveforms,
      List<Station> stations) {

    static Sources load(Path archive, Path catalog, Path inventoryDir, SkipTally skips)
        throws IOException {
      Inventory inventory = StationXml.readDirectory(inventoryDir);
      if (inventory.size() == 0) {
        throw new IOException(inventoryDir + ": no StationXML station found (no *.xml files?)");
      }
      CatalogFiles.Format format = CatalogFiles.detect(catalog);
      CatalogReadResult read = CatalogFiles.read(catalog);
      for (String problem : read.problems()) {
        skips.skip("catalogue entry unreadable", problem);
      }
      List<Earthquake> events = new ArrayList<>(read.events());
      // Time order keeps consecutive events on the same day files (the archive's cache and
      // record search work best that way); the id breaks ties so the order is fully determined.
      events.sort(
          Comparator.comparingLong((Earthquake e) -> e.origin().timeMicros())
              .thenComparing(Earthquake::eventId));
      WaveformArchive waveforms = WaveformArchive.index(archive, skips);
      List<Station> stations = new ArrayList<>();
      for (String id : waveforms.stationIds()) {
        Optional<Station> s = inventory.station(id);
        if (s.isPresent()) {
          stations.add(s.get());
        } else {
          skips.skip(
              "station not in inventory", id + " has data in " + archive + " but no StationXML");
        }
      }
      return new Sources(format, events, waveforms, stations);
    }
  }

  private static final String NO_STATION_DATA = "event without station data";

  /** One event's sample, or empty (counted) when no station has data for it. */
  private static Optional<EventSample> sample(
      Earthquake eq,
      List<Station> stations,
      WaveformArchive archive,
      StationWindowCutter cutter,
      SkipTally skips,
      String provenance) {
    long windowStart = cutter.spec().windowStart(eq.origin().timeMicros());
    long from = cutter.dataStart(windowStart);
    long to = cutter.dataEnd(windowStart);
    List<StationWindowCutter.Outcome> outcomes =
        stations.parallelStream()
            .map(
                s -> {
                  Map<SourceId, List<Trace>> segs = archive.segments(s.id(), from, to);
                  if (segs.isEmpty()) {
                    return null; // no file covers the window: the normal case in a big archive
                  }
                  return cutter.cut(s, segs, windowStart);
                })
            .toList();
    Map<String, Long> firstP = new HashMap<>();
    Map<String, Long> firstS = new HashMap<>();
    for (Pick p : eq.picks()) {
      String phase = p.phase().toUpperCase(Locale.ROOT);
      if (phase.startsWith("P")) {
        firstP.merge(p.channel().stationId(), p.timeMicros(), Math::min);
      } else if (phase.startsWith("S")) {
        firstS.merge(p.channel().stationId(), p.timeMicros(), Math::min);
      }
    }
    List<StationWaveform> waves = new ArrayList<>();
    List<Double> pOffsets = new ArrayList<>();
    List<Double> sOffsets = new ArrayList<>();
    for (StationWindowCutter.Outcome o : outcomes) {
      if (o instanceof StationWindowCutter.Cut cut) {
        StationWaveform w = cut.waveform();
        waves.add(w);
        pOffsets.add(offset(firstP.get(w.stationId()), windowStart));
        sOffsets.add(offset(firstS.get(w.stationId()), windowStart));
        if (!cut.notes().isEmpty()) {
          LOG.info("{} at {}: {}", eq.eventId(), w.stationId(), cut.notes());
        }
      } else if (o instanceof StationWindowCutter.Skipped s) {
        skips.skip(s.reason(), eq.eventId() + " " + s.detail());
      }
    }
    if (waves.isEmpty()) {
      skips.skip(NO_STATION_DATA, eq.eventId() + ": no station has usable data in the window");
      return Optional.empty();
    }
    return Optional.of(
        new EventSample(
            eq.eventId(),
            eq,
            windowStart,
            cutter.spec().sampleRate(),
            waves,
            pOffsets.stream().mapToDouble(Double::doubleValue).toArray(),
            sOffsets.stream().mapToDouble(Double::doubleValue).toArray(),
            provenance));
  }

  private static double offset(Long micros, long windowStart) {
    return micros == null ? Double.NaN : (micros - windowStart) / 1e6;
  }

  private static String json(Map<String, Integer> counts) {
    try {
      return JSON.writeValueAsString(counts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise skip counts", e);
    }
  }
}
