package io.quakegraph.stream;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.ingest.DeadLetters;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.WaveformPacket;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each record of {@code seis.packets.v1} into an {@link Inbound}: the Avro single-object
 * encoded {@link WaveformPacket}, or a {@link DeadLetter} ({@code UNDECODABLE_VALUE}) carrying the
 * raw value, key, topic, partition and offset. Never throws: a throwing deserializer fails the
 * source task, and after the restart the same record fails it again.
 */
public final class PacketDeserializer implements KafkaRecordDeserializationSchema<Inbound> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PacketDeserializer.class);

  // The codec holds Avro decoders (not serialisable): made on first use in each task.
  private transient AvroCodec<WaveformPacket> codec;

  // Partitions this task has read from since it started: the first record of each is logged.
  private transient Set<Integer> started;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Inbound> out) {
    if (codec == null) {
      codec = AvroCodec.of(WaveformPacket.class);
      started = new HashSet<>();
    }
    if (started.add(record.partition())) {
      // where the job (re)started reading: an operator can compare it with the checkpoint or
      // committed offsets it says it resumes from, and see that nothing before was read again
      LOG.info(
          "packets: first record read from {}-{} at offset {}",
          record.topic(),
          record.partition(),
          record.offset());
    }
    out.collect(decode(codec, record));
  }

  /** The decoded packet or the dead letter of one consumer record. */
  static Inbound decode(AvroCodec<WaveformPacket> codec, ConsumerRecord<byte[], byte[]> record) {
    byte[] value = record.value();
    try {
      return Inbound.of(codec.decode(value));
    } catch (RuntimeException e) {
      // AvroDecodeException in practice; any other runtime failure is dead-lettered alike.
      DeadLetter d =
          DeadLetters.of(
              value == null ? new byte[0] : value,
              DeadLetterReason.UNDECODABLE_VALUE,
              String.valueOf(e.getMessage()),
              "kafka:" + record.topic(),
              System.currentTimeMillis() * 1000L,
              null);
      d.setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().clone()));
      d.setTopic(record.topic());
      d.setPartition(record.partition());
      d.setOffset(record.offset());
      return Inbound.rejected(d);
    }
  }

  @Override
  public TypeInformation<Inbound> getProducedType() {
    return TypeInformation.of(Inbound.class);
  }
}
