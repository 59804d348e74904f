package io.quakegraph.dataset;

import static io.quakegraph.dataset.DatasetLayout.*;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.SourceId;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads event samples from an HDF5 dataset written by {@link EventDatasetWriter}: the main file and,
 * in order, the part files its {@code shards} attribute names (parts first, then the main file,
 * which is the order the samples were written in).
 *
 * <p>Samples are read one event at a time, so memory stays at one event whatever the file size.
 * The truth of a read sample carries one P and one S pick per station with a known arrival (the
 * stored first arrivals, channel code blank), not the catalogue's full pick list.
 */
public final class Hdf5SampleSource implements SampleSource {
  private final List<Path> files;
  private final ModelInputSpec spec;
  private final long count;
  private int fileIndex = -1;
  private HdfFile current;
  private String[] groups = new String[0];
  private StationTable stations;
  private int eventIndex;

  private record StationTable(
      String[] network, String[] station, double[] lat, double[] lon, double[] elev) {}

  private Hdf5SampleSource(List<Path> files, ModelInputSpec spec, long count) {
    this.files = files;
    this.spec = spec;
    this.count = count;
  }

  /**
   * Opens a dataset.
   *
   * @throws IOException naming the file when it is missing, not HDF5, not a QuakeGraph event
   *     dataset, or of an unsupported format version, or when a listed part file is missing
   */
  public static Hdf5SampleSource open(Path main) throws IOException {
    if (!Files.isRegularFile(main)) {
      throw new IOException(main + ": no such dataset file");
    }
    List<Path> files = new ArrayList<>();
    ModelInputSpec spec;
    long total = 0;
    try (HdfFile h5 = new HdfFile(main)) {
      spec = checkedSpec(h5, main);
      Attribute shards = h5.getAttribute(SHARDS);
      if (shards != null) {
        for (String name : strings(shards.getData())) {
          Path part = main.resolveSibling(name);
          if (!Files.isRegularFile(part)) {
            throw new IOException(main + ": part file " + part + " listed in 'shards' is missing");
          }
          files.add(part);
        }
      }
      total += eventGroups(h5).length;
    } catch (HdfException e) {
      throw new IOException(main + ": not a readable HDF5 file: " + e.getMessage(), e);
    }
    for (Path part : files) {
      try (HdfFile h5 = new HdfFile(part)) {
        ModelInputSpec partSpec = checkedSpec(h5, part);
        if (!partSpec.equals(spec)) {
          throw new IOException(part + ": model input " + partSpec + " differs from " + main);
        }
        total += eventGroups(h5).length;
      } catch (HdfException e) {
        throw new IOException(part + ": not a readable HDF5 file: " + e.getMessage(), e);
      }
    }
    files.add(main);
    return new Hdf5SampleSource(List.copyOf(files), spec, total);
  }

  /** The model input the samples follow. */
  public ModelInputSpec spec() {
    return spec;
  }

  /** The files read, in reading order. */
  public List<Path> files() {
    return files;
  }

  @Override
  public OptionalLong count() {
    return OptionalLong.of(count);
  }

  @Override
  public Optional<EventSample> next() throws IOException {
    while (current == null || eventIndex >= groups.length) {
      if (!openNextFile()) {
        return Optional.empty();
      }
    }
    Path file = files.get(fileIndex);
    String name = groups[eventIndex++];
    try {
      return Optional.of(readEvent(current.getByPath(EVENTS + "/" + name), file));
    } catch (HdfException | ClassCastException | NullPointerException e) {
      throw new IOException(file + ": event group '" + name + "' is malformed: " + e, e);
    }
  }

  private boolean openNextFile() throws IOException {
    closeCurrent();
    if (fileIndex + 1 >= files.size()) {
      return false;
    }
    fileIndex++;
    Path file = files.get(fileIndex);
    try {
      current = new HdfFile(file);
      groups = eventGroups(current);
      eventIndex = 0;
      stations = groups.length == 0 ? null : readStations(current);
    } catch (HdfException e) {
      throw new IOException(file + ": cannot read: " + e.getMessage(), e);
    }
    return true;
  }

