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
 *       (20 s) changes little in less. The steps lie half a second after the multiples of the step
 *       ({@link io.quakegraph.model.StepGrid}), where 1-s packets complete them soonest.
 *   <li>{@code minTriggeredStations} 4: the fewest arrival times that fix an epicentre and origin
 *       time; fewer gives false events on single-station glitches.
 *   <li>{@code outOfOrderness} 2 s: packets of one station arrive in order, but stations' packets
 *       interleave by up to a packet length (~1-4 s of 100 Hz Steim-2). Steps do not wait for it: a
 *       station's window goes out when its own channels reach t, and the encoder sends a step when
 *       the stations of the previous step have delivered it; the watermark only decides for the
 *       steps a station never completes (a station that stops, the first step).
 *   <li>{@code stepRelease} 90 % and 250 ms ({@link StepRelease#DEFAULT}): on a live feed a step
 *       does not wait for the last of its stations once the triggered ones and nine in ten of the
 *       others are in; a straggler's window goes out with the next step.
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
 * @param parallelism parallelism of the station stage and encoder
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
 * @param regionsFile the network's regions ({@link io.quakegraph.seismic.NetworkRegions}), read
 *     where the job is built; null for one region, the whole network
 * @param headParallelism subtasks of the graph head, which runs each region on one of them (at most
 *     {@link EewJob#HEAD_MAX_PARALLELISM})
 * @param stepRelease when the encoder sends a step without its slowest stations
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
    AlertDelivery delivery,
    Path regionsFile,
    int headParallelism,
    StepRelease stepRelease)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public JobConfig {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(inventoryDir, "inventoryDir");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(stepRelease, "stepRelease");
    if (!(stepSeconds > 0) || stepSeconds > 60) {
      throw new IllegalArgumentException("step must be in (0, 60] s: " + stepSeconds);
    }
    if (minTriggeredStations < 1) {
      throw new IllegalArgumentException("minTriggeredStations must be >= 1");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1");
    }
    if (headParallelism < 1 || headParallelism > EewJob.HEAD_MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "head parallelism must be in [1, "
              + EewJob.HEAD_MAX_PARALLELISM
              + "]: "
              + headParallelism);
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
        AlertDelivery.AT_LEAST_ONCE,
        null,
        1,
        StepRelease.DEFAULT);
  }

  /** Step in microseconds. */
  public long stepMicros() {
    return Math.round(stepSeconds * 1e6);
  }

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link JobConfig}; {@link #build} checks them as the constructor
   * does.
   */
  public static final class Builder {
    private String bootstrap;
    private String packetsTopic;
    private String alertsTopic;
    private String deadLetterTopic;
    private Path modelDir;
    private Path inventoryDir;
    private double stepSeconds;
    private int minTriggeredStations;
    private Duration outOfOrderness;
    private Duration idleness;
    private Duration checkpointInterval;
    private int parallelism;
    private String transactionalIdPrefix;
    private String groupId;
    private boolean fromEarliest;
    private double maxEventSeconds;
    private Duration allowedLateness;
    private double conditioningPadSeconds;
    private double minApparentVelocityKmS;
    private double associationSlackSeconds;
    private double linkKm;
    private double stationIdleSeconds;
    private AlertDelivery delivery;
    private Path regionsFile;
    private int headParallelism;
    private StepRelease stepRelease;

    private Builder(JobConfig from) {
      bootstrap = from.bootstrap;
      packetsTopic = from.packetsTopic;
      alertsTopic = from.alertsTopic;
      deadLetterTopic = from.deadLetterTopic;
      modelDir = from.modelDir;
      inventoryDir = from.inventoryDir;
      stepSeconds = from.stepSeconds;
      minTriggeredStations = from.minTriggeredStations;
      outOfOrderness = from.outOfOrderness;
      idleness = from.idleness;
      checkpointInterval = from.checkpointInterval;
      parallelism = from.parallelism;
      transactionalIdPrefix = from.transactionalIdPrefix;
      groupId = from.groupId;
      fromEarliest = from.fromEarliest;
      maxEventSeconds = from.maxEventSeconds;
      allowedLateness = from.allowedLateness;
      conditioningPadSeconds = from.conditioningPadSeconds;
      minApparentVelocityKmS = from.minApparentVelocityKmS;
      associationSlackSeconds = from.associationSlackSeconds;
      linkKm = from.linkKm;
      stationIdleSeconds = from.stationIdleSeconds;
      delivery = from.delivery;
      regionsFile = from.regionsFile;
      headParallelism = from.headParallelism;
      stepRelease = from.stepRelease;
    }

    public Builder bootstrap(String value) {
      bootstrap = value;
      return this;
    }

    public Builder packetsTopic(String value) {
      packetsTopic = value;
      return this;
    }

    public Builder alertsTopic(String value) {
      alertsTopic = value;
      return this;
    }

    public Builder deadLetterTopic(String value) {
      deadLetterTopic = value;
      return this;
    }

    public Builder modelDir(Path value) {
      modelDir = value;
      return this;
    }

    public Builder inventoryDir(Path value) {
      inventoryDir = value;
      return this;
    }

    public Builder stepSeconds(double value) {
      stepSeconds = value;
      return this;
    }

    public Builder minTriggeredStations(int value) {
      minTriggeredStations = value;
      return this;
    }

    public Builder outOfOrderness(Duration value) {
      outOfOrderness = value;
      return this;
    }

    public Builder idleness(Duration value) {
      idleness = value;
      return this;
    }

    public Builder checkpointInterval(Duration value) {
      checkpointInterval = value;
      return this;
    }

    public Builder parallelism(int value) {
      parallelism = value;
      return this;
    }

    public Builder transactionalIdPrefix(String value) {
      transactionalIdPrefix = value;
      return this;
    }

    public Builder groupId(String value) {
      groupId = value;
      return this;
    }

    public Builder fromEarliest(boolean value) {
      fromEarliest = value;
      return this;
    }

    public Builder maxEventSeconds(double value) {
      maxEventSeconds = value;
      return this;
    }

    public Builder allowedLateness(Duration value) {
      allowedLateness = value;
      return this;
    }

    public Builder conditioningPadSeconds(double value) {
      conditioningPadSeconds = value;
      return this;
    }

    public Builder minApparentVelocityKmS(double value) {
      minApparentVelocityKmS = value;
      return this;
    }

    public Builder associationSlackSeconds(double value) {
      associationSlackSeconds = value;
      return this;
    }

    public Builder linkKm(double value) {
      linkKm = value;
      return this;
    }

    public Builder stationIdleSeconds(double value) {
      stationIdleSeconds = value;
      return this;
    }

    public Builder delivery(AlertDelivery value) {
      delivery = value;
      return this;
    }

    public Builder regionsFile(Path value) {
      regionsFile = value;
      return this;
    }

    public Builder headParallelism(int value) {
      headParallelism = value;
      return this;
    }

    public Builder stepRelease(StepRelease value) {
      stepRelease = value;
      return this;
    }

    public JobConfig build() {
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
          delivery,
          regionsFile,
          headParallelism,
          stepRelease);
    }
  }
}
