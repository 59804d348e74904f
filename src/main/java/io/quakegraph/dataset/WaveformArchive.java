package io.quakegraph.dataset;

import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedFile;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.ScedcDayFile;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of miniSEED files, indexed by channel and time span, from which the records of a station
 * over a time window are read.
 *
 * <p>Two layouts are understood, in any mix below the root:
 *
 * <ul>
 *   <li>SCEDC day files ({@code continuous_waveforms/YYYY/YYYY_DDD/NETSTA__CHA___YYYYDDD.ms}): the
 *       channel and day come from the file name, so indexing reads no data.
 *   <li>Any other file whose first bytes are a miniSEED record header, whatever its name: it is
 *       read once while indexing and each channel's first and last sample time noted.
 * </ul>
 *
 * Files with extensions that are never waveforms ({@code .xml}, {@code .json}, {@code .csv}, {@code
 * .h5}, ...) are passed over quietly; other files that are not miniSEED, and miniSEED files that
 * cannot be read, are skipped and counted in the {@link SkipTally}.
 *
 * <p>Reading a window from a large single-channel file with records of one length (every SCEDC day
 * file) does not decode the file: the record overlapping the window start is found by binary search
 * on record start times (records of a channel-day file are in time order) and only the records of
 * the window are parsed. Other files are read whole, through a small cache, so events close in time
 * do not read the same event file again. The index lives for the run.
 */
public final class WaveformArchive {
  private static final Logger LOG = LoggerFactory.getLogger(WaveformArchive.class);
  private static final Set<String> NOT_WAVEFORMS =
      Set.of(
          "xml",
          "json",
          "geojson",
          "csv",
          "tsv",
          "txt",
          "md",
          "h5",
          "hdf5",
          "png",
          "jpg",
          "pdf",
          "ps",
          "html",
          "yaml",
          "yml",
          "properties",
          "log",
          "tmp",
          "gz",
          "zip");

  /** Files at least this large are read by record search when their records allow it. */
  static final long SEEK_THRESHOLD_BYTES = 1L << 20;

  /** Day files may hold a last record that runs a few minutes past midnight. */
  private static final long DAY_FILE_SLACK_MICROS = 600_000_000L;

  /**
   * One channel's data in one file.
   *
   * @param path the file
   * @param id the channel
   * @param startMicros first sample time (day start for SCEDC files)
   * @param endMicros time after the last sample (day end plus slack for SCEDC files)
   * @param bytes file size
   * @param seekable whether windows can be read by record search (single channel, one record
   *     length, time-ordered)
   */
  public record ArchiveFile(
      Path path, SourceId id, long startMicros, long endMicros, long bytes, boolean seekable) {}

  private final Path root;
  private final List<ArchiveFile> files;
  private final Map<String, List<ArchiveFile>> byStation = new TreeMap<>();
  private final SkipTally skips;
  private final long cacheLimitBytes;
  private long seekThresholdBytes = SEEK_THRESHOLD_BYTES;
  private final LinkedHashMap<Path, MiniSeedFile> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cacheBytes;
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong recordBytesUsed = new AtomicLong();
  private final Set<Path> filesUsed = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private WaveformArchive(Path root, List<ArchiveFile> files, SkipTally skips, long cacheLimit) {
    this.root = root;
    this.files = List.copyOf(files);
    this.skips = skips;
    this.cacheLimitBytes = cacheLimit;
    for (ArchiveFile f : files) {
      byStation.computeIfAbsent(f.id().stationId(), k -> new ArrayList<>()).add(f);
    }
  }

  /** {@link #index(Path, SkipTally, long)} with a 256 MiB cache of whole-file reads. */
  public static WaveformArchive index(Path root, SkipTally skips) throws IOException {
    return index(root, skips, 256L << 20);
  }

