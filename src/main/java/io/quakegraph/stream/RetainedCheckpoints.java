package io.quakegraph.stream;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

/**
 * The completed checkpoints a local job left in its checkpoint folder, newest first. Flink writes
 * each run's checkpoints under {@code <folder>/<job id>/chk-<n>/}, and a run started again gets a
 * new job id, so the newest checkpoint of all runs is the one to resume from. A checkpoint counts
 * as completed when its {@code _metadata} file reads back: a process killed while writing one
 * leaves a folder without it, or a truncated file, and that checkpoint is skipped.
 */
public final class RetainedCheckpoints {
  private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

  /**
   * One completed checkpoint.
   *
   * @param dir its folder ({@code .../<job id>/chk-<n>}), what Flink restores from
   * @param id the checkpoint id
   * @param completedAt when its metadata was written
   */
  public record Completed(Path dir, long id, Instant completedAt) {}

  private RetainedCheckpoints() {}

  /** The newest completed checkpoint under {@code folder}, if any. */
  public static Optional<Completed> newest(Path folder) throws IOException {
    for (Completed c : candidates(folder)) {
      if (readable(c.dir().resolve("_metadata"))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Checkpoint folders with a metadata file, newest metadata first. */
  static List<Completed> candidates(Path folder) throws IOException {
    List<Completed> out = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (Stream<Path> jobs = Files.list(folder)) {
      for (Path job : jobs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> chks = Files.list(job)) {
          for (Path chk : chks.toList()) {
            Matcher m = CHK.matcher(chk.getFileName().toString());
            Path meta = chk.resolve("_metadata");
            if (m.matches() && Files.isRegularFile(meta)) {
              out.add(
                  new Completed(
                      chk,
                      Long.parseLong(m.group(1)),
                      Files.getLastModifiedTime(meta).toInstant()));
            }
          }
        }
      }
    }
    out.sort(
        Comparator.comparing(Completed::completedAt).thenComparingLong(Completed::id).reversed());
    return out;
  }

  private static boolean readable(Path metadata) {
    try (InputStream in = Files.newInputStream(metadata);
        DataInputStream data = new DataInputStream(in)) {
      CheckpointMetadata m =
          Checkpoints.loadCheckpointMetadata(
              data, RetainedCheckpoints.class.getClassLoader(), metadata.getParent().toString());
      return m.getOperatorStates() != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
