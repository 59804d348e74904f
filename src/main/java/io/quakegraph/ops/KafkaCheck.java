package io.quakegraph.ops;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/**
 * The broker answers and has the topics a command needs, within a few seconds. Kafka clients retry
 * a missing broker for ever (logging a warning per attempt); an operator is better served by one
 * line after {@link #TIMEOUT}.
 */
public final class KafkaCheck {
  /** How long the broker has to answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private KafkaCheck() {}

  /**
   * An admin client whose every call gives up within {@code timeout}, for checks and health probes.
   */
  public static Admin admin(String bootstrap, Duration timeout) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    int ms = (int) timeout.toMillis();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(ms, 2000));
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(ms, 3000));
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "quakegraph-preflight");
    try {
      return Admin.create(p);
    } catch (KafkaException | IllegalArgumentException e) {
      throw new PreflightException(
          "bad Kafka address '" + bootstrap + "': " + rootMessage(e),
          "give --bootstrap as HOST:PORT[,HOST:PORT]");
    }
  }

  /** The broker answers; nothing about topics (for commands that create them). */
  public static void reachable(String bootstrap) {
    topics(bootstrap, List.of());
  }

  /**
   * The broker answers and every topic of {@code needed} exists.
   *
   * @throws PreflightException naming the address or the missing topics
   */
  public static void topics(String bootstrap, Collection<String> needed) {
    listening(bootstrap);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    // closed with a short bound: close() without one waits for every pending call
    Admin admin = admin(bootstrap, TIMEOUT);
    {
      try {
        admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (needed.isEmpty()) {
          return;
        }
        long left = Math.max(500, (deadline - System.nanoTime()) / 1_000_000);
        Set<String> present = admin.listTopics().names().get(left, TimeUnit.MILLISECONDS);
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
          throw new PreflightException(
              "Kafka at " + bootstrap + " has no topic " + String.join(", ", missing),
              "start the broker with `quakegraph kafka` (it creates the topics) or run"
                  + " `quakegraph replay` once against it");
        }
      } catch (TimeoutException | ExecutionException e) {
        throw unreachable(bootstrap, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unreachable(bootstrap, e);
      } finally {
        admin.close(Duration.ofMillis(500));
      }
    }
  }

  /**
   * Some bootstrap address accepts a TCP connection. A refused connection is known at once, while
   * the admin client would retry it until its timeout; this makes the common case (no broker on
   * that port) a sub-second answer.
   */
  static void listening(String bootstrap) {
    String last = "no address";
    for (String hp : bootstrap.split(",")) {
      String a = hp.strip();
      int colon = a.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(a.substring(colon + 1));
      } catch (RuntimeException e) {
        throw new PreflightException(
            "bad Kafka address '" + a + "' in '" + bootstrap + "'",
            "give --bootstrap as HOST:PORT[,HOST:PORT]");
      }
      if (colon <= 0) {
        throw new PreflightException(
            "bad Kafka address '" + a + "' in '" + bootstrap + "'",
            "give --bootstrap as HOST:PORT[,HOST:PORT]");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(a.substring(0, colon), port), 2000);
        return;
      } catch (IOException e) {
        last = a + ": " + e.getMessage();
      }
    }
    throw new PreflightException(
        "Kafka at " + bootstrap + " is not reachable (" + last + ")",
        "start the broker (e.g. `quakegraph kafka --port PORT --dir DIR`) or fix --bootstrap");
  }

  private static PreflightException unreachable(String bootstrap, Exception e) {
    String why =
        e instanceof TimeoutException || rootMessage(e).contains("Timed out")
            ? "no answer within " + TIMEOUT.toSeconds() + " s"
            : rootMessage(e);
    return new PreflightException(
        "Kafka at " + bootstrap + " is not reachable (" + why + ")",
        "start the broker (e.g. `quakegraph kafka --port PORT --dir DIR`) or fix --bootstrap");
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null
        ? t.getMessage()
        : t.getClass().getSimpleName()
            + (t == e ? "" : " (in " + e.getClass().getSimpleName() + ")");
  }
}
