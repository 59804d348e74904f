package io.quakegraph.ingest.seedlink;

import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedFile;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An archive re-packed for SeedLink: every channel's data as 512-byte miniSEED 2 records, grouped
 * by station and numbered (see {@link StationPackets}).
 *
 * <p>The archive is a folder of miniSEED files (the SCEDC layout, the flat layout, or any names,
 * searched recursively; files that do not start with a miniSEED header, such as StationXML or
 * catalogues next to the waveforms, are skipped and counted). Each channel's records are assembled
 * into continuous traces and written again with {@link MiniSeed2Writer}: integer data as Steim-2,
 * float data as float32/float64 (whichever the source used), so every sample survives exactly.
 * SeedLink 3 only carries 512-byte records, which is why the archive's own records (often 4096
 * bytes) cannot be passed through.
 *
 * <p>All packets are held in memory: meant for test, demo and benchmark archives (a few hundred MB
 * of 512-byte Steim-2 records is about a station-day of 100 Hz data per 5 MB).
 *
 * <p>With looping, pass {@code k} (k = 0, 1, 2...) re-sends every station's packets shifted by
 * {@code k} times {@link #spanMicros()} (a whole number of seconds, so only the header's BTIME
 * changes) with sequence numbers continuing, so the feed never ends and stays consistent.
 */
public final class ServedArchive {
  private static final Logger LOG = LoggerFactory.getLogger(ServedArchive.class);

  private final List<StationPackets> stations;
  private final long originMicros;
  private final long spanMicros;
  private final int files;
  private final int skippedFiles;
  private final List<String> problems;

  private ServedArchive(
      List<StationPackets> stations,
      long originMicros,
      long spanMicros,
      int files,
      int skippedFiles,
      List<String> problems) {
    this.stations = List.copyOf(stations);
    this.originMicros = originMicros;
    this.spanMicros = spanMicros;
    this.files = files;
    this.skippedFiles = skippedFiles;
    this.problems = List.copyOf(problems);
  }

