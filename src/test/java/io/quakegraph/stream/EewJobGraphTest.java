package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.model.classical.TriggerState;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.WaveformPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's graph: no Kryo anywhere, the head in its own slot-sharing group, uids set. */
class EewJobGraphTest {
  static final JobConfig CFG =
      JobConfig.defaults("127.0.0.1:1", Path.of("/nonexistent/model"), Path.of("/nonexistent/inv"))
          .toBuilder()
          .parallelism(2)
          .build();

  static StreamGraph graph() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    EewJob.build(env, CFG);
    return env.getStreamGraph();
  }

  @Test
  void buildsWithGenericTypesDisabled() {
    StreamGraph sg = graph();
    assertTrue(
        sg.getExecutionConfig().getSerializerConfig().hasGenericTypesDisabled(),
        "pipeline.generic-types=false is set on the job");
    // The job graph generator creates every edge's serializer; with generic types disabled a Kryo
    // type would throw here.
    JobGraph jg = sg.getJobGraph();
    assertTrue(jg.getNumberOfVertices() >= 4);
    for (StreamNode n : sg.getStreamNodes()) {
      if (n.getTypeSerializerOut() != null) {
        assertFalse(
            n.getTypeSerializerOut().getClass().getName().contains("Kryo"),
            n.getOperatorName() + " output uses Kryo");
      }
    }
  }

  @Test
  void aGenericTypeWouldFailTheSameCheck() {
    // Negative control: the check above can fail.
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    assertThrows(
        UnsupportedOperationException.class,
        () -> {
          StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
          env.fromData(new Object(), new Object())
              .returns(new GenericTypeInfo<>(Object.class))
              .map(o -> o.toString());
          env.getStreamGraph().getJobGraph();
        });
  }

  @Test
  void everyRecordAndStateTypeIsSerialisedWithoutKryo() {
    SerializerConfigImpl noGeneric = new SerializerConfigImpl();
    noGeneric.setGenericTypes(false);
    List<Class<?>> types =
        List.of(
            Inbound.class,
            StationWindow.class,
            StationNode.class,
            ChunkState.class,
            TriggerState.class,
            AssociationState.class,
            EventState.class,
            TriggerOnset.class,
            WaveformPacket.class,
            DeadLetter.class,
            EarthquakeAlert.class);
    for (Class<?> c : types) {
      TypeInformation<?> ti = TypeInformation.of(c);
      List<String> generic = new ArrayList<>();
      walk(ti, c.getSimpleName(), generic);
      if (c.getPackageName().endsWith("schema")) {
        assertTrue(ti instanceof AvroTypeInfo<?>, c + " is serialised by Avro");
      }
      assertEquals(List.of(), generic, c + " has generic (Kryo) parts");
      ti.createSerializer(noGeneric); // throws for a generic type
    }
  }

  private static void walk(TypeInformation<?> ti, String path, List<String> generic) {
    if (ti instanceof AvroTypeInfo<?>) {
      return; // one AvroSerializer for the whole record; its field infos are never used
    }
    if (ti instanceof GenericTypeInfo<?>) {
      generic.add(path + ": " + ti);
    } else if (ti instanceof ObjectArrayTypeInfo<?, ?> a) {
      walk(a.getComponentInfo(), path + "[]", generic);
    } else if (ti instanceof CompositeType<?> c) {
      for (int i = 0; i < c.getArity(); i++) {
        walk(c.getTypeAt(i), path + "." + c.getFieldNames()[i], generic);
      }
    }
  }

  @Test
  void headRunsAloneInTheGpuSlotSharingGroup() {
    StreamGraph sg = graph();
    Map<String, StreamNode> byName =
        sg.getStreamNodes().stream()
            .collect(Collectors.toMap(StreamNode::getOperatorName, n -> n, (x, y) -> x));
    StreamNode head = byName.get("event-head");
    assertEquals(EewJob.HEAD_GROUP, head.getSlotSharingGroup());
    assertEquals(1, head.getParallelism());
    assertEquals(2, byName.get("station").getParallelism());
    assertEquals(2, byName.get("encoder").getParallelism());
    assertTrue(!EewJob.HEAD_GROUP.equals(byName.get("station").getSlotSharingGroup()));
    assertTrue(!EewJob.HEAD_GROUP.equals(byName.get("encoder").getSlotSharingGroup()));
    JobGraph jg = sg.getJobGraph();
    boolean found = false;
    for (JobVertex v : jg.getVertices()) {
      if (v.getName().contains("event-head")) {
        found = true;
        assertEquals(1, v.getParallelism());
      }
    }
    assertTrue(found, "the head is a vertex of the job graph");
    assertTrue(jg.isCheckpointingEnabled(), "exactly-once needs checkpoints");
    assertEquals(EewJob.HEAD_MAX_PARALLELISM, head.getMaxParallelism(), "a cluster can rescale it");
  }

  @Test
  void theHeadScalesOutWithItsAlertWritersChainedToIt(@TempDir Path dir) throws Exception {
    Path regions = Files.writeString(dir.resolve("regions.txt"), "a: CI.*\nb: AZ.*\n");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    EewJob.build(env, CFG.toBuilder().headParallelism(3).regionsFile(regions).build());
    StreamGraph sg = env.getStreamGraph();
    JobVertex head =
        sg.getJobGraph().getVerticesSortedTopologicallyFromSources().stream()
            .filter(v -> v.getName().contains("event-head"))
            .findFirst()
            .orElseThrow();
    assertEquals(3, head.getParallelism());
    assertEquals(EewJob.HEAD_MAX_PARALLELISM, head.getMaxParallelism());
    assertTrue(head.getName().contains("alerts-sink"), "the sink chained: " + head.getName());
    StreamNode node =
        sg.getStreamNodes().stream()
            .filter(n -> n.getOperatorName().equals("event-head"))
            .findFirst()
            .orElseThrow();
    assertEquals(EewJob.HEAD_GROUP, node.getSlotSharingGroup());
  }
}
