package io.quakegraph.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.seismic.ArchiveLayout;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.Pick;
import io.quakegraph.seismic.QuakeMl;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationList;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.TravelTimes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a whole synthetic scenario, laid out as a real data centre would serve it:
 *
 * <pre>
 * DIR/continuous_waveforms/YYYY/YYYY_DDD/NETSTA__CHA___YYYYDDD.ms   (or DIR/waveforms/..., flat)
 * DIR/stations/NET.STA.xml        StationXML with responses, one file per station
 * DIR/catalog.xml                 QuakeML: the true events, with the true P and S arrival at every
 *                                 station as picks (before any timing-offset flaw)
 * DIR/imperfections.json          every flaw put into the archive (ground truth for tests)
 * DIR/scenario.json               seed, parameters, command line, software version, counts
 * </pre>
 *
 * <p>Stations: those of the request's network with a broadband channel active at the start (a
 * station file without channel epochs contributes all its stations of that network), capped by
 * {@link StationSelection#nearestToCentre}. Waveforms: miniSEED 2, Steim2, 4096-byte big-endian
 * records, as SCEDC serves them. Stations are simulated in parallel, each by one thread in chunks
 * of one UTC hour, so memory stays at one station-hour of six channels per thread whatever the
 * span; every file is written by exactly one station task in time order, so the output does not
 * depend on the number of threads. Nothing written depends on the wall clock: the same request
 * gives byte-identical files.
 */
public final class ScenarioWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioWriter.class);

  /** Length of one simulation chunk; chunks are aligned to whole UTC hours. */
  public static final long CHUNK_MICROS = 3_600_000_000L;

  /** miniSEED record length written, bytes (SCEDC's continuous archive uses 4096). */
  public static final int RECORD_LENGTH = 4096;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintStream progress;
  private final int threads;
  private final long progressIntervalNanos;

  /**
   * @param progress where progress lines go (stations done / total, rate, ETA)
   * @param threads stations simulated at once (does not change the output)
   * @param progressIntervalSeconds seconds between progress lines
   */
  public ScenarioWriter(PrintStream progress, int threads, double progressIntervalSeconds) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    this.progress = progress;
    this.threads = threads;
    this.progressIntervalNanos = (long) (progressIntervalSeconds * 1e9);
  }

  /** One thread per processor, a progress line every 10 s. */
  public ScenarioWriter(PrintStream progress) {
    this(progress, Runtime.getRuntime().availableProcessors(), 10);
  }

  /**
   * Simulates and writes the scenario into {@code outDir} (created; must be empty if it exists).
   *
   * @throws IllegalArgumentException for a request that cannot be met (no stations, events that do
   *     not fit, a non-empty output folder)
   * @throws IOException when reading the station file or writing fails
   */
  public ScenarioSummary write(ScenarioRequest request, Path outDir) throws IOException {
    long t0 = System.nanoTime();
    requireEmpty(outDir);
    long start = request.startMicros();
    long end = request.endMicros();
    ArchiveLayout layout = ArchiveLayout.named(request.layout(), start, end);

    List<Station> sites = sites(request);
    SyntheticNetwork network =
        SyntheticNetwork.build(sites, start, Seeds.mix(request.seed(), Seeds.of("network")));
    TravelTimes travelTimes = TravelTimes.hadleyKanamori();
    ScenarioCatalog catalog = new ScenarioCatalog(sites, travelTimes, request.options());
    List<SyntheticEvent> events =
        catalog.generate(
            start,
            request.durationMicros(),
            request.events(),
            // the raw seed: event ids carry it (qgsyn<seed>-n)
            request.seed());
    List<Station> inventory = network.inventory();
    ImperfectionPlan plan =
        ImperfectionPlan.generate(
            inventory,
            start,
            end,
            request.imperfections(),
            Seeds.mix(request.seed(), Seeds.of("imperfections")));
    LOG.info(
        "scenario seed {}: {} stations, {} events, {} imperfections, {} to {}",
        request.seed(),
        sites.size(),
        events.size(),
        plan.imperfections().size(),
        Times.format(start),
        Times.format(end));

    Files.createDirectories(outDir);
    NetworkSimulator simulator =
        new NetworkSimulator(
            network,
            travelTimes,
            SimulationOptions.defaults().toBuilder().realism(request.options().realism()).build());
    writeWaveforms(simulator, network.stations(), events, plan, layout, request, outDir);

    int stationXml = writeStationXml(inventory, start, outDir.resolve("stations"));
    List<Earthquake> truth = new ArrayList<>();
    int picks = 0;
    for (SyntheticEvent e : events) {
      List<Pick> p = simulator.truePicks(e);
      picks += p.size();
      truth.add(new Earthquake(e.eventId(), e.origin(), e.magnitude(), "Mw", p));
    }
    QuakeMl.write(truth, outDir.resolve("catalog.xml"));
    plan.write(outDir.resolve("imperfections.json"));

    Path waveformRoot =
        outDir.resolve(
            layout instanceof ArchiveLayout.Scedc ? "continuous_waveforms" : "waveforms");
    List<Path> files = waveformFiles(waveformRoot);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    int channels = inventory.stream().mapToInt(s -> s.channelsAt(start).size()).sum();
    List<String> stationIds = inventory.stream().map(Station::id).toList();
    ScenarioSummary summary =
        new ScenarioSummary(
            outDir,
            stationIds,
            channels,
            files.size(),
            bytes,
            stationXml,
            events,
            picks,
            plan,
            (System.nanoTime() - t0) / 1e9);
    writeScenarioJson(request, layout, catalog, summary, outDir.resolve("scenario.json"));
    return summary;
  }

  /** The recording sites of a request, before the network is built around them. */
  public static List<Station> sites(ScenarioRequest request) throws IOException {
    Path file = request.stationsFile();
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("station file not found: " + file);
    }
    List<Station> all = StationList.read(file);
    List<Station> candidates;
    if (all.stream().allMatch(s -> s.channels().isEmpty())) {
      // a plain NET STA LAT LON list: no epochs to filter on, every listed station records
      String net = request.network();
      candidates =
          all.stream()
              .filter(s -> net == null || net.isEmpty() || s.network().equals(net))
              .toList();
    } else {
      candidates = StationList.activeBroadband(all, request.network(), request.startMicros());
    }
    List<Station> unique = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Station s : candidates) {
      if (seen.add(s.id())) {
        unique.add(s);
      }
    }
    if (unique.isEmpty()) {
      throw new IllegalArgumentException(
          "no %s stations with a broadband channel active at %s in %s"
              .formatted(
                  request.network() == null ? "" : request.network(),
                  Times.format(request.startMicros()),
                  file));
    }
    return StationSelection.nearestToCentre(unique, request.maxStations());
  }

  private void writeWaveforms(
      NetworkSimulator simulator,
      List<SimulatedStation> stations,
      List<SyntheticEvent> events,
      ImperfectionPlan plan,
      ArchiveLayout layout,
      ScenarioRequest request,
      Path outDir)
      throws IOException {
    int total = stations.size();
    AtomicInteger done = new AtomicInteger();
    long started = System.nanoTime();
    long[] lastLine = {started};
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, total)));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (SimulatedStation station : stations) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    writeStation(simulator, station, events, plan, layout, request, outDir);
                  } catch (IOException e) {
                    throw new UncheckedIOException(
                        station.station().id() + ": " + e.getMessage(), e);
                  }
                  int n = done.incrementAndGet();
                  reportProgress(n, total, started, lastLine);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof UncheckedIOException u) {
            throw new IOException(u.getMessage(), u.getCause());
          }
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          throw new IOException(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while simulating stations", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void reportProgress(int n, int total, long started, long[] lastLine) {
    synchronized (lastLine) {
      long now = System.nanoTime();
      if (n < total && now - lastLine[0] < progressIntervalNanos) {
        return;
      }
      lastLine[0] = now;
      double seconds = (now - started) / 1e9;
      double rate = n / Math.max(1e-9, seconds);
      long eta = Math.round((total - n) / Math.max(1e-9, rate));
      progress.printf(
          "synth: %d/%d stations (%.0f%%), %.2f stations/s, elapsed %s, ETA %s%n",
          n, total, 100.0 * n / total, rate, clock(Math.round(seconds)), clock(eta));
    }
  }

  private static String clock(long seconds) {
    return seconds >= 3600
        ? "%dh%02dm%02ds".formatted(seconds / 3600, seconds / 60 % 60, seconds % 60)
        : seconds >= 60 ? "%dm%02ds".formatted(seconds / 60, seconds % 60) : seconds + "s";
  }

  /** Simulates one station hour by hour and appends each piece to its file. */
  private static void writeStation(
      NetworkSimulator simulator,
      SimulatedStation station,
      List<SyntheticEvent> events,
      ImperfectionPlan plan,
      ArchiveLayout layout,
      ScenarioRequest request,
      Path outDir)
      throws IOException {
    long seed = Seeds.mix(request.seed(), Seeds.of("record:" + station.station().id()));
    MiniSeed2Writer writer = new MiniSeed2Writer(Encoding.STEIM2, RECORD_LENGTH);
    // record numbers run on through a file across chunks, as in a data centre's day file
    java.util.Map<Path, Integer> nextSequence = new java.util.HashMap<>();
    long end = request.endMicros();
    for (long a = request.startMicros(); a < end; ) {
      long b = Math.min(end, Math.floorDiv(a, CHUNK_MICROS) * CHUNK_MICROS + CHUNK_MICROS);
      List<Trace> recorded = simulator.recordStation(station, events, a, b, seed);
      for (Trace t : plan.apply(recorded)) {
        for (Trace piece : splitAtFileEnds(t, layout)) {
          Path file = outDir.resolve(layout.file(piece.id(), piece.startMicros()));
          Files.createDirectories(file.getParent());
          try (OutputStream out =
              new BufferedOutputStream(
                  Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                  1 << 16)) {
            nextSequence.put(file, writer.write(piece, nextSequence.getOrDefault(file, 1), out));
          }
        }
      }
      a = b;
    }
  }

  /** {@code t} cut where the layout starts a new file (midnight UTC for SCEDC day files). */
  static List<Trace> splitAtFileEnds(Trace t, ArchiveLayout layout) {
    List<Trace> out = new ArrayList<>();
    Trace rest = t;
    while (rest != null && rest.size() > 0) {
      long fileEnd = layout.fileEnd(rest.startMicros());
      if (fileEnd >= rest.endMicros() || fileEnd == Long.MAX_VALUE) {
        out.add(rest);
        break;
      }
      List<Trace> parts = TraceCuts.splitAt(rest, fileEnd);
      out.add(parts.get(0));
      rest = parts.size() > 1 ? parts.get(1) : null;
    }
    return out;
  }

  /**
   * One StationXML file per station, stamped with the scenario start so reruns give equal bytes.
   */
  private static int writeStationXml(List<Station> inventory, long createdMicros, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    for (Station s : inventory) {
      try (OutputStream out = Files.newOutputStream(dir.resolve(s.id() + ".xml"))) {
        StationXml.write(List.of(s), out, createdMicros);
      }
    }
    return inventory.size();
  }

  private static void writeScenarioJson(
      ScenarioRequest request,
      ArchiveLayout layout,
      ScenarioCatalog catalog,
      ScenarioSummary summary,
      Path file)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("software", request.software());
    ArrayNode cmd = root.putArray("commandLine");
    request.commandLine().forEach(cmd::add);
    root.put("seed", request.seed());
    root.put("start", Times.format(request.startMicros()));
    root.put("end", Times.format(request.endMicros()));
    root.put("durationSeconds", request.durationMicros() / 1e6);
    root.put("stationsFile", request.stationsFile().toString());
    root.put("network", request.network());
    root.put("maxStations", request.maxStations());
    root.put("layout", layout.name());
    root.put("imperfectionLevel", request.imperfections().label());
    root.put("eventsRequested", request.events());
    ScenarioOptions o = request.options();
    ObjectNode opts = root.putObject("catalogOptions");
    opts.put("minMagnitude", o.minMagnitude());
    opts.put("maxMagnitude", o.maxMagnitude());
    opts.put("bValue", o.bValue());
    opts.put("largeEventShare", o.largeEventShare());
    opts.put("marginDeg", o.marginDeg());
    opts.put("minDepthKm", o.minDepthKm());
    opts.put("maxDepthKm", o.maxDepthKm());
    opts.put("stressDropMedianMPa", o.stressDropMedianMPa());
    opts.put("stressDropSigmaLn", o.stressDropSigmaLn());
    opts.put("codaBaseSeconds", o.codaBaseSeconds());
    opts.put("codaSecondsPerMagnitude", o.codaSecondsPerMagnitude());
    opts.put("allowOverlap", o.allowOverlap());
    if (o.realism().isRealWorld()) {
      // Only when on: the scenario.json of ideal scenarios stays as it was.
      opts.put("realism", "real-world");
    }
    double[] b = catalog.bounds();
    ObjectNode box = root.putObject("epicentreBounds");
    box.put("minLatitude", b[0]);
    box.put("maxLatitude", b[1]);
    box.put("minLongitude", b[2]);
    box.put("maxLongitude", b[3]);
    SimulationOptions sim = SimulationOptions.defaults();
    ObjectNode simulation = root.putObject("simulation");
    simulation.put("sampleRate", sim.sampleRate());
    simulation.put("noise", sim.noise());
    simulation.put("signal", sim.signal());
    simulation.put("chunkSeconds", CHUNK_MICROS / 1e6);
    simulation.put("miniSeedRecordLength", RECORD_LENGTH);
    simulation.put("encoding", "STEIM2");
    ObjectNode counts = root.putObject("counts");
    counts.put("stations", summary.stations().size());
    counts.put("channels", summary.channels());
    counts.put("waveformFiles", summary.waveformFiles());
    counts.put("waveformBytes", summary.waveformBytes());
    counts.put("stationXmlFiles", summary.stationXmlFiles());
    counts.put("events", summary.events().size());
    counts.put("picks", summary.picks());
    counts.put("imperfections", summary.imperfections().imperfections().size());
    ArrayNode ev = root.putArray("events");
    for (SyntheticEvent e : summary.events()) {
      ObjectNode n = ev.addObject();
      n.put("id", e.eventId());
      n.put("time", Times.format(e.origin().timeMicros()));
      n.put("latitude", e.origin().latitude());
      n.put("longitude", e.origin().longitude());
      n.put("depthKm", e.origin().depthKm());
      n.put("magnitude", e.magnitude());
      n.put("stressDropMPa", e.stressDropMPa());
      n.put("strikeDeg", e.mechanism().strikeDeg());
      n.put("dipDeg", e.mechanism().dipDeg());
      n.put("rakeDeg", e.mechanism().rakeDeg());
      n.put("occupiesSeconds", catalog.occupancyMicros(e) / 1e6);
    }
    ArrayNode st = root.putArray("stations");
    summary.stations().forEach(st::add);
    Files.writeString(file, JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n");
  }

  /** Every miniSEED file below {@code root}, sorted by path. */
  static List<Path> waveformFiles(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void requireEmpty(Path outDir) throws IOException {
    if (Files.exists(outDir)) {
      if (!Files.isDirectory(outDir)) {
        throw new IllegalArgumentException("output path exists and is not a folder: " + outDir);
      }
      try (Stream<Path> s = Files.list(outDir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "output folder is not empty: " + outDir + " (choose a new one or remove it)");
        }
      }
    }
  }
}
