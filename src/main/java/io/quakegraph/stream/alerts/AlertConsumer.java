package io.quakegraph.stream.alerts;

import io.quakegraph.ingest.Topics;
import io.quakegraph.schema.EarthquakeAlert;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The alert topic for downstream Java code: every version of every event exactly once, handed to a
 * callback in topic order (one event's versions in order), the moment it is written.
 *
 * <pre>{@code
 * try (AlertConsumer alerts = new AlertConsumer("broker:9092")) {
 *   alerts.run(a -> warn(a.getEventId(), a.getVersion(), a.getMagnitude()));  // until stop()
 * }
 * }</pre>
 *
 * <p>The job sends versions at least once; a version it sends again after a restart is dropped here
 * ({@link VersionFilter}), so the callback never sees one twice. Records that do not decode are
 * skipped and counted. {@link #run} blocks the calling thread; {@link #stop} (from any thread) ends
 * it.
 */
public final class AlertConsumer implements AutoCloseable {
  /** Receives each alert version once. */
  @FunctionalInterface
  public interface Callback {
    void onAlert(EarthquakeAlert alert);
  }

  private final AlertFollower follower;
  private final AtomicLong changed = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  private final AtomicLong repeats = new AtomicLong();

  /** New alerts on the standard topic {@value Topics#ALERTS}. */
  public AlertConsumer(String bootstrap) {
    this(bootstrap, Topics.ALERTS, false);
  }

  /**
   * @param bootstrap Kafka bootstrap servers
   * @param topic the alert topic
   * @param fromBeginning also the topic's history (else only alerts written from now on)
   */
  public AlertConsumer(String bootstrap, String topic, boolean fromBeginning) {
    this(bootstrap, topic, fromBeginning, null);
  }

  /**
   * As {@link #AlertConsumer(String, String, boolean)}, ending {@link #run} after the topic has
   * been quiet for {@code untilIdle} (null: never).
   */
  public AlertConsumer(String bootstrap, String topic, boolean fromBeginning, Duration untilIdle) {
    this.follower =
        new AlertFollower(new AlertFollower.Options(bootstrap, topic, fromBeginning, untilIdle));
  }

  /**
   * Hands every new alert version to {@code callback} until {@link #stop()} (or the idle period).
   *
   * @return versions handed over
   */
  public long run(Callback callback) {
    return follower
        .follow(
            new AlertFollower.Listener() {
              @Override
              public void alert(EarthquakeAlert alert, ConsumerRecord<byte[], byte[]> record) {
                callback.onAlert(alert);
              }

              @Override
              public void undecodable(ConsumerRecord<byte[], byte[]> record, String reason) {
                undecodable.incrementAndGet();
              }

              @Override
              public void repeated(
                  EarthquakeAlert alert,
                  ConsumerRecord<byte[], byte[]> record,
                  VersionFilter.Verdict verdict) {
                repeats.incrementAndGet();
                if (verdict == VersionFilter.Verdict.CHANGED_REPEAT) {
                  changed.incrementAndGet();
                }
              }
            })
        .alerts();
  }

  /** Versions dropped so far as already seen. */
  public long repeatsDropped() {
    return repeats.get();
  }

  /** Dropped versions that differed from the first (a sign of a non-deterministic job). */
  public long changedRepeats() {
    return changed.get();
  }

  /** Records that were not alerts. */
  public long undecodable() {
    return undecodable.get();
  }

  /** Ends {@link #run} from another thread. */
  public void stop() {
    follower.stop();
  }

  @Override
  public void close() {
    follower.close();
  }
}
