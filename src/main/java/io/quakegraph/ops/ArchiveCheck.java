package io.quakegraph.ops;

import io.quakegraph.ingest.replay.ArchiveFile;
import io.quakegraph.ingest.replay.LocalArchive;
import io.quakegraph.ingest.replay.Selection;
import io.quakegraph.seismic.MiniSeed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local archive exists and holds miniSEED that reads. Found with the replay's own scan, so the
 * check and the replay agree on what counts as a waveform file.
 */
public final class ArchiveCheck {
  /** Files tried for a readable record before the archive is called unreadable. */
  private static final int TRIES = 20;

  private static final int HEAD_BYTES = 64 * 1024;

  private ArchiveCheck() {}

  /**
   * Checks a folder; an {@code s3://} address is left to the replay (a bucket listing can take
   * longer than the whole preflight may).
   */
  public static void archive(String archive, String option) {
    if (archive.startsWith("s3://")) {
      return;
    }
    folder(Path.of(archive), option);
  }

  /** Checks a local archive folder. */
  public static void folder(Path root, String option) {
    if (!Files.isDirectory(root)) {
      throw new PreflightException(
          "archive "
              + root.toAbsolutePath()
              + (Files.exists(root) ? " is not a folder" : " does not exist"),
          "point " + option + " at a folder of miniSEED files (an SCEDC tree or any folder)");
    }
    LocalArchive.Scan scan;
    try {
      scan = LocalArchive.scan(root, Selection.ALL);
    } catch (IOException | RuntimeException e) {
      throw new PreflightException(
          "cannot read archive " + root + ": " + e.getMessage(), "check the folder's permissions");
    }
    if (scan.files().isEmpty()) {
      throw new PreflightException(
          "archive "
              + root.toAbsolutePath()
              + " holds no miniSEED file ("
              + scan.notMiniSeed().size()
              + " other files)",
          "point " + option + " at a folder of miniSEED files");
    }
    int tried = 0;
    for (ArchiveFile f : scan.files()) {
      if (readable(f)) {
        return;
      }
      if (++tried >= TRIES) {
        break;
      }
    }
    throw new PreflightException(
        "no readable miniSEED record in the first "
            + tried
            + " files of archive "
            + root
            + ", e.g. "
            + scan.files().get(0).name(),
        "check that the files are miniSEED 2 or 3 and not truncated");
  }

  /** A record parses somewhere in the head of the file. */
  private static boolean readable(ArchiveFile f) {
    byte[] b;
    try (InputStream in = f.opener().open()) {
      b = in.readNBytes(HEAD_BYTES);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      if (MiniSeed.isPlausibleHeader(b, i, b.length - i)) {
        try {
          MiniSeed.parse(b, i, b.length - i);
          return true;
        } catch (RuntimeException | io.quakegraph.seismic.MiniSeedException e) {
          // not a record at this offset; look further
        }
      }
    }
    return false;
  }
}
