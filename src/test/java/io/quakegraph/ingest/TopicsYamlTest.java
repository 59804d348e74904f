package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/kafka/topics.yaml (Strimzi) and {@link Topics} describe the same topics. */
class TopicsYamlTest {
  @Test
  void yamlAgreesWithTheJavaSpecs() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    try (var docs =
        yaml.readerFor(JsonNode.class).readValues(Path.of("deploy/kafka/topics.yaml").toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = (JsonNode) docs.next();
        assertEquals("KafkaTopic", doc.path("kind").asText());
        assertEquals("kafka.strimzi.io/v1beta2", doc.path("apiVersion").asText());
        byName.put(doc.path("spec").path("topicName").asText(), doc);
      }
    }
    assertEquals(
        Topics.ALL.stream().map(TopicSpec::name).sorted().toList(),
        byName.keySet().stream().sorted().toList(),
        "the same topic names");

    for (TopicSpec spec : Topics.ALL) {
      JsonNode doc = byName.get(spec.name());
      assertEquals(spec.name(), doc.path("metadata").path("name").asText());
      assertTrue(doc.path("metadata").path("labels").has("strimzi.io/cluster"), spec.name());
      JsonNode s = doc.path("spec");
      assertEquals(spec.partitions(), s.path("partitions").asInt(), spec.name() + " partitions");
      assertEquals(
          Topics.PRODUCTION_REPLICAS, s.path("replicas").asInt(), spec.name() + " replicas");

      Map<String, String> config = new HashMap<>();
      s.path("config")
          .fields()
          .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      Map<String, String> expected = new HashMap<>(spec.configs());
      expected.put(
          "min.insync.replicas",
          Integer.toString(Topics.minInsyncReplicas(Topics.PRODUCTION_REPLICAS)));
      assertEquals(expected, config, spec.name() + " config");
    }
  }

  @Test
  void retentionIsWhatTheDesignSays() {
    assertEquals("86400000", Topics.PACKETS_SPEC.configs().get("retention.ms"));
    assertEquals("604800000", Topics.DEADLETTER_SPEC.configs().get("retention.ms"));
    assertEquals("2592000000", Topics.ALERTS_SPEC.configs().get("retention.ms"));
    for (TopicSpec spec : Topics.ALL) {
      assertEquals("delete", spec.configs().get("cleanup.policy"), spec.name());
      assertEquals("LogAppendTime", spec.configs().get("message.timestamp.type"), spec.name());
      long segment = Long.parseLong(spec.configs().get("segment.ms"));
      long retention = Long.parseLong(spec.configs().get("retention.ms"));
      assertTrue(segment < retention, spec.name() + ": segments must roll before retention bites");
    }
  }
}
