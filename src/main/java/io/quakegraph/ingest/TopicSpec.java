package io.quakegraph.ingest;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one Kafka topic must look like: its name, partition count and topic-level configs.
 *
 * <p>The replication factor is not part of the spec: it depends on the cluster (1 on the local
 * single-node broker, {@link Topics#PRODUCTION_REPLICAS} in deploy/kafka/topics.yaml), and so does
 * {@code min.insync.replicas}, which {@link Topics#minInsyncReplicas(int)} derives from it.
 *
 * @param name topic name
 * @param partitions number of partitions (never decreased; increasing it remaps keys)
 * @param configs topic-level configs, e.g. {@code retention.ms}; sorted, unmodifiable
 * @param purpose one line saying what the topic carries and why it is configured so
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String purpose) {
  /** Validates and freezes the spec. */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(purpose, "purpose");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name is blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be >= 1, got " + partitions);
    }
    configs = Map.copyOf(new TreeMap<>(configs));
  }
}
