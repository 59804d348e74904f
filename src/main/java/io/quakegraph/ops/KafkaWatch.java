package io.quakegraph.ops;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the broker every few seconds whether it is there and reports changes through a {@link
 * PeerState}, for the commands that run for long (job, ingest, replay, alerts). The Kafka clients
 * of those commands only log connection attempts (at DEBUG, see simplelogger.properties); this is
 * the one place that tells the operator the broker is gone, and when it is back.
 */
public final class KafkaWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaWatch.class);

  /** Time between probes. */
  static final Duration INTERVAL = Duration.ofSeconds(3);

  private final String bootstrap;
  private final PeerState state;
  private final Thread thread;
  private volatile boolean closed;

  private KafkaWatch(String bootstrap, Duration interval) {
    this.bootstrap = bootstrap;
    this.state = new PeerState("Kafka at " + bootstrap, LOG);
    this.thread = new Thread(() -> loop(interval), "kafka-watch");
    thread.setDaemon(true);
  }

  /** Starts watching {@code bootstrap} (the first probe after one interval). */
  public static KafkaWatch start(String bootstrap) {
    return start(bootstrap, INTERVAL);
  }

  /** Starts watching with another probe interval (tests). */
  public static KafkaWatch start(String bootstrap, Duration interval) {
    KafkaWatch w = new KafkaWatch(bootstrap, interval);
    w.thread.start();
    return w;
  }

  /** Whether the broker answered the last probe. */
  public boolean brokerUp() {
    return state.isUp();
  }

  private void loop(Duration interval) {
    Duration timeout =
        interval.compareTo(Duration.ofSeconds(2)) < 0 ? interval : Duration.ofSeconds(2);
    Admin admin = KafkaCheck.admin(bootstrap, timeout);
    try {
      while (!closed) {
        try {
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
        try {
          admin.describeCluster().nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
          state.up();
        } catch (java.util.concurrent.TimeoutException e) {
          state.down("no answer within " + timeout.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
          state.down(KafkaCheck.rootMessage(e));
        } catch (InterruptedException e) {
          return;
        }
      }
    } finally {
      admin.close(Duration.ofMillis(200));
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
