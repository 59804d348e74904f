package io.quakegraph.ingest;

import io.quakegraph.ingest.seedlink.SeedLinkSequence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last SeedLink sequence number published per station, in a small text file ({@code NET.STA
 * HEX} per line) that is replaced atomically: written to a temporary file, forced to disk, then
 * renamed over the old one, so a crash leaves either the old or the new state, never half of one.
 *
 * <p>The bridge writes it only after the Kafka producer has acknowledged every packet up to the
 * numbers written (flush, then save), so the file never claims a packet that Kafka does not hold.
 */
public final class SequenceState {
  private final Path file;

  /** The state of one SeedLink server ({@code host:port}) in a folder. */
  public SequenceState(Path dir, String host, int port) {
    this.file =
        dir.resolve("seedlink-" + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + port + ".state");
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * The saved numbers; empty when there is no file yet.
   *
   * @throws IOException naming the file and line when it cannot be read or is damaged
   */
  public Map<String, Integer> load() throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      String[] f = s.split("\\s+");
      try {
        if (f.length != 2 || !f[0].contains(".")) {
          throw new IllegalArgumentException("expected 'NET.STA HEX'");
        }
        out.put(f[0], SeedLinkSequence.parse(f[1]));
      } catch (IllegalArgumentException e) {
        throw new IOException(
            "state file " + file + " line " + n + ": '" + line + "': " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Replaces the file with these numbers (atomically, see the class description). */
  public void save(Map<String, Integer> lastSequence) throws IOException {
    StringBuilder b =
        new StringBuilder("# last SeedLink sequence acknowledged by Kafka, per station\n");
    new TreeMap<>(lastSequence)
        .forEach((k, v) -> b.append(k).append(' ').append(SeedLinkSequence.format(v)).append('\n'));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
