package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Trace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
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

  @Test
  void fivePOnsetsGiveOneEventWithVersionedAlertsTheLastFinal() throws Exception {
    double lat0 = 34.0;
    double lon0 = -118.0;
    List<Station> stations = new ArrayList<>();
    List<Trace> traces = new ArrayList<>();
    long origin = StreamFixtures.T0 + 30_000_000L;
    for (int i = 0; i < 5; i++) {
      double a = 2 * Math.PI * i / 5;
      double r = 10 + 6 * i; // km
      Station s =
          StreamFixtures.station(
              "CI",
              "S" + i,
              lat0 + r * Math.cos(a) / Geodesy.KM_PER_DEGREE,
              lon0 + r * Math.sin(a) / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(lat0))));
      stations.add(s);
      long onset = origin + Math.round(Math.hypot(r, 8) / 6.0 * 1e6);
      traces.addAll(StreamFixtures.station3(s, StreamFixtures.T0, 60.0, onset, 30_000));
    }
    Path inventory = StreamFixtures.inventory(tmp, stations);
    Path model = StreamFixtures.model(tmp, stations);
    JobConfig cfg =
        JobConfig.defaults("unused:1", model, inventory).toBuilder()
            .minTriggeredStations(4)
            .maxEventSeconds(20.0)
            .outOfOrderness(Duration.ofSeconds(2))
            .idleness(Duration.ofSeconds(10))
            .allowedLateness(Duration.ofSeconds(10))
            .build();
    List<WaveformPacket> packets = StreamFixtures.interleaved(traces);

    Configuration conf = EewJob.configuration(cfg);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 3);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    DataStream<WaveformPacket> in =
        env.fromData(packets, TypeInformation.of(WaveformPacket.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<WaveformPacket>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                    .withTimestampAssigner((p, ts) -> p.getStartTime().toEpochMilli()));
    EewJob.Stages stages = EewJob.stages(in, cfg);
    List<EarthquakeAlert> alerts = new ArrayList<>();
    try (CloseableIterator<EarthquakeAlert> it = stages.alerts().executeAndCollect("stages")) {
      it.forEachRemaining(alerts::add);
    }
    assertTrue(!alerts.isEmpty(), "an event was opened");
    String id = alerts.get(0).getEventId().toString();
    for (int i = 0; i < alerts.size(); i++) {
      EarthquakeAlert a = alerts.get(i);
      assertEquals(id, a.getEventId().toString(), "one event");
      assertEquals(i + 1, a.getVersion());
      assertEquals(i == alerts.size() - 1, a.getFinalEstimate());
      assertEquals(5, a.getStationsLive());
    }
    long firstData = alerts.get(0).getDataTime().toEpochMilli() * 1000;
    assertTrue(
        firstData > origin && firstData < origin + 12_000_000L,
        "first alert " + (firstData - origin) / 1e6 + " s after the origin");
    System.out.printf(
        "stages: %d versions of %s, first at origin + %.1f s%n",
        alerts.size(), id, (firstData - origin) / 1e6);
  }
}
