package io.quakegraph.ingest.replay;

import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.ScedcDayFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the miniSEED files of a local archive: an SCEDC tree ({@code
 * continuous_waveforms/YYYY/YYYY_DDD/NETSTA__CHA___YYYYDDD.ms}, selected by day and channel from
 * the names alone) and/or any other files, whatever their names, indexed by reading their first
 * record header.
 */
public final class LocalArchive {
  private static final Logger LOG = LoggerFactory.getLogger(LocalArchive.class);

  /** Bytes read from the head of a file to index it. */
  private static final int HEAD_BYTES = 128 * 1024;

  private LocalArchive() {}

  /** What a scan found. */
  public record Scan(List<ArchiveFile> files, List<Path> notMiniSeed) {}

  /**
   * Scans {@code root} recursively (sorted paths, so the result is deterministic).
   *
   * @throws IOException if {@code root} is not a readable folder
   */
  public static Scan scan(Path root, Selection selection) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("archive " + root + " is not a folder");
    }
    // An archive root beside its stations/ and catalogue: only the waveform tree is read.
    Path tree = root.resolve("continuous_waveforms");
    Path walkRoot = Files.isDirectory(tree) ? tree : root;
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(walkRoot)) {
      paths = walk.filter(Files::isRegularFile).sorted().toList();
    }
    List<ArchiveFile> files = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    for (Path p : paths) {
      ScedcDayFile day = scedc(p);
      if (day != null) {
        if (selection.matches(day.id()) && selection.overlapsDay(day.day())) {
          files.add(
              new ArchiveFile(
                  p.toString(),
                  Files.size(p),
                  day.id(),
                  day.dayStartMicros(),
                  () -> Files.newInputStream(p)));
        }
        continue;
      }
      Head head = head(p);
      if (head == null) {
        LOG.debug(
            "{}: no miniSEED record header in its first {} bytes; not replayed", p, HEAD_BYTES);
        skipped.add(p);
        continue;
      }
      if (head.record == null
          || (selection.matches(head.record.id())
              && head.record.startMicros() < selection.endMicros())) {
        files.add(
            new ArchiveFile(
                p.toString(),
                Files.size(p),
                head.record == null ? null : head.record.id(),
                head.record == null ? Long.MIN_VALUE : head.record.startMicros(),
                () -> Files.newInputStream(p)));
      }
    }
    if (!skipped.isEmpty()) {
      LOG.warn(
          "{} files under {} hold no miniSEED record header in their first {} bytes and are not"
              + " replayed, e.g. {}",
          skipped.size(),
          walkRoot,
          HEAD_BYTES,
          skipped.get(0));
    }
    return new Scan(files, skipped);
  }

  /** The SCEDC day file {@code p} is, when both its name and its folder say so; else null. */
  private static ScedcDayFile scedc(Path p) {
    try {
      ScedcDayFile d = ScedcDayFile.parse(p.getFileName().toString());
      Path parent = p.getParent();
      String dayDir = "%04d_%03d".formatted(d.day().getYear(), d.day().getDayOfYear());
      return parent != null && parent.getFileName().toString().equals(dayDir) ? d : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The first valid record in the head of a file; a Head with a null record when the head has
   * plausible headers but none parses (a corrupt miniSEED file, replayed for its dead letters);
   * null when nothing in the head looks like miniSEED at all (a StationXML or JSON file beside the
   * waveforms).
   */
  private static Head head(Path p) throws IOException {
    byte[] b;
    try (InputStream in = Files.newInputStream(p)) {
      b = in.readNBytes(HEAD_BYTES);
    }
    boolean plausible = false;
    for (int i = 0; i < b.length; i++) {
      if (MiniSeed.isPlausibleHeader(b, i, b.length - i)) {
        plausible = true;
        try {
          return new Head(MiniSeed.parse(b, i, b.length - i));
        } catch (MiniSeedException | RuntimeException e) {
          // not a record here; look further
        }
      }
    }
    return plausible ? new Head(null) : null;
  }

  private record Head(MiniSeedRecord record) {}
}
