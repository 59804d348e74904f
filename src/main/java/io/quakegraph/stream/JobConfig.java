package io.quakegraph.stream;

import io.quakegraph.ingest.Topics;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the early-warning job needs to run, with the defaults of {@link #defaults}.
 *
 * <p>Why the defaults:
 *
 * <ul>
 *   <li>{@code stepSeconds} 1: an alert per second is what EEW users expect, and the encoder window
 *       (20 s) changes little in less.
 *   <li>{@code minTriggeredStations} 4: the fewest arrival times that fix an epicentre and origin
 *       time; fewer gives false events on single-station glitches.
 *   <li>{@code outOfOrderness} 2 s: packets of one station arrive in order, but stations' packets
 *       interleave by up to a packet length (~1-4 s of 100 Hz Steim-2). Steps do not wait for it: a
 *       station's window goes out when its own channels reach t, and the encoder sends a step when
 *       the stations of the previous step have delivered it; the watermark only decides for the
 *       steps a station never completes (a station that stops, the first step).
 *   <li>{@code idleness} 10 s: a partition (or a silent station set) that sends nothing for that
 *       long no longer holds back event time, so the other stations' steps go on.
 *   <li>{@code allowedLateness} 10 s: a packet older than the watermark by more than this can no
 *       longer reach a window that matters (the window moves on); it is dead-lettered as late.
 *   <li>{@code checkpointInterval} 5 s: how much input a restart re-reads; alerts do not wait for
 *       it ({@code delivery} at-least-once sends each version at once). Only with the exactly-once
 *       delivery does it bound how long a read_committed consumer waits for an alert.
 *   <li>{@code maxEventSeconds} 40: the exported model was trained on windows ending 0.5-40 s after
 *       the first P (the early-warning regime); later estimates would be extrapolation, and by then
 *       the S waves have crossed most of a regional network.
 *   <li>{@code conditioningPadSeconds} 60: as {@link io.quakegraph.dataset.ModelInputSpec#DEFAULT},
 *       so the stream conditions waveforms exactly like the training data.
 *   <li>{@code minApparentVelocityKmS} 5, {@code associationSlackSeconds} 2, {@code linkKm} 150:
 *       two stations' P onsets of one event differ by at most their distance over the slowest
 *       crustal P velocity (~5.5 km/s at the surface; 5 with margin), plus trigger timing error; a
 *       trigger more than 150 km from every trigger of an event starts a new event.
 * </ul>
 *
 * @param bootstrap Kafka bootstrap servers, host:port[,host:port]
 * @param packetsTopic input topic of WaveformPacket values
 * @param alertsTopic output topic of EarthquakeAlert values
 * @param deadLetterTopic output topic of DeadLetter values
 * @param modelDir exported model (spec.json, encoder.params, head.params)
 * @param inventoryDir StationXML directory of the network
 * @param stepSeconds time between estimates, s
 * @param minTriggeredStations coherent triggers needed to open an event
 * @param outOfOrderness bounded out-of-orderness of the watermarks
 * @param idleness a source split idle this long stops holding back the watermark
 * @param checkpointInterval checkpoint (and transaction commit) interval
 * @param parallelism default operator parallelism (the association/head runs at 1)
 * @param transactionalIdPrefix prefix of the alert sink's Kafka transactional ids
 * @param groupId consumer group of the packet source
 * @param fromEarliest on partitions where the consumer group has no committed offset (and the job
 *     restores no checkpoint), start at the earliest packets (else at the latest)
 * @param maxEventSeconds an event stops updating this long after its first trigger, s
 * @param allowedLateness packets older than the watermark by more are dead-lettered as late
 * @param conditioningPadSeconds raw data kept before a window to settle the causal filters, s
 * @param minApparentVelocityKmS slowest P velocity assumed by the association, km/s
 * @param associationSlackSeconds timing error allowed between two associated triggers, s
 * @param linkKm largest distance between a new trigger and an event's nearest trigger, km
 * @param stationIdleSeconds a station with no packet for this long has its state dropped (TTL), s
 * @param delivery how alerts are written: at once (at least once, the default) or in transactions
 *     committed at each checkpoint (exactly once)
 */
public record JobConfig(
    String bootstrap,
    String packetsTopic,
    String alertsTopic,
    String deadLetterTopic,
    Path modelDir,
    Path inventoryDir,
    double stepSeconds,
    int minTriggeredStations,
    Duration outOfOrderness,
    Duration idleness,
    Duration checkpointInterval,
    int parallelism,
    String transactionalIdPrefix,
    String groupId,
    boolean fromEarliest,
    double maxEventSeconds,
    Duration allowedLateness,
    double conditioningPadSeconds,
    double minApparentVelocityKmS,
    double associationSlackSeconds,
    double linkKm,
    double stationIdleSeconds,
    AlertDelivery delivery)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public JobConfig {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(inventoryDir, "inventoryDir");
    Objects.requireNonNull(delivery, "delivery");
    if (!(stepSeconds > 0) || stepSeconds > 60) {
      throw new IllegalArgumentException("step must be in (0, 60] s: " + stepSeconds);
    }
    if (minTriggeredStations < 1) {
      throw new IllegalArgumentException("minTriggeredStations must be >= 1");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1");
    }
    if (!(maxEventSeconds > 0)) {
      throw new IllegalArgumentException("maxEventSeconds must be > 0");
    }
    if (outOfOrderness.isNegative() || idleness.isNegative() || allowedLateness.isNegative()) {
      throw new IllegalArgumentException("durations must be >= 0");
    }
    if (checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException("checkpoint interval must be >= 10 ms (exactly-once)");
    }
    if (!(minApparentVelocityKmS > 0) || !(linkKm > 0) || !(associationSlackSeconds >= 0)) {
      throw new IllegalArgumentException("association velocity, link and slack must be positive");
    }
  }

  /** The defaults (see the class comment) for a broker, a model and an inventory. */
  public static JobConfig defaults(String bootstrap, Path modelDir, Path inventoryDir) {
    return new JobConfig(
        bootstrap,
        Topics.PACKETS,
        Topics.ALERTS,
        Topics.DEADLETTER,
        modelDir,
        inventoryDir,
        1.0,
        4,
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        1,
        "quakegraph-eew",
        "quakegraph-eew",
        true,
        40.0,
        Duration.ofSeconds(10),
        60.0,
        5.0,
        2.0,
        150.0,
        600.0,
        AlertDelivery.AT_LEAST_ONCE);
  }

  /** Step in microseconds. */
  public long stepMicros() {
    return Math.round(stepSeconds * 1e6);
  }

  /** The same config with another parallelism. */
  public JobConfig withParallelism(int p) {
    return new JobConfig(
        bootstrap,
        packetsTopic,
        alertsTopic,
        deadLetterTopic,
        modelDir,
        inventoryDir,
        stepSeconds,
        minTriggeredStations,
        outOfOrderness,
        idleness,
        checkpointInterval,
        p,
        transactionalIdPrefix,
        groupId,
        fromEarliest,
        maxEventSeconds,
        allowedLateness,
        conditioningPadSeconds,
        minApparentVelocityKmS,
        associationSlackSeconds,
        linkKm,
        stationIdleSeconds,
        delivery);
  }

  /** The same config with other topics (tests use fresh topics). */
  public JobConfig withTopics(String packets, String alerts, String deadLetters) {
    return new JobConfig(
        bootstrap,
        packets,
        alerts,
        deadLetters,
        modelDir,
        inventoryDir,
        stepSeconds,
        minTriggeredStations,
        outOfOrderness,
        idleness,
        checkpointInterval,
        parallelism,
        transactionalIdPrefix,
        groupId,
        fromEarliest,
        maxEventSeconds,
        allowedLateness,
        conditioningPadSeconds,
        minApparentVelocityKmS,
        associationSlackSeconds,
        linkKm,
        stationIdleSeconds,
        delivery);
  }

  /** The same config with another checkpoint interval. */
  public JobConfig withCheckpointInterval(Duration interval) {
    return new JobConfig(
        bootstrap,
        packetsTopic,
        alertsTopic,
        deadLetterTopic,
        modelDir,
        inventoryDir,
        stepSeconds,
        minTriggeredStations,
        outOfOrderness,
        idleness,
        interval,
        parallelism,
        transactionalIdPrefix,
        groupId,
        fromEarliest,
        maxEventSeconds,
        allowedLateness,
        conditioningPadSeconds,
        minApparentVelocityKmS,
        associationSlackSeconds,
        linkKm,
        stationIdleSeconds,
        delivery);
  }

  /** The same config with another transactional id prefix and consumer group. */
  public JobConfig withIds(String txPrefix, String group) {
    return new JobConfig(
        bootstrap,
        packetsTopic,
        alertsTopic,
        deadLetterTopic,
        modelDir,
        inventoryDir,
        stepSeconds,
        minTriggeredStations,
        outOfOrderness,
        idleness,
        checkpointInterval,
        parallelism,
        txPrefix,
        group,
        fromEarliest,
        maxEventSeconds,
        allowedLateness,
        conditioningPadSeconds,
        minApparentVelocityKmS,
        associationSlackSeconds,
        linkKm,
        stationIdleSeconds,
        delivery);
  }

  /** The same config with other event settings. */
  public JobConfig withEvents(int minTriggered, double maxEventS) {
    return new JobConfig(
        bootstrap,
        packetsTopic,
        alertsTopic,
        deadLetterTopic,
        modelDir,
        inventoryDir,
        stepSeconds,
        minTriggered,
        outOfOrderness,
        idleness,
        checkpointInterval,
        parallelism,
        transactionalIdPrefix,
        groupId,
        fromEarliest,
        maxEventS,
        allowedLateness,
        conditioningPadSeconds,
        minApparentVelocityKmS,
        associationSlackSeconds,
        linkKm,
        stationIdleSeconds,
        delivery);
  }

  /** The same config with another alert delivery. */
  public JobConfig withDelivery(AlertDelivery d) {
    return new JobConfig(
        bootstrap,
        packetsTopic,
        alertsTopic,
        deadLetterTopic,
        modelDir,
        inventoryDir,
        stepSeconds,
        minTriggeredStations,
        outOfOrderness,
        idleness,
        checkpointInterval,
        parallelism,
        transactionalIdPrefix,
        groupId,
        fromEarliest,
        maxEventSeconds,
        allowedLateness,
        conditioningPadSeconds,
        minApparentVelocityKmS,
        associationSlackSeconds,
        linkKm,
        stationIdleSeconds,
        d);
  }

  /** The same config with other watermark settings. */
  public JobConfig withWatermarks(Duration outOfOrder, Duration idle, Duration lateness) {
    return new JobConfig(
        bootstrap,
        packetsTopic,
        alertsTopic,
        deadLetterTopic,
        modelDir,
        inventoryDir,
        stepSeconds,
        minTriggeredStations,
        outOfOrder,
        idle,
        checkpointInterval,
        parallelism,
        transactionalIdPrefix,
        groupId,
        fromEarliest,
        maxEventSeconds,
        lateness,
        conditioningPadSeconds,
        minApparentVelocityKmS,
        associationSlackSeconds,
        linkKm,
        stationIdleSeconds,
        delivery);
  }
}
