package io.quakegraph.ops;

import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A local archive exists and holds miniSEED that reads: the first file in which a record parses
 * ends the check, so an archive of years is checked as fast as one of minutes. The replay's own
 * scan (which indexes every file) comes after, and reports the files it skips.
 */
public final class ArchiveCheck {
  /** Files looked at before an archive without a readable record is given up on. */
  private static final int TRIES = 200;

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
    int tried = 0;
    Path first = null;
    try (Stream<Path> walk = Files.walk(root)) {
      Iterator<Path> it = walk.filter(Files::isRegularFile).iterator();
      while (it.hasNext() && tried < TRIES) {
        Path f = it.next();
        tried++;
        first = first == null ? f : first;
        if (readable(f)) {
          return;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new PreflightException(
          "cannot read archive " + root + ": " + e.getMessage(), "check the folder's permissions");
    }
    throw new PreflightException(
        "archive "
            + root.toAbsolutePath()
            + (tried == 0
                ? " holds no file"
                : " holds no miniSEED file (no record in the "
                    + (tried < TRIES ? "" : "first ")
                    + tried
                    + " files looked at, e.g. "
                    + first.getFileName()
                    + ")"),
        "point " + option + " at a folder of miniSEED 2 or 3 files");
  }

  /** A record parses somewhere in the head of the file. */
  private static boolean readable(Path f) {
    byte[] b;
    try (InputStream in = Files.newInputStream(f)) {
      b = in.readNBytes(HEAD_BYTES);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      if (MiniSeed.isPlausibleHeader(b, i, b.length - i)) {
        try {
          MiniSeed.parse(b, i, b.length - i);
          return true;
        } catch (MiniSeedException | RuntimeException e) {
          // not a record at this offset; look further
        }
      }
    }
    return false;
  }
}
