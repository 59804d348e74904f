package io.quakegraph.stream;

import io.quakegraph.ingest.Topics;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.StationPick;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.NetworkRegions;
import io.quakegraph.seismic.SourceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The early-warning job "eew": packets from Kafka to versioned alerts in Kafka.
 *
 * <pre>
 * KafkaSource(seis.packets.v1) ─ watermarks (packet start time, bounded out-of-orderness, idleness)
 *  ─ split ─► dead letters (undecodable values)
 *  ─ keyBy(NET.STA) ─ {@link StationProcessor} (decode, merge, gaps, velocity, resample, trigger;
 *                     one {@link StationWindow} per step) ─► dead letters (bad/duplicate/late)
 *  ─ {@link EncoderOperator} (DJL encoder, one batch per step) ─ {@link StationNode}
 *  ─ keyBy(region) ─ {@link EventHead} (association, graph, DJL head; slot-sharing group gpu-head;
 *                    parallelism headParallelism, max {@value #HEAD_MAX_PARALLELISM})
 *  ─ KafkaSink(eew.alerts.v1, key event id; at least once, each version at once, or exactly once;
 *              one writer per head subtask, chained to it)
 * station windows ─ {@link PickPublisher} (one per onset) ─ KafkaSink(eew.picks.v1, at least once)
 * dead letters ─ KafkaSink(seis.deadletter.v1, at least once, key NET.STA)
 * </pre>
 *
 * Every record type between operators is a Java record or an Avro class, so the job runs with
 * {@code pipeline.generic-types=false} (no Kryo anywhere).
 *
 * <p>The head is keyed by region ({@link NetworkRegions}, from {@link JobConfig#regionsFile}; one
 * region, the whole network, without a file): each region's events are associated and estimated
 * from its own stations, with state and timers of their own, and the regions are spread over the
 * head's subtasks by Flink's key groups. A region is the unit of parallelism: the stations of one
 * event must be in one graph, so a region is never split across subtasks.
 */
public final class EewJob {
  /** Slot-sharing group of the graph head, for a GPU task-manager pool. */
  public static final String HEAD_GROUP = "gpu-head";

  /**
   * Key groups of the head: the most subtasks it can ever run on. Fixed, because a checkpoint
   * restores only into the max parallelism it was taken with; 128 (Flink's smallest default) is far
   * more regions than a network has, and costs nothing at parallelism 1.
   */
  public static final int HEAD_MAX_PARALLELISM = 128;

  /** Name of the job. */
  public static final String NAME = "eew";

  /** Operator uids (stable across versions, so savepoints map state back). */
  public static final String UID_SOURCE = "packets-source";

  public static final String UID_STATION = "station";
  public static final String UID_ENCODER = "encoder";
  public static final String UID_HEAD = "event-head";
  public static final String UID_ALERT_SINK = "alerts-sink";
  public static final String UID_DEAD_SINK = "deadletter-sink";
  public static final String UID_PICKS = "picks";
  public static final String UID_PICK_SINK = "picks-sink";

  /** Kafka transaction timeout: above checkpoint interval plus a restart, below the broker max. */
  static final String TRANSACTION_TIMEOUT_MS = "300000";

  /**
   * How often the source emits watermarks. A step's alert waits for the watermark that passes it,
   * so Flink's default of 200 ms would add up to 200 ms to a packet-to-alert budget of 250 ms.
   */
  public static final Duration WATERMARK_INTERVAL = Duration.ofMillis(20);

  /**
   * How long a network buffer between operators may wait to fill. Windows cross two shuffles
   * (packets to their station, embeddings to the head), each of which would add up to Flink's
   * default 100 ms; the job's record rate (a few per station and second) never fills a buffer.
   */
  public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(5);

  /**
   * Most bytes one fetch takes from a packet partition (Kafka's default is 1 MB). The source emits
   * a fetch partition by partition, and event time advances only when every partition has passed a
   * step; after a restart, a 1-MB fetch holds one partition's whole backlog, which then runs
   * through the job before the next partition's first packet, so the first step waits for all but
   * the last partition's backlog. 16 KB (about 25 packets) interleaves the partitions' backlogs a
   * few data-seconds at a time; a live job's fetches are smaller than that anyway.
   */
  static final int FETCH_BYTES_PER_PARTITION = 16 * 1024;

  private EewJob() {}

  /** The Flink settings the job needs on its environment (generic types off, checkpointing). */
  public static Configuration configuration(JobConfig cfg) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.NAME, NAME);
    conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, WATERMARK_INTERVAL);
    conf.set(ExecutionOptions.BUFFER_TIMEOUT, BUFFER_TIMEOUT);
    return conf;
  }

  /** Adds the job to {@code env}: source, operators and sinks. */
  public static void build(StreamExecutionEnvironment env, JobConfig cfg) {
    env.configure(configuration(cfg));
    env.setParallelism(cfg.parallelism());
    env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);

    KafkaSource<Inbound> source =
        KafkaSource.<Inbound>builder()
            .setBootstrapServers(cfg.bootstrap())
            .setTopics(cfg.packetsTopic())
            .setGroupId(cfg.groupId())
            .setStartingOffsets(startingOffsets(cfg))
            .setDeserializer(new PacketDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("max.partition.fetch.bytes", Integer.toString(FETCH_BYTES_PER_PARTITION))
            .build();
    WatermarkStrategy<Inbound> watermarks =
        WatermarkStrategy.<Inbound>forBoundedOutOfOrderness(cfg.outOfOrderness())
            .withTimestampAssigner((in, kafkaTs) -> eventTimeMs(in))
            .withIdleness(cfg.idleness());
    SingleOutputStreamOperator<WaveformPacket> packets =
        env.fromSource(source, watermarks, "packets")
            .uid(UID_SOURCE)
            .process(new InboundSplitter())
            .name("split")
            .uid("split");
    build(packets, packets.getSideOutput(InboundSplitter.DEAD_LETTERS), cfg);
  }

  /**
   * Where the source starts when the job does not restore a checkpoint (a restored job resumes at
   * the checkpoint's offsets): at the offsets the job's consumer group committed at its last
   * completed checkpoint, so a job started again after a crash or an upgrade neither reads the
   * whole topic again nor skips what came meanwhile; then, on partitions the group never committed,
   * at the earliest or latest packets as configured.
   */
  static OffsetsInitializer startingOffsets(JobConfig cfg) {
    return OffsetsInitializer.committedOffsets(
        cfg.fromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST);
  }

  /**
   * The operators from decoded packets (with timestamps and watermarks) on, and the sinks; the
   * Kafka-free part that tests also drive from other sources.
   */
  static void build(
      DataStream<WaveformPacket> packets, DataStream<DeadLetter> undecodable, JobConfig cfg) {
    Stages s = stages(packets, cfg);
    // as many writers as head subtasks, chained: each event's versions leave through one producer,
    // in order
    s.alerts()
        .sinkTo(alertSink(cfg))
        .name("alerts-sink")
        .uid(UID_ALERT_SINK)
        .setParallelism(cfg.headParallelism())
        .slotSharingGroup(HEAD_GROUP);
    s.windows()
        .filter(PickPublisher.Candidate::recent)
        .name("recent-onsets")
        .map(PickPublisher.Candidate::of)
        .returns(PickPublisher.Candidate.class)
        .name("onset")
        .keyBy(PickPublisher.Candidate::stationId)
        .process(new PickPublisher())
        .name("picks")
        .uid(UID_PICKS)
        .sinkTo(pickSink(cfg))
        .name("picks-sink")
        .uid(UID_PICK_SINK);
    undecodable
        .union(s.windows().getSideOutput(StationProcessor.DEAD_LETTERS))
        .sinkTo(deadLetterSink(cfg))
        .name("deadletter-sink")
        .uid(UID_DEAD_SINK);
  }

  /**
   * The operators of the job between source and sinks.
   *
   * @param windows the station stage (its side output holds the rejected packets)
   * @param alerts the head's alerts
   */
  record Stages(
      SingleOutputStreamOperator<StationWindow> windows,
      SingleOutputStreamOperator<EarthquakeAlert> alerts) {}

  /** Packets to alerts: station stage, encoder, association and head. */
  static Stages stages(DataStream<WaveformPacket> packets, JobConfig cfg) {
    SingleOutputStreamOperator<StationWindow> windows =
        packets
            .keyBy(EewJob::stationKey)
            .process(new StationProcessor(cfg))
            .name("station")
            .uid(UID_STATION);
    SingleOutputStreamOperator<StationNode> nodes =
        windows
            .transform(
                "encoder",
                TypeInformation.of(StationNode.class),
                new EncoderOperator(cfg.modelDir(), cfg.stepRelease()))
            .uid(UID_ENCODER);
    NetworkRegions regions = regions(cfg);
    SingleOutputStreamOperator<EarthquakeAlert> alerts =
        nodes
            .keyBy(n -> regions.regionOf(n.stationId()), Types.STRING)
            .process(new EventHead(cfg, regions))
            .name("event-head")
            .uid(UID_HEAD)
            .setParallelism(cfg.headParallelism())
            .setMaxParallelism(HEAD_MAX_PARALLELISM)
            .slotSharingGroup(HEAD_GROUP);
    return new Stages(windows, alerts);
  }

  /**
   * The regions of the job's network, read where the job is built (the submitting process for a
   * cluster), so the task managers need no copy of the file.
   */
  static NetworkRegions regions(JobConfig cfg) {
    if (cfg.regionsFile() == null) {
      return NetworkRegions.whole();
    }
    try {
      return NetworkRegions.read(cfg.regionsFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the regions file " + cfg.regionsFile(), e);
    }
  }

  /**
   * The alert sink, key = event id. At least once (the default): each version goes out the moment
   * the head computes it, and a restart may repeat versions, identical because the head's ids and
   * versions are a function of the input; consumers drop repeats. Exactly once: transactional,
   * visible to read_committed consumers only when the checkpoint after it completes.
   */
  static KafkaSink<EarthquakeAlert> alertSink(JobConfig cfg) {
    Properties p = new Properties();
    p.setProperty("compression.type", "lz4");
    // Kafka 4's producer default lingers 5 ms to fill a batch; an alert is worth more than a batch.
    p.setProperty("linger.ms", "0");
    var b =
        KafkaSink.<EarthquakeAlert>builder()
            .setBootstrapServers(cfg.bootstrap())
            .setRecordSerializer(
                new AvroValueSerializer<>(
                    cfg.alertsTopic(), EarthquakeAlert.class, a -> a.getEventId().toString()));
    if (cfg.delivery() == AlertDelivery.EXACTLY_ONCE) {
      p.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
      b.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
          .setTransactionalIdPrefix(cfg.transactionalIdPrefix());
    } else {
      // Idempotence keeps one event's versions in order within its partition across retries.
      p.setProperty("enable.idempotence", "true");
      p.setProperty("acks", "all");
      b.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
    }
    return b.setKafkaProducerConfig(p).build();
  }

  /** The dead-letter sink: at least once (a repeated dead letter harms nobody), key NET.STA. */
  static KafkaSink<DeadLetter> deadLetterSink(JobConfig cfg) {
    Properties p = new Properties();
    p.setProperty("compression.type", "lz4");
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(cfg.bootstrap())
        .setKafkaProducerConfig(p)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            new AvroValueSerializer<>(cfg.deadLetterTopic(), DeadLetter.class, EewJob::deadKey))
        .build();
  }

  /**
   * The station-onset sink, topic {@link Topics#PICKS}: at least once (consumers drop an onset they
   * have seen), not transactional, so a display sees a trigger without waiting for a checkpoint.
   */
  static KafkaSink<StationPick> pickSink(JobConfig cfg) {
    Properties p = new Properties();
    p.setProperty("compression.type", "lz4");
    p.setProperty("linger.ms", "0");
    return KafkaSink.<StationPick>builder()
        .setBootstrapServers(cfg.bootstrap())
        .setKafkaProducerConfig(p)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            new AvroValueSerializer<>(
                picksTopic(cfg), StationPick.class, StationPick::getStationId))
        .build();
  }

  /**
   * The picks topic beside the configured alert topic: {@code eew.alerts.v1[.x]} gives {@code
   * eew.picks.v1[.x]} (tests run on suffixed copies of every standard topic); any other alert topic
   * name gives {@link Topics#PICKS}.
   */
  public static String picksTopic(JobConfig cfg) {
    String alerts = cfg.alertsTopic();
    return alerts.startsWith(Topics.ALERTS)
        ? Topics.PICKS + alerts.substring(Topics.ALERTS.length())
        : Topics.PICKS;
  }

  /** Event time of a source record: the packet's first sample; none for an undecodable value. */
  static long eventTimeMs(Inbound in) {
    // Long.MIN_VALUE never advances the watermark; the dead letter only passes through.
    return in.isPacket() ? in.packet().getStartTime().toEpochMilli() : Long.MIN_VALUE;
  }

  /** The key of a packet: {@code NET.STA}. */
  static String stationKey(WaveformPacket p) {
    return p.getNetwork() + "." + p.getStation();
  }

  private static String deadKey(DeadLetter d) {
    if (d.getSourceId() == null) {
      return null;
    }
    try {
      return SourceId.parse(d.getSourceId().toString()).stationId();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
