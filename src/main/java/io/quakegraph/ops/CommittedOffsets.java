package io.quakegraph.ops;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a consumer group committed on a topic, for telling the operator where a job that
 * starts without a checkpoint will read from.
 */
public final class CommittedOffsets {
  private CommittedOffsets() {}

  /**
   * Partition to committed offset (partitions without a commit are absent); empty when the broker
   * does not answer within the preflight's timeout.
   */
  public static Map<Integer, Long> of(String bootstrap, String topic, String group) {
    Map<Integer, Long> out = new TreeMap<>();
    Admin admin = KafkaCheck.admin(bootstrap, KafkaCheck.TIMEOUT);
    try {
      Map<TopicPartition, OffsetAndMetadata> all =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(KafkaCheck.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      all.forEach(
          (tp, om) -> {
            if (om != null && tp.topic().equals(topic)) {
              out.put(tp.partition(), om.offset());
            }
          });
    } catch (Exception e) {
      // the caller says "no committed offsets"; the preflight already proved the broker answers
    } finally {
      admin.close(Duration.ofMillis(500));
    }
    return out;
  }

  /** "p0:120 p1:98 ..." for a log line. */
  public static String format(Map<Integer, Long> offsets) {
    StringBuilder sb = new StringBuilder();
    offsets.forEach(
        (p, o) -> sb.append(sb.isEmpty() ? "" : " ").append('p').append(p).append(':').append(o));
    return sb.toString();
  }
}