  private EventSample readEvent(Node node, Path file) throws IOException {
    if (!(node instanceof Group g)) {
      throw new IOException(file + ": " + node.getPath() + " is not a group");
    }
    float[][][] waves = (float[][][]) dataset(g, WAVEFORMS).getData();
    byte[][][] observed = (byte[][][]) dataset(g, OBSERVED).getData();
    int[] index = (int[]) dataset(g, STATION_INDEX).getData();
    String[] channels = strings(dataset(g, CHANNELS).getData());
    byte[][] present = (byte[][]) dataset(g, PRESENT).getData();
    float[] fraction = (float[]) dataset(g, OBSERVED_FRACTION).getData();
    double[] firstP = (double[]) dataset(g, FIRST_P).getData();
    double[] firstS = (double[]) dataset(g, FIRST_S).getData();
    int n = index.length;
    if (waves.length != n || observed.length != n || channels.length != n || firstP.length != n) {
      throw new IOException(file + ": " + g.getPath() + ": datasets disagree on the station count");
    }
    String eventId = (String) attr(g, EVENT_ID);
    long windowStart = ((Number) attr(g, WINDOW_START_US)).longValue();
    List<StationWaveform> list = new ArrayList<>(n);
    List<Pick> picks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = index[i];
      if (k < 0 || k >= stations.network().length) {
        throw new IOException(file + ": " + g.getPath() + ": station index " + k + " out of range");
      }
      int t = waves[i][0].length;
      boolean[][] mask = new boolean[3][t];
      boolean[] has = new boolean[3];
      for (int c = 0; c < 3; c++) {
        for (int s = 0; s < t; s++) {
          mask[c][s] = observed[i][c][s] != 0;
        }
        has[c] = present[i][c] != 0;
      }
      String net = stations.network()[k];
      String sta = stations.station()[k];
      list.add(
          new StationWaveform(
              net + "." + sta,
              stations.lat()[k],
              stations.lon()[k],
              stations.elev()[k],
              channels[i],
              waves[i],
              mask,
              has,
              fraction[i]));
      SourceId id = new SourceId(net, sta, "", "");
      if (Double.isFinite(firstP[i])) {
        picks.add(new Pick(id, "P", windowStart + Math.round(firstP[i] * 1e6)));
      }
      if (Double.isFinite(firstS[i])) {
        picks.add(new Pick(id, "S", windowStart + Math.round(firstS[i] * 1e6)));
      }
    }
    Origin origin =
        new Origin(
            ((Number) attr(g, ORIGIN_TIME_US)).longValue(),
            ((Number) attr(g, EVENT_LATITUDE)).doubleValue(),
            ((Number) attr(g, EVENT_LONGITUDE)).doubleValue(),
            ((Number) attr(g, DEPTH_KM)).doubleValue());
    Earthquake truth =
        new Earthquake(
            eventId,
            origin,
            ((Number) attr(g, MAGNITUDE)).doubleValue(),
            (String) attr(g, MAGNITUDE_TYPE),
            picks);
    return new EventSample(
        eventId,
        truth,
        windowStart,
        spec.sampleRate(),
        list,
        firstP,
        firstS,
        (String) attr(g, PROVENANCE));
  }

  private static StationTable readStations(HdfFile h5) {
    return new StationTable(
        strings(h5.getDatasetByPath(STATIONS + "/" + NETWORK).getData()),
        strings(h5.getDatasetByPath(STATIONS + "/" + STATION).getData()),
        (double[]) h5.getDatasetByPath(STATIONS + "/" + LATITUDE).getData(),
        (double[]) h5.getDatasetByPath(STATIONS + "/" + LONGITUDE).getData(),
        (double[]) h5.getDatasetByPath(STATIONS + "/" + ELEVATION).getData());
  }

  private static ModelInputSpec checkedSpec(HdfFile h5, Path file) throws IOException {
    Attribute format = h5.getAttribute(FORMAT);
    if (format == null || !FORMAT_NAME.equals(format.getData())) {
      throw new IOException(file + ": not a QuakeGraph event dataset (no format=" + FORMAT_NAME + ")");
    }
    int version = ((Number) h5.getAttribute(VERSION).getData()).intValue();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          file + ": format version " + version + ", this reader knows " + FORMAT_VERSION);
    }
    return new ModelInputSpec(
        number(h5, SAMPLE_RATE, file),
        number(h5, BEFORE, file),
        number(h5, AFTER, file),
        number(h5, PAD, file),
        number(h5, MAX_GAP_FILL, file));
  }

  private static double number(HdfFile h5, String name, Path file) throws IOException {
    Attribute a = h5.getAttribute(name);
    if (a == null || !(a.getData() instanceof Number n)) {
      throw new IOException(file + ": root attribute '" + name + "' missing or not a number");
    }
    return n.doubleValue();
  }

  private static String[] eventGroups(HdfFile h5) {
    Node n = h5.getChildren().get(EVENT_GROUPS);
    return n instanceof Dataset d ? strings(d.getData()) : new String[0];
  }

  private static Dataset dataset(Group g, String name) throws IOException {
    Node n = g.getChild(name);
    if (!(n instanceof Dataset d)) {
      throw new IOException(g.getPath() + ": dataset '" + name + "' missing");
    }
    return d;
  }

  private static Object attr(Group g, String name) throws IOException {
    Attribute a = g.getAttribute(name);
    if (a == null) {
      throw new IOException(g.getPath() + ": attribute '" + name + "' missing");
    }
    return a.getData();
  }

  /** A String[] from jhdf string data (a String[] or, for one element, a String). */
  private static String[] strings(Object data) {
    if (data instanceof String s) {
      return new String[] {s};
    }
    int n = Array.getLength(data);
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = (String) Array.get(data, i);
    }
    return out;
  }

  private void closeCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  @Override
  public void close() {
    closeCurrent();
    fileIndex = files.size();
  }
}
