package io.quakegraph.stream;

import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.WaveformPacket;

/**
 * One Kafka record of the packet topic after decoding: either a packet or, when the value could not
 * be decoded, the dead letter that says why. The deserializer never throws, so one bad value cannot
 * fail the source (and restart the job into the same bad value forever).
 *
 * <p>A record with nullable Avro fields, serialised by Flink's POJO serializer (records are POJOs
 * since Flink 1.19) with Avro serializers for the fields: no Kryo.
 *
 * @param packet the decoded packet, or null
 * @param deadLetter the rejection, or null
 */
public record Inbound(WaveformPacket packet, DeadLetter deadLetter) {

  /** A decoded packet. */
  public static Inbound of(WaveformPacket packet) {
    return new Inbound(packet, null);
  }

  /** A rejected value. */
  public static Inbound rejected(DeadLetter deadLetter) {
    return new Inbound(null, deadLetter);
  }

  /** True when this is a packet. */
  public boolean isPacket() {
    return packet != null;
  }
}