  /**
   * Reads and re-packs an archive.
   *
   * @param dir the archive folder (searched recursively)
   * @param recordSeconds if positive, cut records to about this many seconds (low-latency
   *     telemetry); 0 for full 512-byte records
   * @throws IOException if the folder cannot be read or holds no miniSEED waveform at all
   */
  public static ServedArchive load(Path dir, double recordSeconds) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("archive " + dir + " is not a folder");
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.filter(Files::isRegularFile).sorted().toList();
    }
    Map<SourceId, List<MiniSeedRecord>> byChannel =
        new TreeMap<>(Comparator.comparing(SourceId::toString));
    List<String> problems = new ArrayList<>();
    int files = 0;
    int skipped = 0;
    for (Path p : paths) {
      byte[] data = Files.readAllBytes(p);
      if (data.length == 0 || !MiniSeed.isPlausibleHeader(data, 0, data.length)) {
        skipped++;
        continue;
      }
      MiniSeedFile f;
      try {
        f = MiniSeed.read(data, p.toString());
      } catch (IOException e) {
        problems.add(e.getMessage());
        LOG.warn("archive file skipped: {}", e.getMessage());
        skipped++;
        continue;
      }
      files++;
      f.problems().forEach(pr -> problems.add(pr.toString()));
      for (MiniSeedRecord r : f.records()) {
        if (r.hasWaveform()) {
          byChannel.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    if (byChannel.isEmpty()) {
      throw new IOException(
          "archive " + dir + " holds no miniSEED waveform records (" + paths.size() + " files)");
    }
    Map<String, List<StationPackets.Entry>> byStation = new TreeMap<>();
    long origin = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (Map.Entry<SourceId, List<MiniSeedRecord>> ch : byChannel.entrySet()) {
      Encoding enc = repackEncoding(ch.getValue());
      MiniSeed2Writer writer =
          recordSeconds > 0
              ? MiniSeed2Writer.shortRecords(enc, recordSeconds)
              : new MiniSeed2Writer(enc, 512);
      int seq = 1;
      List<StationPackets.Entry> out =
          byStation.computeIfAbsent(ch.getKey().stationId(), k -> new ArrayList<>());
      for (Trace t : Traces.assemble(ch.getValue())) {
        List<byte[]> recs = writer.records(t, seq);
        seq = (int) ((seq - 1L + recs.size()) % 999_999 + 1);
        for (byte[] rec : recs) {
          MiniSeedRecord r;
          try {
            r = MiniSeed.parse(rec);
          } catch (MiniSeedException e) {
            throw new IllegalStateException("re-packed record does not parse: " + e.reason(), e);
          }
          out.add(new StationPackets.Entry(r.id(), r.startMicros(), r.endMicros(), rec));
          origin = Math.min(origin, r.startMicros());
          end = Math.max(end, r.endMicros());
        }
      }
    }
    List<StationPackets> stations = new ArrayList<>();
    for (List<StationPackets.Entry> entries : byStation.values()) {
      entries.sort(
          Comparator.comparingLong(StationPackets.Entry::startMicros)
              .thenComparing(e -> e.id().toString()));
      SourceId first = entries.get(0).id();
      stations.add(new StationPackets(first.network(), first.station(), entries));
    }
    long span = Math.max(1, (end - origin + 999_999) / 1_000_000) * 1_000_000;
    return new ServedArchive(stations, origin, span, files, skipped, problems);
  }

  /** Steim-2 for integer data, else the float width the source used (exact either way). */
  private static Encoding repackEncoding(List<MiniSeedRecord> records) {
    boolean integer = records.stream().allMatch(r -> r.encoding().isInteger());
    if (integer) {
      return Encoding.STEIM2;
    }
    boolean float32 =
        records.stream()
            .allMatch(r -> r.encoding() == Encoding.FLOAT32 || r.encoding().isInteger());
    return float32 ? Encoding.FLOAT32 : Encoding.FLOAT64;
  }

  /** Stations, ordered by {@code NET.STA}. */
  public List<StationPackets> stations() {
    return stations;
  }

  /** Earliest sample time in the archive, epoch microseconds. */
  public long originMicros() {
    return originMicros;
  }

  /** Length of one pass through the archive, whole seconds, in microseconds. */
  public long spanMicros() {
    return spanMicros;
  }

  /** miniSEED files read. */
  public int files() {
    return files;
  }

  /** Files skipped because they are not miniSEED. */
  public int skippedFiles() {
    return skippedFiles;
  }

  /** Problems met while reading (corrupt records skipped), one line each. */
  public List<String> problems() {
    return problems;
  }

  /** Total packets in one pass. */
  public long packetCount() {
    return stations.stream().mapToLong(StationPackets::size).sum();
  }

  /**
   * The packet with 64-bit sequence number {@code sequence} (from 1) of a station; sequences past
   * one pass come from the following loop passes.
   */
  public Packet packet(StationPackets st, long sequence) {
    int n = st.size();
    long g = sequence - 1;
    long pass = g / n;
    int i = (int) (g % n);
    long shift = pass * spanMicros;
    byte[] rec = st.record(i);
    if (pass > 0) {
      rec = withStart(rec, st.start(i) + shift);
    }
    return new Packet(
        sequence, st.id(i), st.start(i) + shift, st.end(i) + shift, st.releaseAt(i) + shift, rec);
  }

  /**
   * A copy of a record written by {@link MiniSeed2Writer} with its start time moved to {@code
   * micros}; the sub-100-µs part (blockette 1001) is unchanged because loop shifts are whole
   * seconds.
   */
  static byte[] withStart(byte[] rec, long micros) {
    byte[] out = rec.clone();
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int frac = (int) Math.floorMod(micros, 1_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    putU16(out, 20, t.getYear());
    putU16(out, 22, t.getDayOfYear());
    out[24] = (byte) t.getHour();
    out[25] = (byte) t.getMinute();
    out[26] = (byte) t.getSecond();
    putU16(out, 28, frac / 100);
    return out;
  }

  private static void putU16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }
}
