package io.quakegraph.ingest;

import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.MiniSeedRecord;
import java.util.Objects;

/**
 * What {@link PacketValidator#validate} made of one raw record: either a packet to publish on
 * {@link Topics#PACKETS} or a dead letter to publish on {@link Topics#DEADLETTER}. Closed, so a
 * caller's {@code switch} handles both and nothing can fall through silently.
 */
public sealed interface Validation permits Validation.Accepted, Validation.Rejected {

  /**
   * Kafka key of the record to publish ({@code NET.STA}); null for a rejected record whose header
   * could not be read that far.
   */
  String key();

  /**
   * A valid record.
   *
   * @param packet the Kafka value, with the original bytes
   * @param key {@code NET.STA}
   * @param record the parsed record (its samples decode: the parser checked them)
   */
  record Accepted(WaveformPacket packet, String key, MiniSeedRecord record) implements Validation {
    public Accepted {
      Objects.requireNonNull(packet, "packet");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * A rejected record.
   *
   * @param letter the dead letter with the raw bytes, reason category and detail
   * @param key {@code NET.STA} when the header was readable, else null
   */
  record Rejected(DeadLetter letter, String key) implements Validation {
    public Rejected {
      Objects.requireNonNull(letter, "letter");
    }
  }
}
