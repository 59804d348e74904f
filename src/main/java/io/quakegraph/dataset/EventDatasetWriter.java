package io.quakegraph.dataset;

import static io.quakegraph.dataset.DatasetLayout.*;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes event samples to HDF5 files in the layout of {@code docs/DATASET.md}.
 *
 * <p>jhdf 0.13 keeps every dataset in memory until the file is closed and cannot append to a file
 * once written. So samples are written in shards: when the samples held reach {@code shardBytes},
 * they are written to a part file {@code <name>-part0001.h5} (then 0002, ...), each a complete,
 * self-contained dataset file with its own station table. The file named by the caller is written
 * last; it holds the remaining samples, the final provenance (totals, skips) and, in the root
 * attribute {@code shards}, the names of the part files in order. A build that fits one shard
 * writes exactly one file. Every file is written under a temporary name and renamed when complete,
 * so a crash never leaves a truncated file under the final name.
 *
 * <p>Waveforms are stored as float32 chunked one station per chunk, with byte shuffle and deflate
 * when {@code deflateLevel > 0}; the observed masks are uint8, always deflated (they are mostly long
 * runs of ones). Nothing time-dependent (wall clock, host) is written, so the same inputs give the
 * same bytes.
 */
public final class EventDatasetWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventDatasetWriter.class);

  /** 512 MiB of samples per file: comfortable in a default JVM heap on a 4 GB machine. */
  public static final long DEFAULT_SHARD_BYTES = 512L << 20;

  /** Deflate level used by default: level 1 gets most of the gain at a fraction of the cost. */
  public static final int DEFAULT_DEFLATE_LEVEL = 1;

  private final Path out;
  private final ModelInputSpec spec;
  private final long shardBytes;
  private final int deflateLevel;
  private final Map<String, Object> provenance = new LinkedHashMap<>();
  private final List<Path> parts = new ArrayList<>();

  private Shard shard;
  private int eventsWritten;
  private long stationWindows;
  private boolean closed;

  /** Summary of what was written. */
  public record Result(List<Path> files, int events, long stationWindows, long bytes) {
    public Result {
      files = List.copyOf(files);
    }
  }

  /**
   * @param out the dataset file (the main file when sharded)
   * @param spec the model input every sample must follow
   * @param shardBytes samples held in memory before a part file is written
   * @param deflateLevel 0 (no compression of waveforms) to 9
   */
  public EventDatasetWriter(Path out, ModelInputSpec spec, long shardBytes, int deflateLevel) {
    if (deflateLevel < 0 || deflateLevel > 9) {
      throw new IllegalArgumentException("deflate level must be 0-9: " + deflateLevel);
    }
    if (shardBytes <= 0) {
      throw new IllegalArgumentException("shard size must be positive: " + shardBytes);
    }
    this.out = out.toAbsolutePath();
    this.spec = spec;
    this.shardBytes = shardBytes;
    this.deflateLevel = deflateLevel;
  }

  /** A writer with {@link #DEFAULT_SHARD_BYTES} and {@link #DEFAULT_DEFLATE_LEVEL}. */
  public EventDatasetWriter(Path out, ModelInputSpec spec) {
    this(out, spec, DEFAULT_SHARD_BYTES, DEFAULT_DEFLATE_LEVEL);
  }

  /**
   * Sets a root provenance attribute (a String, Long, Integer, Double or String[]). Part files get
   * the attributes set before they are written; the main file gets all of them.
   */
  public void putProvenance(String key, Object value) {
    if (!(value instanceof String
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Double
        || value instanceof String[])) {
      throw new IllegalArgumentException("unsupported provenance value for " + key + ": " + value);
    }
    provenance.put(key, value);
  }

  /**
   * Adds one sample.
   *
   * @throws IllegalArgumentException when the sample does not follow the writer's spec or has no
   *     stations (jhdf cannot write empty datasets; the caller counts such events as skipped)
   */
  public void add(EventSample sample) throws IOException {
    if (closed) {
      throw new IllegalStateException("writer of " + out + " is closed");
    }
    if (sample.stations().isEmpty()) {
      throw new IllegalArgumentException(sample.eventId() + ": no stations to write");
    }
    if (Math.abs(sample.sampleRate() - spec.sampleRate()) > 1e-9 * spec.sampleRate()
        || sample.samples() != spec.samples()) {
      throw new IllegalArgumentException(
          "%s: %d samples at %s Hz, but the dataset holds %d at %s Hz"
              .formatted(
                  sample.eventId(),
                  sample.samples(),
                  sample.sampleRate(),
                  spec.samples(),
                  spec.sampleRate()));
    }
    if (shard == null) {
      shard = new Shard(partPath(parts.size() + 1));
    }
    shard.add(sample);
    eventsWritten++;
    stationWindows += sample.stations().size();
    if (shard.bytes >= shardBytes) {
      shard.write(parts.size() + 1, List.of());
      parts.add(shard.file);
      shard = null;
    }
  }

  /** Writes the main file and returns what was written. */
  @Override
  public void close() throws IOException {
    finish();
  }

  /** Writes the main file (once) and returns the summary. */
  public Result finish() throws IOException {
    if (!closed) {
      closed = true;
      Shard last = shard != null ? shard : new Shard(out);
      last.file = out;
      last.write(0, parts.stream().map(p -> p.getFileName().toString()).toList());
    }
    List<Path> files = new ArrayList<>(parts);
    files.add(out);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    return new Result(files, eventsWritten, stationWindows, bytes);
  }

  private Path partPath(int index) {
    String name = out.getFileName().toString();
    String stem = name.endsWith(".h5") ? name.substring(0, name.length() - 3) : name;
    return out.resolveSibling("%s-part%04d.h5".formatted(stem, index));
  }

  /** The samples of one file, held until it is written. */
  private final class Shard {
    Path file;
    final List<EventSample> samples = new ArrayList<>();
    long bytes;

    Shard(Path file) {
      this.file = file;
    }

    void add(EventSample s) {
      samples.add(s);
      bytes += (long) s.stations().size() * 3 * s.samples() * (Float.BYTES + 1) + 256;
    }

    void write(int shardIndex, List<String> shardNames) throws IOException {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (WritableHdfFile h5 = HdfFile.write(tmp)) {
        writeRoot(h5, shardIndex, shardNames);
        Map<String, Integer> stationIndex = new LinkedHashMap<>();
        List<StationWaveform> table = new ArrayList<>();
        List<String> groupNames = new ArrayList<>();
        Set<String> used = new HashSet<>();
        WritableGroup events = h5.putGroup(EVENTS);
        for (EventSample s : samples) {
          String name = groupName(s.eventId(), used);
          groupNames.add(name);
          writeEvent(events.putGroup(name), s, stationIndex, table);
        }
        // jhdf cannot write zero-length datasets; an empty file has neither (readers treat a
        // missing event list as no events).
        if (!groupNames.isEmpty()) {
          h5.putDataset(EVENT_GROUPS, groupNames.toArray(String[]::new));
          writeStations(h5.putGroup(STATIONS), table);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (RuntimeException e) {
        throw new IOException("cannot write HDF5 file " + file + ": " + e.getMessage(), e);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("wrote {} events to {}", samples.size(), file);
      samples.clear();
    }
  }

  private void writeRoot(WritableHdfFile h5, int shardIndex, List<String> shardNames) {
    h5.putAttribute(FORMAT, FORMAT_NAME);
    h5.putAttribute(VERSION, FORMAT_VERSION);
    h5.putAttribute(SAMPLE_RATE, spec.sampleRate());
    h5.putAttribute(BEFORE, spec.windowBeforeOriginS());
    h5.putAttribute(AFTER, spec.windowAfterOriginS());
    h5.putAttribute(PAD, spec.conditioningPadS());
    h5.putAttribute(MAX_GAP_FILL, spec.maxGapFillS());
    h5.putAttribute(SAMPLES, spec.samples());
    h5.putAttribute(COMPONENTS, new String[] {"Z", "N", "E"});
    h5.putAttribute(UNITS, "m/s");
    h5.putAttribute(SHARD_INDEX, shardIndex);
    if (!shardNames.isEmpty()) {
      h5.putAttribute(SHARDS, shardNames.toArray(String[]::new));
    }
    provenance.forEach(h5::putAttribute);
  }

  private void writeEvent(
      WritableGroup g,
      EventSample s,
      Map<String, Integer> stationIndex,
      List<StationWaveform> table) {
    int n = s.stations().size();
    int t = s.samples();
    float[][][] waves = new float[n][][];
    byte[][][] observed = new byte[n][3][t];
    int[] index = new int[n];
    String[] channels = new String[n];
    byte[][] present = new byte[n][3];
    float[] fraction = new float[n];
    for (int i = 0; i < n; i++) {
      StationWaveform w = s.stations().get(i);
      // The station's arrays are used as they are: no copy of the bulk of the data.
      waves[i] = w.velocity();
      for (int c = 0; c < 3; c++) {
        boolean[] m = w.observed()[c];
        byte[] b = observed[i][c];
        for (int k = 0; k < t; k++) {
          b[k] = m[k] ? (byte) 1 : 0;
        }
        present[i][c] = w.componentPresent()[c] ? (byte) 1 : 0;
      }
      index[i] =
          stationIndex.computeIfAbsent(
              w.stationId(),
              id -> {
                table.add(w);
                return table.size() - 1;
              });
      channels[i] = w.channelsUsed();
      fraction[i] = w.observedFraction();
    }
    DatasetCreationOptions.Builder waveOptions =
        DatasetCreationOptions.builder().chunkDimensions(1, 3, t);
    if (deflateLevel > 0) {
      waveOptions.shuffle().deflate(deflateLevel);
    }
    g.putDataset(WAVEFORMS, waves, waveOptions.build());
    g.putDataset(
        OBSERVED,
        observed,
        DatasetCreationOptions.builder().chunkDimensions(1, 3, t).deflate(1).build());
    g.putDataset(STATION_INDEX, index);
    g.putDataset(CHANNELS, channels);
    g.putDataset(PRESENT, present);
    g.putDataset(OBSERVED_FRACTION, fraction);
    g.putDataset(FIRST_P, s.firstP().clone());
    g.putDataset(FIRST_S, s.firstS().clone());
    Origin o = s.truth().origin();
    g.putAttribute(EVENT_ID, s.eventId());
    g.putAttribute(ORIGIN_TIME_US, o.timeMicros());
    g.putAttribute(ORIGIN_TIME, Times.format(o.timeMicros()));
    g.putAttribute(EVENT_LATITUDE, o.latitude());
    g.putAttribute(EVENT_LONGITUDE, o.longitude());
    g.putAttribute(DEPTH_KM, o.depthKm());
    g.putAttribute(MAGNITUDE, s.truth().magnitude());
    g.putAttribute(MAGNITUDE_TYPE, s.truth().magnitudeType() == null ? "" : s.truth().magnitudeType());
    g.putAttribute(WINDOW_START_US, s.windowStartMicros());
    g.putAttribute(PROVENANCE, s.provenance());
  }

  private static void writeStations(WritableGroup g, List<StationWaveform> table) {
    int n = table.size();
    String[] net = new String[n];
    String[] sta = new String[n];
    double[] lat = new double[n];
    double[] lon = new double[n];
    double[] elev = new double[n];
    for (int i = 0; i < n; i++) {
      StationWaveform w = table.get(i);
      net[i] = w.network();
      sta[i] = w.station();
      lat[i] = w.latitude();
      lon[i] = w.longitude();
      elev[i] = w.elevationM();
    }
    g.putDataset(NETWORK, net);
    g.putDataset(STATION, sta);
    g.putDataset(LATITUDE, lat);
    g.putDataset(LONGITUDE, lon);
    g.putDataset(ELEVATION, elev);
  }

  /** An HDF5-safe, unique group name: the event id with anything but [A-Za-z0-9_.-] replaced. */
  static String groupName(String eventId, Set<String> used) {
    String base = eventId.replaceAll("[^A-Za-z0-9_.\\-]", "_");
    if (base.isEmpty() || base.equals(".") || base.equals("..")) {
      base = "event";
    }
    String name = base;
    for (int k = 2; !used.add(name); k++) {
      name = base + "~" + k;
    }
    return name;
  }
}
