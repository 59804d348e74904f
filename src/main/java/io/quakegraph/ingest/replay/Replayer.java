package io.quakegraph.ingest.replay;

import io.quakegraph.ingest.PacketSink;
import io.quakegraph.ingest.PacketValidator;
import io.quakegraph.ingest.Validation;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Replays a miniSEED archive (local folder or S3) into a {@link PacketSink} in event-time order.
 *
 * <p>Each channel is one {@link ReplayStream} over its files in time order; a k-way merge (a
 * priority queue keyed by the end time of each stream's next record) sends the record that ends
 * first, so packets go out in the order a live network would have delivered them, while only one
 * small read window per channel is in memory. Every record passes the {@link PacketValidator}:
 * accepted ones become packets, the rest dead letters with their reason; corrupt bytes inside a
 * file become dead letters too and reading resumes at the next record. Pacing holds the requested
 * speed relative to the first packet. The replay ends by itself when the archive is exhausted and
 * flushes the sink.
 */
public final class Replayer {
  private final ReplayOptions options;
  private final PacketValidator validator;
  private final PacketSink sink;
  private final PrintStream progress;

  /**
   * @param progress where progress lines go (null for none)
   */
  public Replayer(
      ReplayOptions options, PacketValidator validator, PacketSink sink, PrintStream progress) {
    this.options = options;
    this.validator = validator;
    this.sink = sink;
    this.progress = progress;
  }

  /**
   * Runs the replay to the end.
   *
   * @throws IOException when the archive cannot be listed or read (not for bad records: those are
   *     dead-lettered)
   */
  public ReplayResult run() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    if (options.isS3()) {
      try (S3Archive s3 =
          new S3Archive(
              options.archive(), options.s3Endpoint(), options.s3Region(), options.s3PathStyle())) {
        return replay(s3.list(options.selection()), 0, t0);
      }
    }
    LocalArchive.Scan scan = LocalArchive.scan(Path.of(options.archive()), options.selection());
    return replay(scan.files(), scan.notMiniSeed().size(), t0);
  }

  private ReplayResult replay(List<ArchiveFile> files, int notMiniSeed, long t0)
      throws IOException, InterruptedException {
    List<ReplayStream> streams = streams(files);
    long totalBytes = files.stream().mapToLong(ArchiveFile::size).sum();
    Comparator<Head> order =
        Comparator.comparingLong((Head h) -> h.item.endMicros())
            .thenComparing(h -> h.stream.label());
    PriorityQueue<Head> queue = new PriorityQueue<>(Math.max(1, streams.size()), order);
    for (ReplayStream s : streams) {
      ReplayStream.Item i = s.peek();
      if (i != null) {
        queue.add(new Head(s, i));
      } else {
        s.close();
      }
    }
    Pacer pacer = new Pacer(options.speed());
    long packets = 0;
    long dead = 0;
    long samples = 0;
    long dataStart = Long.MAX_VALUE;
    long dataEnd = Long.MIN_VALUE;
    long firstEnd = Long.MIN_VALUE;
    long nextProgress = t0 + (long) (options.progressSeconds() * 1e9);
    try {
      while (!queue.isEmpty()) {
        Head h = queue.poll();
        ReplayStream.Item item = h.stream.poll();
        Validation v;
        if (item.record() != null) {
          pacer.await(item.endMicros());
          v = validator.validate(item.record(), item.origin(), nowMicros(), null);
        } else {
          v =
              validator.reject(
                  item.raw(), item.category(), item.detail(), item.origin(), nowMicros());
        }
        sink.send(v);
        if (v instanceof Validation.Accepted a) {
          packets++;
          samples += a.record().sampleCount();
          dataStart = Math.min(dataStart, a.record().startMicros());
          dataEnd = Math.max(dataEnd, a.record().endMicros());
          if (firstEnd == Long.MIN_VALUE) {
            firstEnd = a.record().endMicros();
          }
        } else {
          dead++;
        }
        ReplayStream.Item next = h.stream.peek();
        if (next != null) {
          queue.add(new Head(h.stream, next));
        } else {
          h.stream.close();
        }
        if (progress != null
            && options.progressSeconds() > 0
            && System.nanoTime() >= nextProgress) {
          long read = streams.stream().mapToLong(ReplayStream::bytesRead).sum();
          printProgress(t0, packets, dead, firstEnd, dataEnd, read, totalBytes);
          nextProgress = System.nanoTime() + (long) (options.progressSeconds() * 1e9);
        }
      }
      sink.flush();
    } finally {
      for (ReplayStream s : streams) {
        s.close();
      }
    }
    long read = streams.stream().mapToLong(ReplayStream::bytesRead).sum();
    long skipped = streams.stream().mapToLong(ReplayStream::skippedOutsideWindow).sum();
    ReplayResult r =
        new ReplayResult(
            files.size(),
            notMiniSeed,
            read,
            packets,
            dead,
            skipped,
            samples,
            dataStart,
            dataEnd,
            (System.nanoTime() - t0) / 1e9);
    if (progress != null) {
      progress.printf(
          Locale.ROOT,
          "replay done: %d packets, %d dead letters (%s), %d files, %.1f MB, %.0f s of data in %.1f s"
              + " (x%.1f real time, %.0f packets/s)%n",
          r.packets(),
          r.deadLetters(),
          validator.metrics().rejectedByReason(),
          r.files(),
          r.bytes() / 1e6,
          r.dataSeconds(),
          r.wallSeconds(),
          r.realTimeFactor(),
          r.packetsPerSecond());
    }
    return r;
  }

  /** Groups files into channel streams; a file without a readable header is a stream alone. */
  private List<ReplayStream> streams(List<ArchiveFile> files) {
    Map<String, List<ArchiveFile>> byChannel = new TreeMap<>();
    for (ArchiveFile f : files) {
      SourceId id = f.id();
      String label = id == null ? "?" + f.name() : id.toString();
      byChannel.computeIfAbsent(label, k -> new ArrayList<>()).add(f);
    }
    List<ReplayStream> out = new ArrayList<>();
    byChannel.forEach(
        (label, list) -> {
          list.sort(
              Comparator.comparingLong(ArchiveFile::startMicros).thenComparing(ArchiveFile::name));
          out.add(new ReplayStream(label, list, options.selection(), options.packetSeconds()));
        });
    return out;
  }

  private void printProgress(
      long t0, long packets, long dead, long firstEnd, long dataEnd, long read, long total) {
    double wall = (System.nanoTime() - t0) / 1e9;
    double data = firstEnd == Long.MIN_VALUE ? 0 : (dataEnd - firstEnd) / 1e6;
    double factor = wall > 0 ? data / wall : 0;
    double fraction = total > 0 ? Math.min(1, (double) read / total) : 0;
    String eta =
        fraction > 0.001 ? "%.0f s".formatted(wall * (1 - fraction) / fraction) : "unknown";
    progress.printf(
        Locale.ROOT,
        "replay: %d packets (%.0f/s), %d dead letters, data at %s, x%.1f real time, %.0f%% of %.1f"
            + " MB, ETA %s%n",
        packets,
        wall > 0 ? packets / wall : 0,
        dead,
        dataEnd == Long.MIN_VALUE ? "-" : Times.format(dataEnd),
        factor,
        100 * fraction,
        total / 1e6,
        eta);
  }

  private static long nowMicros() {
    Instant n = Instant.now();
    return n.getEpochSecond() * 1_000_000L + n.getNano() / 1000;
  }

  private record Head(ReplayStream stream, ReplayStream.Item item) {}
}
