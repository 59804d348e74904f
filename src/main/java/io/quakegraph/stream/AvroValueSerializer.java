package io.quakegraph.stream;

import io.quakegraph.ingest.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a generated Avro record as a Kafka value in single-object encoding ({@link AvroCodec}, the
 * value format of every QuakeGraph topic), with a string key.
 *
 * @param <T> the record class
 */
public final class AvroValueSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  /** A serialisable key function. */
  public interface KeyOf<T> extends Function<T, String>, java.io.Serializable {}

  private final String topic;
  private final Class<T> type;
  private final KeyOf<T> key;
  private transient AvroCodec<T> codec;

  /**
   * @param topic the topic
   * @param type the generated record class
   * @param key the key of a record; null keys are allowed
   */
  public AvroValueSerializer(String topic, Class<T> type, KeyOf<T> key) {
    this.topic = topic;
    this.type = type;
    this.key = key;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long ts) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    String k = key.apply(element);
    return new ProducerRecord<>(
        topic, k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.encode(element));
  }
}