  /**
   * Indexes every miniSEED file below {@code root}.
   *
   * @param cacheLimitBytes bytes of whole-file reads kept for reuse
   * @throws IOException when {@code root} is not a readable directory
   */
  public static WaveformArchive index(Path root, SkipTally skips, long cacheLimitBytes)
      throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": waveform archive is not a directory");
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(Files::isRegularFile).sorted().toList();
    }
    WaveformArchive archive = new WaveformArchive(root, List.of(), skips, cacheLimitBytes);
    List<ArchiveFile> entries = new ArrayList<>();
    for (Path p : paths) {
      String name = p.getFileName().toString();
      String ext = extension(name);
      if (NOT_WAVEFORMS.contains(ext) || name.startsWith(".")) {
        continue;
      }
      long size = Files.size(p);
      ScedcDayFile day = scedcName(name);
      if (day != null) {
        entries.add(
            new ArchiveFile(
                p,
                day.id(),
                day.dayStartMicros(),
                day.dayEndMicros() + DAY_FILE_SLACK_MICROS,
                size,
                true));
        continue;
      }
      if (!looksLikeMiniSeed(p)) {
        skips.skip("not a miniSEED file", p.toString());
        continue;
      }
      MiniSeedFile ms;
      try {
        ms = MiniSeed.read(p);
      } catch (IOException e) {
        skips.skip("unreadable miniSEED file", e.getMessage());
        continue;
      }
      archive.bytesRead.addAndGet(size);
      if (!ms.problems().isEmpty()) {
        skips.skip(
            "corrupt miniSEED records skipped",
            ms.problems().size() + " problem(s) in " + p + ", first: " + ms.problems().get(0));
      }
      entries.addAll(describe(p, size, ms));
      archive.remember(p, ms, size);
    }
    WaveformArchive result = new WaveformArchive(root, entries, skips, cacheLimitBytes);
    result.cache.putAll(archive.cache);
    result.cacheBytes = archive.cacheBytes;
    result.bytesRead.set(archive.bytesRead.get());
    LOG.info(
        "indexed {} channel files of {} stations below {}",
        entries.size(),
        result.byStation.size(),
        root);
    return result;
  }

  private static List<ArchiveFile> describe(Path p, long size, MiniSeedFile ms) {
    Map<SourceId, long[]> spans = new LinkedHashMap<>();
    boolean uniform = true;
    int length = -1;
    long lastStart = Long.MIN_VALUE;
    for (MiniSeedRecord r : ms.records()) {
      if (!r.hasWaveform()) {
        continue;
      }
      spans.merge(
          r.id(),
          new long[] {r.startMicros(), r.endMicros()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      uniform &= (length < 0 || r.recordLength() == length) && r.startMicros() >= lastStart;
      length = r.recordLength();
      lastStart = r.startMicros();
    }
    boolean seekable =
        uniform
            && spans.size() == 1
            && ms.problems().isEmpty()
            && length > 0
            && size % length == 0
            && size / length == ms.records().size();
    List<ArchiveFile> out = new ArrayList<>();
    spans.forEach((id, span) -> out.add(new ArchiveFile(p, id, span[0], span[1], size, seekable)));
    return out;
  }

  /** Sets the file size from which record search is used (tests compare both read paths). */
  WaveformArchive withSeekThreshold(long bytes) {
    this.seekThresholdBytes = bytes;
    return this;
  }

  /** The archive root. */
  public Path root() {
    return root;
  }

  /** Every indexed (file, channel) entry, in path order. */
  public List<ArchiveFile> files() {
    return files;
  }

  /** Ids ({@code NET.STA}) of every station with data. */
  public Set<String> stationIds() {
    return new TreeSet<>(byStation.keySet());
  }

  /** Bytes read from disk so far (indexing included). */
  public long bytesRead() {
    return bytesRead.get();
  }

  /** Bytes of the records that fell into requested windows so far. */
  public long recordBytesUsed() {
    return recordBytesUsed.get();
  }

  /** Total size of the distinct files that supplied data to some window. */
  public long bytesOfFilesUsed() {
    long total = 0;
    for (ArchiveFile f : files) {
      if (filesUsed.contains(f.path())) {
        total += f.bytes();
      }
    }
    // A multi-channel file appears once per channel in the index; count it once.
    long dup = 0;
    Set<Path> seen = new java.util.HashSet<>();
    for (ArchiveFile f : files) {
      if (filesUsed.contains(f.path()) && !seen.add(f.path())) {
        dup += f.bytes();
      }
    }
    return total - dup;
  }

  /**
   * Contiguous segments (raw counts) of every channel of {@code stationId} that overlap {@code
   * [startMicros, endMicros)}, keyed by channel, each list in time order. Segments are whole
   * records, so they may extend a little beyond the window; unreadable files are skipped and
   * counted.
   */
  public Map<SourceId, List<Trace>> segments(String stationId, long startMicros, long endMicros) {
    List<MiniSeedRecord> records = new ArrayList<>();
    Set<Path> done = new java.util.HashSet<>();
    for (ArchiveFile f : byStation.getOrDefault(stationId, List.of())) {
      if (f.endMicros() <= startMicros || f.startMicros() >= endMicros || !done.add(f.path())) {
        continue;
      }
      List<MiniSeedRecord> got = read(f, startMicros, endMicros);
      for (MiniSeedRecord r : got) {
        if (r.hasWaveform()
            && r.id().stationId().equals(stationId)
            && r.endMicros() > startMicros
            && r.startMicros() < endMicros) {
          records.add(r);
          recordBytesUsed.addAndGet(r.recordLength());
        }
      }
      if (!got.isEmpty()) {
        filesUsed.add(f.path());
      }
    }
    Map<SourceId, List<Trace>> out = new TreeMap<>(Comparator.comparing(SourceId::toString));
    for (Trace t : Traces.assemble(records)) {
      out.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t);
    }
    return out;
  }

  private List<MiniSeedRecord> read(ArchiveFile f, long start, long end) {
    if (f.seekable() && f.bytes() >= seekThresholdBytes) {
      try {
        List<MiniSeedRecord> found = seek(f.path(), start, end);
        if (found != null) {
          return found;
        }
      } catch (IOException | MiniSeedException e) {
        LOG.debug(
            "record search in {} failed ({}); reading the whole file", f.path(), e.toString());
      }
    }
    MiniSeedFile ms = cached(f.path());
    if (ms == null) {
      try {
        ms = MiniSeed.read(f.path());
      } catch (IOException e) {
        skips.skip("unreadable miniSEED file", e.getMessage());
        return List.of();
      }
      bytesRead.addAndGet(f.bytes());
      remember(f.path(), ms, f.bytes());
    }
    return ms.records();
  }

  /**
   * The records of a time-ordered, single-record-length file that overlap the window, found by
   * binary search; null when the file does not have that structure.
   */
  private List<MiniSeedRecord> seek(Path path, long start, long end)
      throws IOException, MiniSeedException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      byte[] head = new byte[(int) Math.min(size, 8192)];
      readFully(ch, head, 0);
      MiniSeedRecord first = MiniSeed.parse(head, 0, head.length);
      int length = first.recordLength();
      if (length <= 0 || size % length != 0) {
        return null;
      }
      long n = size / length;
      byte[] buf = new byte[length];
      long lo = 0;
      long hi = n;
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        MiniSeedRecord r = recordAt(ch, buf, mid);
        if (r.endMicros() <= start) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      List<MiniSeedRecord> out = new ArrayList<>();
      long previous = Long.MIN_VALUE;
      for (long i = lo; i < n; i++) {
        MiniSeedRecord r = recordAt(ch, new byte[length], i);
        if (r.startMicros() < previous) {
          return null; // not time-ordered after all: the search may have missed records
        }
        previous = r.startMicros();
        if (r.startMicros() >= end) {
          break;
        }
        out.add(r);
      }
      return out;
    }
  }

  private MiniSeedRecord recordAt(FileChannel ch, byte[] buf, long index)
      throws IOException, MiniSeedException {
    readFully(ch, buf, index * buf.length);
    bytesRead.addAndGet(buf.length);
    return MiniSeed.parse(buf, 0, buf.length);
  }

  private static void readFully(FileChannel ch, byte[] buf, long position) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long pos = position;
    while (bb.hasRemaining()) {
      int k = ch.read(bb, pos);
      if (k < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += k;
    }
  }

  private synchronized MiniSeedFile cached(Path p) {
    return cache.get(p);
  }

  private synchronized void remember(Path p, MiniSeedFile ms, long size) {
    if (size > cacheLimitBytes / 4 || cache.containsKey(p)) {
      return;
    }
    cache.put(p, ms);
    cacheBytes += size;
    var it = cache.entrySet().iterator();
    while (cacheBytes > cacheLimitBytes && it.hasNext()) {
      var e = it.next();
      cacheBytes -= sizeOf(e.getValue());
      it.remove();
    }
  }

  private static long sizeOf(MiniSeedFile ms) {
    long s = 0;
    for (MiniSeedRecord r : ms.records()) {
      s += r.recordLength();
    }
    return s;
  }

  private static boolean looksLikeMiniSeed(Path p) throws IOException {
    byte[] head = new byte[64];
    int n;
    try (var in = Files.newInputStream(p)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return n >= 40 && MiniSeed.isPlausibleHeader(head, 0, n);
  }

  private static ScedcDayFile scedcName(String name) {
    if (name.length() != 23 || !name.endsWith(".ms")) {
      return null;
    }
    try {
      return ScedcDayFile.parse(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
