package io.quakegraph.demo;

import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.IngestMetrics;
import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.PacketValidator;
import io.quakegraph.ingest.TopicSpec;
import io.quakegraph.ingest.Topics;
import io.quakegraph.ingest.ValidatorOptions;
import io.quakegraph.ingest.replay.ReplayOptions;
import io.quakegraph.ingest.replay.ReplayResult;
import io.quakegraph.ingest.replay.Replayer;
import io.quakegraph.ops.Folders;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.stream.JobConfig;
import io.quakegraph.stream.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The whole early-warning path in this process: an in-process Kafka broker with the QuakeGraph
 * topics, the job in a local MiniCluster, replays of an archive into the packet topic through the
 * ingest validator, and the wait until the job has worked them through. What the demo, {@code bench
 * stream} and the end-to-end tests run, each adding its own watching of the alerts.
 *
 * <p>{@link Builder#start} brings up the broker and topics only; the job starts on {@link
 * #startJob}, so a caller can replay first (the job then meets a backlog) or start consumers first.
 * {@link #close} stops the job before the broker, so the job's Kafka clients close cleanly, and
 * deletes the job's checkpoints.
 */
public final class LocalPipeline implements AutoCloseable {
  /** How long {@link #close} waits for the job to stop. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final EmbeddedKafka kafka;
  private final boolean ownsKafka;
  private final JobConfig cfg;
  private final Inventory inventory;
  private final Path checkpoints;
  private JobClient job;

  private LocalPipeline(
      EmbeddedKafka kafka,
      boolean ownsKafka,
      JobConfig cfg,
      Inventory inventory,
      Path checkpoints) {
    this.kafka = kafka;
    this.ownsKafka = ownsKafka;
    this.cfg = cfg;
    this.inventory = inventory;
    this.checkpoints = checkpoints;
  }

  /** A pipeline of {@code model} on the network of {@code inventoryDir}, job settings defaulted. */
  public static Builder builder(Path model, Path inventoryDir) {
    return new Builder(model, inventoryDir);
  }

  /** What to start: the broker, the topics, the job's settings and where its checkpoints go. */
  public static final class Builder {
    private final Path model;
    private final Path inventoryDir;
    private EmbeddedKafka kafka;
    private String topicSuffix;
    private Path checkpointsUnder;
    private UnaryOperator<JobConfig.Builder> job = b -> b;

    private Builder(Path model, Path inventoryDir) {
      this.model = model;
      this.inventoryDir = inventoryDir;
    }

    /** Runs on a broker the caller started (and closes); default: a broker of its own. */
    public Builder kafka(EmbeddedKafka broker) {
      this.kafka = broker;
      return this;
    }

    /**
     * Fresh topics with the standard specs named {@code <standard>.<suffix>}, and the job's
     * consumer group {@code group-<suffix>} and transactional ids {@code tx-<suffix>}, so that
     * several pipelines share one broker; default: the standard topics and names.
     */
    public Builder topicSuffix(String suffix) {
      this.topicSuffix = suffix;
      return this;
    }

    /** The job's checkpoints in a new folder under {@code parent}; default: the temp folder. */
    public Builder checkpointsUnder(Path parent) {
      this.checkpointsUnder = parent;
      return this;
    }

    /** Job settings over the defaults (and the topics): {@code b -> b.parallelism(2)}. */
    public Builder job(UnaryOperator<JobConfig.Builder> settings) {
      this.job = settings;
      return this;
    }

    /** Starts the broker (unless given) and creates the topics; the job is not started yet. */
    public LocalPipeline start() throws Exception {
      Inventory inv = StationXml.readDirectory(inventoryDir);
      boolean owns = kafka == null;
      EmbeddedKafka broker = owns ? EmbeddedKafka.start() : kafka;
      try {
        JobConfig.Builder b =
            JobConfig.defaults(broker.bootstrapServers(), model, inventoryDir).toBuilder();
        if (topicSuffix == null) {
          broker.createTopics();
        } else {
          List<String> t = createTopics(broker, topicSuffix);
          b.packetsTopic(t.get(0))
              .deadLetterTopic(t.get(1))
              .alertsTopic(t.get(2))
              .groupId("group-" + topicSuffix)
              .transactionalIdPrefix("tx-" + topicSuffix);
        }
        JobConfig cfg = job.apply(b).build();
        Path dir =
            checkpointsUnder == null
                ? Files.createTempDirectory("qg-checkpoints-")
                : Files.createTempDirectory(checkpointsUnder, "checkpoints-");
        return new LocalPipeline(broker, owns, cfg, inv, dir);
      } catch (Exception e) {
        if (owns) {
          broker.close();
        }
        throw e;
      }
    }
  }

  /**
   * Fresh topics with the specs of the standard ones, named {@code <standard>.<suffix>}, in the
   * order of {@link Topics#ALL}: packets, dead letters, alerts, picks.
   */
  public static List<String> createTopics(EmbeddedKafka kafka, String suffix) throws Exception {
    List<TopicSpec> specs = new ArrayList<>();
    for (TopicSpec s : Topics.ALL) {
      specs.add(new TopicSpec(s.name() + "." + suffix, s.partitions(), s.configs(), s.purpose()));
    }
    try (Admin admin = kafka.admin()) {
      Topics.create(admin, specs, 30_000);
    }
    return specs.stream().map(TopicSpec::name).toList();
  }

  /** The broker. */
  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** The broker's bootstrap address. */
  public String bootstrap() {
    return kafka.bootstrapServers();
  }

  /** The job's settings (its topics, group and model). */
  public JobConfig config() {
    return cfg;
  }

  /** The network's inventory. */
  public Inventory inventory() {
    return inventory;
  }

  /** The folder of the job's checkpoints. */
  public Path checkpoints() {
    return checkpoints;
  }

  /** Starts the job in a local MiniCluster and returns at once. */
  public JobClient startJob() throws Exception {
    if (job != null) {
      throw new IllegalStateException("the job runs already: " + job.getJobID());
    }
    job = JobRunner.startLocal(cfg, checkpoints);
    return job;
  }

  /** The running job, or null before {@link #startJob}. */
  public JobClient job() {
    return job;
  }

  /**
   * Cancels the job and waits for it to stop; nothing when it is not running.
   *
   * @throws Exception when it does not stop within {@code timeout}
   */
  public void stopJob(Duration timeout) throws Exception {
    JobClient j = job;
    job = null;
    if (j != null) {
      j.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The ingest validator over the network's inventory, as {@code quakegraph replay} runs it. */
  public PacketValidator validator() {
    return validator(inventory);
  }

  private static PacketValidator validator(Inventory inventory) {
    return new PacketValidator(inventory, ValidatorOptions.DEFAULTS, new IngestMetrics());
  }

  /** A publisher into the pipeline's packet and dead-letter topics; the caller closes it. */
  public PacketPublisher publisher() {
    return publisher(bootstrap(), cfg.packetsTopic(), cfg.deadLetterTopic());
  }

  /** A publisher as {@code quakegraph replay} makes it, into the given topics. */
  public static PacketPublisher publisher(String bootstrap, String packets, String deadLetters) {
    return new PacketPublisher(
        new KafkaProducer<>(PacketPublisher.config(bootstrap, new Properties())),
        packets,
        deadLetters);
  }

  /** Replays an archive as {@code options} say into the packet topic, through the validator. */
  public ReplayResult replay(ReplayOptions options) throws Exception {
    return replay(bootstrap(), inventory, cfg.packetsTopic(), cfg.deadLetterTopic(), options);
  }

  /**
   * A replay as {@code quakegraph replay} runs it (validator, idempotent producer) into the given
   * topics of a broker, for a job that runs elsewhere.
   */
  public static ReplayResult replay(
      String bootstrap,
      Inventory inventory,
      String packets,
      String deadLetters,
      ReplayOptions options)
      throws Exception {
    try (PacketPublisher p = publisher(bootstrap, packets, deadLetters)) {
      return new Replayer(options, validator(inventory), p, null).run();
    }
  }

  /** Packets of the packet topic the job has not taken in yet (its committed offsets lag). */
  public long backlog() throws Exception {
    try (Admin admin = kafka.admin()) {
      return Backlog.records(admin, cfg.packetsTopic(), cfg.groupId());
    }
  }

  /**
   * Waits until the job has taken in every packet of its topic ({@link Backlog#drain}): at most
   * {@code limit}, or until the backlog has not moved for {@code stall} (either null: no such
   * bound).
   */
  public Backlog.Drained drain(Duration limit, Duration stall, LongConsumer progress)
      throws Exception {
    try (Admin admin = kafka.admin()) {
      return Backlog.drain(admin, cfg.packetsTopic(), cfg.groupId(), limit, stall, progress);
    }
  }

  /**
   * Stops the job (waiting up to {@link #STOP_TIMEOUT}), deletes its checkpoints and stops the
   * broker if the pipeline started it.
   */
  @Override
  public void close() throws Exception {
    try {
      stopJob(STOP_TIMEOUT);
    } finally {
      Folders.deleteTreeQuietly(checkpoints);
      if (ownsKafka) {
        kafka.close();
      }
    }
  }
}
