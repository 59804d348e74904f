package io.quakegraph.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.ingest.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quakegraph kafka} as a person runs it: a separate JVM, stopped with SIGTERM (what Ctrl-C
 * amounts to), then started again on the same directory, which keeps what was written.
 */
class KafkaCommandTest {
  private static final String BOOTSTRAP_LINE = "kafka: bootstrap ";

  // Identity-compared end-of-output marker, queued when the child's stdout closes.
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String EOF = new String("<eof>");

  @Test
  void standaloneBrokerServesClientsStopsCleanlyAndKeepsItsData(@TempDir Path dir)
      throws Exception {
    int port = freePort();
    String bootstrap = "127.0.0.1:" + port;

    Broker first = Broker.start(dir, port);
    assertTrue(first.lines.toString().contains("formatted new"), first.lines.toString());
    assertTrue(
        first.lines.toString().contains("topic " + Topics.PACKETS + " created"),
        first.lines.toString());
    produce(bootstrap, "CI.PAS", "first-run");
    assertEquals(List.of("first-run"), consume(bootstrap, 1));
    first.stop();

    assertTrue(Files.exists(dir.resolve("server.properties")));
    Broker second = Broker.start(dir, port);
    assertTrue(second.lines.toString().contains("reusing data directory"), second.lines.toString());
    assertTrue(
        second.lines.toString().contains("topic " + Topics.PACKETS + " updated"),
        second.lines.toString());
    produce(bootstrap, "CI.PAS", "second-run");
    assertEquals(List.of("first-run", "second-run"), consume(bootstrap, 2));
    second.stop();
  }

  /** A `quakegraph kafka` child JVM and what it printed. */
  private static final class Broker {
    final Process process;
    final StringBuilder lines = new StringBuilder();
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    private Broker(Process process) {
      this.process = process;
    }

    static Broker start(Path dir, int port) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-Xmx512m",
              "-cp",
              System.getProperty("java.class.path"),
              QuakeGraph.class.getName(),
              "kafka",
              "--port",
              Integer.toString(port),
              "--dir",
              dir.toString());
      pb.redirectErrorStream(true);
      Broker b = new Broker(pb.start());
      Thread reader =
          new Thread(
              () -> {
                try (var in =
                    new BufferedReader(
                        new InputStreamReader(
                            b.process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    b.queue.add(line);
                  }
                } catch (IOException ignored) {
                  // the process ended
                }
                b.queue.add(EOF);
              });
      reader.setDaemon(true);
      reader.start();
      String line = b.awaitLine(BOOTSTRAP_LINE, 45);
      assertTrue(line.contains("127.0.0.1:" + port), line);
      return b;
    }

    String awaitLine(String prefix, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String line = queue.poll(200, TimeUnit.MILLISECONDS);
        if (line == EOF) {
          break;
        }
        if (line != null) {
          lines.append(line).append('\n');
          if (line.startsWith(prefix)) {
            return line;
          }
        }
      }
      process.destroyForcibly();
      throw new AssertionError(
          "no line '"
              + prefix
              + "' from quakegraph kafka (alive "
              + process.isAlive()
              + ", exit "
              + (process.isAlive() ? "-" : Integer.toString(process.exitValue()))
              + "); output:\n"
              + lines);
    }

    /** SIGTERM, as Ctrl-C would; the shutdown hook must stop the broker and say so. */
    void stop() throws Exception {
      // Via the handle: Process.destroy() would also close our end of the child's stdout.
      assertTrue(process.toHandle().destroy(), "could not signal the broker");
      String line = awaitLine("kafka: stopped cleanly", 30);
      assertNotNull(line);
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "JVM did not exit");
      // 143 = killed by SIGTERM after the hooks ran.
      assertEquals(143, process.exitValue(), lines.toString());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void produce(String bootstrap, String key, String value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.DEADLETTER, 0, key, value))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> consume(String bootstrap, int n) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    List<String> got = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(Topics.DEADLETTER, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (got.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          got.add(r.value());
        }
      }
    }
    return got;
  }
}
