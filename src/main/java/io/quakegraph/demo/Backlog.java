package io.quakegraph.demo;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the job is behind the packet topic: the end offsets of the topic minus the offsets the
 * job's Kafka source committed for its consumer group (it commits them when a checkpoint completes,
 * so this lags the job by up to one checkpoint interval). Used to wait until a replay has been
 * worked through, instead of guessing from silence on the alert topic.
 */
public final class Backlog {
  /** How often {@link #drain} asks the broker. */
  static final long POLL_MS = 100;

  private Backlog() {}

  /**
   * How a {@link #drain} ended.
   *
   * @param left records not taken in when it ended (0: all of them)
   * @param seconds how long it waited
   */
  public record Drained(long left, double seconds) {
    /** Whether the job took in every record. */
    public boolean complete() {
      return left == 0;
    }
  }

  /**
   * Waits until {@code groupId} has committed every record of {@code topic}, i.e. the job has
   * worked a replay through, at most {@code limit} long, or until the backlog has not moved for
   * {@code stall} (either null: no such bound).
   *
   * @param progress hears the backlog at each look while records are left
   */
  public static Drained drain(
      Admin admin,
      String topic,
      String groupId,
      Duration limit,
      Duration stall,
      LongConsumer progress)
      throws Exception {
    long t0 = System.nanoTime();
    long previous = -1;
    long movedAt = t0;
    while (true) {
      long left = records(admin, topic, groupId);
      long now = System.nanoTime();
      if (left == 0 || (limit != null && now - t0 > limit.toNanos())) {
        return new Drained(left, (now - t0) / 1e9);
      }
      if (left != previous) {
        previous = left;
        movedAt = now;
      } else if (stall != null && now - movedAt > stall.toNanos()) {
        return new Drained(left, (now - t0) / 1e9);
      }
      progress.accept(left);
      Thread.sleep(POLL_MS);
    }
  }

  /**
   * Records of {@code topic} not yet committed by {@code groupId}; a partition the group never
   * committed counts whole (from its start offset).
   */
  public static long records(Admin admin, String topic, String groupId) throws Exception {
    Set<TopicPartition> parts =
        admin
            .describeTopics(Set.of(topic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toSet());
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin
            .listOffsets(parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
            .all()
            .get(30, TimeUnit.SECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
        admin
            .listOffsets(
                parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
            .all()
            .get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    long lag = 0;
    for (TopicPartition p : parts) {
      long end = ends.get(p).offset();
      OffsetAndMetadata c = committed.get(p);
      long done = c != null ? c.offset() : starts.get(p).offset();
      lag += Math.max(0, end - done);
    }
    return lag;
  }
}
