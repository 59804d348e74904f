package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's operators in a real MiniCluster with generic types disabled, fed real miniSEED packets
 * of five stations that see one P wavefront (the Kafka ends are tested end to end elsewhere).
 */
class StagesMiniClusterTest {
  @TempDir Path tmp;

  /**
   * Five stations on a ring around ({@code lat0}, {@code lon0}) that see one P wavefront from a
   * source 8 km deep under its centre at {@code origin}; adds them and their traces (60 s from T0).
   */
  static void ring(
      String prefix,
      double lat0,
      double lon0,
      long origin,
      List<Station> stations,
      List<Trace> traces) {
    for (int i = 0; i < 5; i++) {
      double a = 2 * Math.PI * i / 5;
      double r = 10 + 6 * i; // km
      Station s =
          StreamFixtures.station(
              "CI",
              prefix + i,
              lat0 + r * Math.cos(a) / Geodesy.KM_PER_DEGREE,
              lon0 + r * Math.sin(a) / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(lat0))));
      stations.add(s);
      long onset = origin + Math.round(Math.hypot(r, 8) / 6.0 * 1e6);
      traces.addAll(StreamFixtures.station3(s, StreamFixtures.T0, 60.0, onset, 30_000));
    }
  }

  /** The job's settings for the test network: events of at most 20 s. */
  JobConfig config(List<Station> stations) throws Exception {
    Path inventory = StreamFixtures.inventory(tmp, stations);
    Path model = StreamFixtures.model(tmp, stations);
    return JobConfig.defaults("unused:1", model, inventory).toBuilder()
        .minTriggeredStations(4)
        .maxEventSeconds(20.0)
        .outOfOrderness(Duration.ofSeconds(2))
        .idleness(Duration.ofSeconds(10))
        .allowedLateness(Duration.ofSeconds(10))
        .build();
  }

  /** The job's stages in a MiniCluster fed the traces' packets; the head's output as it left. */
  static <T> List<T> run(
      List<Trace> traces,
      JobConfig cfg,
      java.util.function.Function<DataStream<EarthquakeAlert>, DataStream<T>> after)
      throws Exception {
    List<WaveformPacket> packets = StreamFixtures.interleaved(traces);
    Configuration conf = EewJob.configuration(cfg);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, cfg.parallelism() + cfg.headParallelism() + 1);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    DataStream<WaveformPacket> in =
        env.fromData(packets, TypeInformation.of(WaveformPacket.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<WaveformPacket>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                    .withTimestampAssigner((p, ts) -> p.getStartTime().toEpochMilli()));
    EewJob.Stages stages = EewJob.stages(in, cfg);
    List<T> out = new ArrayList<>();
    try (CloseableIterator<T> it = after.apply(stages.alerts()).executeAndCollect("stages")) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void fivePOnsetsGiveOneEventWithVersionedAlertsTheLastFinal() throws Exception {
    List<Station> stations = new ArrayList<>();
    List<Trace> traces = new ArrayList<>();
    long origin = StreamFixtures.T0 + 30_000_000L;
    ring("S", 34.0, -118.0, origin, stations, traces);
    List<EarthquakeAlert> alerts = run(traces, config(stations), a -> a);
    assertTrue(!alerts.isEmpty(), "an event was opened");
    String id = alerts.get(0).getEventId().toString();
    for (EarthquakeAlert a : alerts) {
      assertEquals(id, a.getEventId().toString(), "one event");
    }
    assertVersioned(alerts, 5);
    long firstData = alerts.get(0).getDataTime().toEpochMilli() * 1000;
    assertTrue(
        firstData > origin && firstData < origin + 12_000_000L,
        "first alert " + (firstData - origin) / 1e6 + " s after the origin");
    System.out.printf(
        "stages: %d versions of %s, first at origin + %.1f s%n",
        alerts.size(), id, (firstData - origin) / 1e6);
  }

  @Test
  void twoRegionsRunOnTwoHeadSubtasksAndBothAreAlerted() throws Exception {
    // two rings 300 km apart, an earthquake under each 5 s apart, one region each
    List<Station> stations = new ArrayList<>();
    List<Trace> traces = new ArrayList<>();
    long origin = StreamFixtures.T0 + 30_000_000L;
    ring("C", 34.0, -118.0, origin, stations, traces);
    ring("V", 36.5, -116.5, origin + 5_000_000L, stations, traces);
    Path regions =
        Files.writeString(
            tmp.resolve("regions.txt"),
            "coast: CI.C0 CI.C1 CI.C2 CI.C3 CI.C4\nvalley: CI.V0 CI.V1 CI.V2 CI.V3 CI.V4\n");
    JobConfig cfg = config(stations).toBuilder().regionsFile(regions).headParallelism(2).build();
    for (String region : List.of("coast", "valley")) {
      assertEquals(
          region.equals("coast") ? 0 : 1,
          KeyGroupRangeAssignment.assignKeyToParallelOperator(
              region, EewJob.HEAD_MAX_PARALLELISM, 2),
          "the test needs the two regions on different head subtasks");
    }
    // which head subtask sent each alert: a map chained to the head, at its parallelism
    List<Tuple2<Integer, EarthquakeAlert>> tagged =
        run(
            traces,
            cfg,
            alerts ->
                alerts
                    .map(new BySubtask())
                    .returns(Types.TUPLE(Types.INT, TypeInformation.of(EarthquakeAlert.class)))
                    .setParallelism(cfg.headParallelism()));
    Map<String, List<EarthquakeAlert>> byEvent = new TreeMap<>();
    Map<String, Set<Integer>> subtasks = new TreeMap<>();
    for (Tuple2<Integer, EarthquakeAlert> t : tagged) {
      String id = t.f1.getEventId().toString();
      byEvent.computeIfAbsent(id, k -> new ArrayList<>()).add(t.f1);
      subtasks.computeIfAbsent(id, k -> new TreeSet<>()).add(t.f0);
    }
    assertEquals(2, byEvent.size(), "one event per region: " + byEvent.keySet());
    String coast = byEvent.keySet().stream().filter(id -> id.contains("CI.C")).findFirst().get();
    String valley = byEvent.keySet().stream().filter(id -> id.contains("CI.V")).findFirst().get();
    assertEquals(Set.of(0), subtasks.get(coast), "the coast's event on head subtask 0");
    assertEquals(Set.of(1), subtasks.get(valley), "the valley's event on head subtask 1");
    // a region's graph is its own 5 stations
    byEvent.values().forEach(v -> assertVersioned(v, 5));
  }

  /** Versions 1..n, only the last final, each from a graph of {@code live} live stations. */
  static void assertVersioned(List<EarthquakeAlert> versions, int live) {
    for (int i = 0; i < versions.size(); i++) {
      EarthquakeAlert a = versions.get(i);
      assertEquals(i + 1, a.getVersion());
      assertEquals(i == versions.size() - 1, a.getFinalEstimate());
      assertEquals(live, a.getStationsLive());
    }
  }

  /** Tags an alert with the index of the subtask that sent it. */
  static final class BySubtask
      extends RichMapFunction<EarthquakeAlert, Tuple2<Integer, EarthquakeAlert>> {
    @Override
    public Tuple2<Integer, EarthquakeAlert> map(EarthquakeAlert a) {
      return Tuple2.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), a);
    }
  }
}
