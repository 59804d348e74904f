package io.quakegraph.ingest;

import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.Times;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Builds {@link DeadLetter} values and maps parser failures to reason categories. */
public final class DeadLetters {
  private DeadLetters() {}

  /**
   * A dead letter for raw input.
   *
   * @param raw the rejected bytes as received (copied)
   * @param sourceId FDSN source id if the header was readable that far, else null
   */
  public static DeadLetter of(
      byte[] raw,
      DeadLetterReason reason,
      String detail,
      String origin,
      long timeMicros,
      String sourceId) {
    return DeadLetter.newBuilder()
        .setRaw(ByteBuffer.wrap(raw.clone()))
        .setReason(reason)
        .setDetail(detail)
        .setOrigin(origin)
        .setTime(Times.instant(timeMicros))
        .setSourceId(sourceId)
        .build();
  }

  /**
   * The reason category of a record the miniSEED parser rejected: truncated when the bytes end
   * before the record does, unsupported encoding when the payload encoding is unknown or not
   * decodable here, impossible sample rate when the rate fields make no rate, corrupt otherwise.
   */
  public static DeadLetterReason classify(MiniSeedException e) {
    String r = e.reason().toLowerCase(Locale.ROOT);
    if (r.contains("truncated") || r.contains("runs past the end of the data")) {
      return DeadLetterReason.TRUNCATED_RECORD;
    }
    if (r.contains("encoding") && (r.contains("not supported") || r.contains("unknown"))) {
      return DeadLetterReason.UNSUPPORTED_ENCODING;
    }
    if (r.contains("invalid sample rate")) {
      return DeadLetterReason.IMPOSSIBLE_SAMPLE_RATE;
    }
    return DeadLetterReason.CORRUPT_RECORD;
  }
}
