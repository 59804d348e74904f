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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.OperatorStateHandle;

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
    try {
      return load(metadata).getOperatorStates() != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static CheckpointMetadata load(Path metadata) throws IOException {
    try (InputStream in = Files.newInputStream(metadata);
        DataInputStream data = new DataInputStream(in)) {
      return Checkpoints.loadCheckpointMetadata(
          data, RetainedCheckpoints.class.getClassLoader(), metadata.getParent().toString());
    }
  }

  /**
   * The Kafka offsets the job's source resumes at when it restores {@code c}: partition ({@code
   * topic-p}) to the next offset to read, from the source readers' split state. Empty when the
   * checkpoint holds no readable split state (then the operator still sees each partition's first
   * offset in the job's log).
   */
  public static Map<String, Long> sourceOffsets(Completed c) {
    Map<String, Long> out = new TreeMap<>();
    try {
      for (OperatorState os : load(c.dir().resolve("_metadata")).getOperatorStates()) {
        for (OperatorSubtaskState st : os.getSubtaskStates().values()) {
          for (OperatorStateHandle h : st.getManagedOperatorState()) {
            OperatorStateHandle.StateMetaInfo info =
                h.getStateNameToPartitionOffsets().get(SOURCE_STATE);
            if (info != null) {
              readSplits(h, info, out);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return out;
  }

  /** Name of the source operator's list state of its splits (Flink's SourceOperator). */
  private static final String SOURCE_STATE = "SourceReaderState";

  private static void readSplits(
      OperatorStateHandle h, OperatorStateHandle.StateMetaInfo info, Map<String, Long> out)
      throws IOException {
    KafkaPartitionSplitSerializer splits = new KafkaPartitionSplitSerializer();
    try (FSDataInputStream in = h.openInputStream()) {
      DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
      for (long offset : info.getOffsets()) {
        in.seek(offset);
        byte[] bytes = BytePrimitiveArraySerializer.INSTANCE.deserialize(view);
        KafkaPartitionSplit s =
            SimpleVersionedSerialization.readVersionAndDeSerialize(splits, bytes);
        out.put(s.getTopic() + "-" + s.getPartition(), s.getStartingOffset());
      }
    }
  }
}
