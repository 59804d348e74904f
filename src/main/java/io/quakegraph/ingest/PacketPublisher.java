package io.quakegraph.ingest;

import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.WaveformPacket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes {@link Validation} outcomes: accepted packets to {@link Topics#PACKETS}, dead letters
 * to {@link Topics#DEADLETTER}, both keyed {@code NET.STA} (UTF-8) and Avro single-object encoded.
 *
 * <p>The producer is idempotent ({@code acks=all}, {@code enable.idempotence=true}), so a retried
 * send after a broker hiccup cannot duplicate a packet, and a station's packets (one key, one
 * partition) keep their order. lz4 batches, as the topics are configured. The first asynchronous
 * send failure is kept and rethrown by {@link #checkFailure()} and {@link #flush()}: a lost packet
 * must stop the producer loudly, not vanish.
 */
public final class PacketPublisher implements PacketSink, AutoCloseable {
  private final Producer<byte[], byte[]> producer;
  private final AvroCodec<WaveformPacket> packets = AvroCodec.of(WaveformPacket.class);
  private final AvroCodec<DeadLetter> letters = AvroCodec.of(DeadLetter.class);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final String packetTopic;
  private final String deadLetterTopic;

  /** A publisher to the standard topics. */
  public PacketPublisher(String bootstrapServers) {
    this(bootstrapServers, new Properties());
  }

  /**
   * A publisher to the standard topics.
   *
   * @param overrides extra producer configs, applied last (e.g. {@code linger.ms})
   */
  public PacketPublisher(String bootstrapServers, Properties overrides) {
    this(
        new KafkaProducer<>(config(bootstrapServers, overrides)),
        Topics.PACKETS,
        Topics.DEADLETTER);
  }

  /**
   * A publisher over an existing producer and given topics (the caller's producer is closed by
   * {@link #close()}).
   */
  public PacketPublisher(
      Producer<byte[], byte[]> producer, String packetTopic, String deadLetterTopic) {
    this.producer = producer;
    this.packetTopic = packetTopic;
    this.deadLetterTopic = deadLetterTopic;
  }

  /** The producer configuration used by the standard constructor. */
  public static Properties config(String bootstrapServers, Properties overrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.putAll(overrides);
    return p;
  }

  /** {@link #publish(Validation)}, for the {@link PacketSink} interface. */
  @Override
  public void send(Validation v) {
    publish(v, null);
  }

  /** Sends an accepted packet or a dead letter; asynchronous. */
  public Future<RecordMetadata> publish(Validation v) {
    return publish(v, null);
  }

  /**
   * Sends an accepted packet or a dead letter; asynchronous.
   *
   * @param then also called on completion (may be null)
   * @throws IllegalStateException if an earlier send has failed
   */
  public Future<RecordMetadata> publish(Validation v, Callback then) {
    checkFailure();
    byte[] key = v.key() == null ? null : v.key().getBytes(StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> rec;
    if (v instanceof Validation.Accepted a) {
      rec = new ProducerRecord<>(packetTopic, key, packets.encode(a.packet()));
    } else {
      rec =
          new ProducerRecord<>(
              deadLetterTopic, key, letters.encode(((Validation.Rejected) v).letter()));
    }
    return producer.send(
        rec,
        (meta, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
          if (then != null) {
            then.onCompletion(meta, e);
          }
        });
  }

  /**
   * Throws if an asynchronous send has failed.
   *
   * @throws IllegalStateException wrapping the first send failure
   */
  public void checkFailure() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("a Kafka send failed: " + e, e);
    }
  }

  /** Waits until every sent record is acknowledged; then {@link #checkFailure()}. */
  @Override
  public void flush() {
    producer.flush();
    checkFailure();
  }

  /** Flushes and closes the producer. */
  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close();
    }
  }
}
