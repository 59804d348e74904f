package io.quakegraph.demo;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
  private Backlog() {}

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
