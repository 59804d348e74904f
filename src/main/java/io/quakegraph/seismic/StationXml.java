package io.quakegraph.seismic;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FDSN StationXML 1.x reader and 1.2 writer for the parts of the metadata QuakeGraph uses: station
 * coordinates, channel epochs, the overall sensitivity and the analogue poles-and-zeros stage.
 *
 * <p>Reading is a single StAX pass matching elements by local name, so default-namespace, prefixed
 * ({@code fsx:}) and namespace-less documents all parse; vendor extension elements are ignored.
 * Epoch ends at or after year 2500 (SCEDC writes 3000-01-01, IRIS 2599-12-31) and absent ends mean
 * "open" and become {@link Long#MAX_VALUE}; an absent start becomes {@link Long#MIN_VALUE}.
 */
public final class StationXml {
  private static final Logger LOG = LoggerFactory.getLogger(StationXml.class);

  static final String NAMESPACE = "http://www.fdsn.org/xml/station/1";

  private StationXml() {}

  /**
   * Reads one StationXML file.
   *
   * @throws IOException naming the file and line/column when it is not well-formed StationXML
   */
  public static Inventory read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return new Inventory(readStations(in, file.toString()));
    }
  }

  /** Reads StationXML from a stream; {@code sourceName} names it in error messages. */
  public static Inventory read(InputStream in, String sourceName) throws IOException {
    return new Inventory(readStations(in, sourceName));
  }

  /** The stations of one document in document order (a station listed twice appears twice). */
  public static List<Station> readStations(InputStream in, String sourceName) throws IOException {
    StationXmlHandler handler = new StationXmlHandler(sourceName);
    XmlWalker.walk(in, sourceName, "FDSNStationXML", Set.of(NAMESPACE, ""), handler);
    return handler.stations;
  }

  /**
   * Reads every {@code *.xml} file below {@code dir} (recursively, in sorted path order) and merges
   * them: the epochs of a station found in several files are combined, identical epochs kept once,
   * and the station's coordinates are those of the last file.
   */
  public static Inventory readDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> Files.isRegularFile(p) && p.toString().toLowerCase().endsWith(".xml"))
              .sorted()
              .toList();
    }
    // Event folders often repeat a station's file per event: identical epochs are kept once.
    Map<String, Station> byId = new LinkedHashMap<>();
    Map<String, Set<Channel>> epochs = new HashMap<>();
    for (Path f : files) {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
        for (Station s : readStations(in, f.toString())) {
          Set<Channel> known = epochs.computeIfAbsent(s.id(), k -> new LinkedHashSet<>());
          known.addAll(s.channels());
          byId.put(
              s.id(),
              new Station(
                  s.network(),
                  s.station(),
                  s.latitude(),
                  s.longitude(),
                  s.elevationM(),
                  s.siteName(),
                  List.copyOf(known)));
        }
      }
    }
    LOG.debug("read {} StationXML files from {}", files.size(), dir);
    return new Inventory(byId.values());
  }

  /**
   * Writes FDSN StationXML 1.2 (UTF-8). Each channel with a sensitivity gets an {@code
   * InstrumentSensitivity}; one with poles and zeros also gets stage 1 (the analogue stage, in
   * rad/s) and stage 2 (the digitiser: unity {@code Coefficients} filter with a decimation factor 1
   * and the remaining gain), so the stage gains multiply to the overall sensitivity.
   */
  public static void write(Collection<Station> stations, OutputStream out) throws IOException {
    StationXmlWriter.write(stations, out, Times.micros(Instant.now()));
  }

  /**
   * As {@link #write(Collection, OutputStream)} with a given {@code <Created>} time (epoch µs), so
   * that the same stations always give the same bytes (deterministic synthetic archives).
   */
  public static void write(Collection<Station> stations, OutputStream out, long createdMicros)
      throws IOException {
    StationXmlWriter.write(stations, out, createdMicros);
  }

  /** Writes FDSN StationXML 1.2 to {@code file}, replacing it. */
  public static void write(Collection<Station> stations, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      write(stations, out);
    }
  }

  /** Epoch µs of a StationXML date attribute; far-future or absent ends are open. */
  static long epochEnd(String text) {
    if (text == null || text.isBlank()) {
      return Long.MAX_VALUE;
    }
    long t = Times.parse(text);
    return t >= OPEN_END_FROM ? Long.MAX_VALUE : t;
  }

  static long epochStart(String text) {
    return text == null || text.isBlank() ? Long.MIN_VALUE : Times.parse(text);
  }

  /** No instrument epoch really ends this late; such ends are placeholders for "open". */
  static final long OPEN_END_FROM = Times.parse("2500-01-01T00:00:00Z");

  /** Collects stations from the walker's element stream. */
  private static final class StationXmlHandler implements XmlWalker.Handler {
    private final String source;
    final List<Station> stations = new ArrayList<>();

    private String network = "";
    private StationBuilder station;
    private ChannelBuilder channel;
    private StageBuilder stage;

    StationXmlHandler(String source) {
      this.source = source;
    }

    @Override
    public void start(String name, XmlWalker.Path path, XMLStreamReader r) {
      switch (name) {
        case "Network" -> network = attribute(r, "code", "");
        case "Station" -> {
          if (path.under("Network")) {
            station = new StationBuilder(network, attribute(r, "code", ""));
          }
        }
        case "Channel" -> {
          if (station != null && path.under("Station")) {
            channel =
                new ChannelBuilder(
                    SourceId.of(
                        network,
                        station.code,
                        attribute(r, "locationCode", ""),
                        attribute(r, "code", "")),
                    epochStart(r.getAttributeValue(null, "startDate")),
                    epochEnd(r.getAttributeValue(null, "endDate")));
          }
        }
        case "Stage" -> {
          if (channel != null && path.under("Response")) {
            stage = new StageBuilder();
          }
        }
        default -> {
          // other elements carry their data as text, handled at their end
        }
      }
    }

    @Override
    public void end(String name, XmlWalker.Path path, String text) {
      String parent = path.up(1);
      if (channel != null) {
        endInChannel(name, path, parent, text);
        return;
      }
      if (station != null) {
        switch (name) {
          case "Latitude" -> {
            if (parent.equals("Station")) {
              station.latitude = number(name, text);
            }
          }
          case "Longitude" -> {
            if (parent.equals("Station")) {
              station.longitude = number(name, text);
            }
          }
          case "Elevation" -> {
            if (parent.equals("Station")) {
              station.elevation = number(name, text);
            }
          }
          case "Name" -> {
            if (path.under("Site", "Station")) {
              station.site = text;
            }
          }
          case "Station" -> {
            stations.add(station.build(source));
            station = null;
          }
          default -> {
            // Comment, Operator, Equipment, ...: not needed
          }
        }
      }
    }

    private void endInChannel(String name, XmlWalker.Path path, String parent, String text) {
      if (stage != null) {
        endInStage(name, path, parent, text);
        return;
      }
      ChannelBuilder c = channel;
      if (parent.equals("Channel")) {
        switch (name) {
          case "Latitude" -> c.latitude = number(name, text);
          case "Longitude" -> c.longitude = number(name, text);
          case "Elevation" -> c.elevation = number(name, text);
          case "Depth" -> c.depth = number(name, text);
          case "Azimuth" -> c.azimuth = number(name, text);
          case "Dip" -> c.dip = number(name, text);
          case "SampleRate" -> c.sampleRate = number(name, text);
          default -> {
            // Type, ClockDrift, Sensor, ...: not needed
          }
        }
      } else if (parent.equals("InstrumentSensitivity")) {
        switch (name) {
          case "Value" -> c.sensitivity = number(name, text);
          case "Frequency" -> c.sensitivityFrequency = number(name, text);
          default -> {
            // InputUnits/OutputUnits are containers; their Name is read below
          }
        }
      } else if (name.equals("Name") && path.under("InputUnits", "InstrumentSensitivity")) {
        c.inputUnits = text;
      } else if (name.equals("Name") && path.under("OutputUnits", "InstrumentSensitivity")) {
        c.outputUnits = text;
      } else if (name.equals("Channel")) {
        station.channels.add(c.build(station, source));
        channel = null;
      }
    }

    private void endInStage(String name, XmlWalker.Path path, String parent, String text) {
      StageBuilder s = stage;
      switch (parent) {
        case "PolesZeros" -> {
          switch (name) {
            case "PzTransferFunctionType" -> s.transferFunction = text;
            case "NormalizationFactor" -> s.normalization = number(name, text);
            case "NormalizationFrequency" -> s.normalizationFrequency = number(name, text);
            case "Zero" -> s.zeros.add(s.takeRoot());
            case "Pole" -> s.poles.add(s.takeRoot());
            default -> {
              // Description, InputUnits, OutputUnits
            }
          }
        }
        case "Zero", "Pole" -> {
          if (name.equals("Real")) {
            s.real = number(name, text);
          } else if (name.equals("Imaginary")) {
            s.imaginary = number(name, text);
          }
        }
        case "StageGain" -> {
          if (name.equals("Value")) {
            s.gain = number(name, text);
          }
        }
        default -> {
          // Coefficients, FIR, Decimation: the sensitivity already folds them in
        }
      }
      if (name.equals("PolesZeros")) {
        s.hasPolesZeros = true;
      } else if (name.equals("Stage") && parent.equals("Response")) {
        if (s.hasPolesZeros && channel.response == null) {
          channel.response = s.analogue(channel.id, source);
        }
        stage = null;
      }
    }

    private static double number(String name, String text) {
      return XmlWalker.parseDouble(name, text);
    }

    private static String attribute(XMLStreamReader r, String name, String fallback) {
      String v = r.getAttributeValue(null, name);
      return v == null ? fallback : v;
    }
  }

  private static final class StationBuilder {
    final String network;
    final String code;
    double latitude = Double.NaN;
    double longitude = Double.NaN;
    double elevation = Double.NaN;
    String site = "";
    final List<Channel> channels = new ArrayList<>();

    StationBuilder(String network, String code) {
      this.network = network;
      this.code = code;
    }

    Station build(String source) {
      if (Double.isNaN(latitude) || Double.isNaN(longitude)) {
        throw new IllegalArgumentException(
            "station %s.%s has no Latitude/Longitude in %s".formatted(network, code, source));
      }
      return new Station(network, code, latitude, longitude, elevation, site, channels);
    }
  }

  private static final class ChannelBuilder {
    final SourceId id;
    final long start;
    final long end;
    double latitude = Double.NaN;
    double longitude = Double.NaN;
    double elevation = Double.NaN;
    double depth = 0.0;
    double azimuth = Double.NaN;
    double dip = Double.NaN;
    double sampleRate = Double.NaN;
    double sensitivity = Double.NaN;
    double sensitivityFrequency = Double.NaN;
    String inputUnits = "";
    String outputUnits = "";
    PolesZeros response;

    ChannelBuilder(SourceId id, long start, long end) {
      this.id = id;
      this.start = start;
      this.end = end;
    }

    Channel build(StationBuilder station, String source) {
      if (Double.isNaN(latitude) || Double.isNaN(longitude)) {
        // The schema requires channel coordinates; old files sometimes leave them to the station.
        LOG.warn("{}: channel {} has no coordinates, using the station's", source, id);
        latitude = station.latitude;
        longitude = station.longitude;
        elevation = Double.isNaN(elevation) ? station.elevation : elevation;
      }
      Optional<Sensitivity> sens =
          Double.isNaN(sensitivity)
              ? Optional.empty()
              : Optional.of(
                  new Sensitivity(sensitivity, sensitivityFrequency, inputUnits, outputUnits));
      return new Channel(
          id,
          latitude,
          longitude,
          elevation,
          depth,
          azimuth,
          dip,
          sampleRate,
          start,
          end,
          sens,
          Optional.ofNullable(response));
    }
  }

  private static final class StageBuilder {
    boolean hasPolesZeros;
    String transferFunction = "";
    double normalization = 1.0;
    double normalizationFrequency = Double.NaN;
    double gain = 1.0;
    double real;
    double imaginary;
    final List<PolesZeros.Complex> zeros = new ArrayList<>();
    final List<PolesZeros.Complex> poles = new ArrayList<>();

    PolesZeros.Complex takeRoot() {
      PolesZeros.Complex c = new PolesZeros.Complex(real, imaginary);
      real = 0;
      imaginary = 0;
      return c;
    }

    /** The stage in rad/s, or null when it is a digital (z-transform) stage. */
    PolesZeros analogue(SourceId id, String source) {
      String type = transferFunction.toUpperCase().replace(" ", "");
      if (type.startsWith("LAPLACE(RADIANS")) {
        return new PolesZeros(poles, zeros, normalization, normalizationFrequency, gain);
      }
      if (type.startsWith("LAPLACE(HERTZ")) {
        // s = 2*pi*s_Hz: every root scales by 2*pi and A0 by (2*pi)^(poles - zeros), so that
        // A0 * prod(s - z) / prod(s - p) stays the same function of frequency.
        double w = 2 * Math.PI;
        return new PolesZeros(
            poles.stream().map(p -> new PolesZeros.Complex(p.re() * w, p.im() * w)).toList(),
            zeros.stream().map(z -> new PolesZeros.Complex(z.re() * w, z.im() * w)).toList(),
            normalization * Math.pow(w, poles.size() - zeros.size()),
            normalizationFrequency,
            gain);
      }
      if (!type.startsWith("DIGITAL")) {
        LOG.warn("{}: {} has unknown PzTransferFunctionType '{}', stage skipped", source, id, type);
      }
      return null;
    }
  }
}
