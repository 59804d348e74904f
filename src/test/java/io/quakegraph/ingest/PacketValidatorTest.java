package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rejection reason of the validator, and the packet it builds for a valid record. */
class PacketValidatorTest {
  private static final long START = Times.parse("2019-07-06T03:00:00Z");
  private static final long NOW = Times.parse("2024-01-01T00:00:00Z");

  private static List<byte[]> records(String id, long start, double rate, int n) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = (i * 7919) % 2000 - 1000;
    }
    return MiniSeed2Writer.shortRecords(Encoding.STEIM2, 1)
        .records(new Trace(SourceId.parse(id), start, rate, s), 1);
  }

  private static DeadLetterReason reason(Validation v) {
    return assertInstanceOf(Validation.Rejected.class, v).letter().getReason();
  }

  @Test
  void validRecordBecomesAPacketKeyedByStation() {
    PacketValidator v = new PacketValidator(null);
    byte[] rec = records("CI.PAS..HHZ", START, 100, 100).get(0);
    Validation.Accepted a =
        assertInstanceOf(Validation.Accepted.class, v.validate(rec, "test", NOW, 42L));
    assertEquals("CI.PAS", a.key());
    assertEquals("FDSN:CI_PAS__H_H_Z", a.packet().getSourceId());
    assertEquals(100, a.packet().getSampleCount());
    assertEquals(100.0, a.packet().getSampleRate());
    assertEquals(42L, a.packet().getSequence());
    assertEquals(START, Times.micros(a.packet().getStartTime()));
    assertEquals(1, v.metrics().acceptedCount());
  }

  @Test
  void duplicateAndOutOfOrderAreDeadLettered() {
    PacketValidator v = new PacketValidator(null);
    List<byte[]> r = records("CI.PAS..HHZ", START, 100, 300);
    assertInstanceOf(Validation.Accepted.class, v.validate(r.get(0), "t", NOW));
    assertInstanceOf(Validation.Accepted.class, v.validate(r.get(2), "t", NOW)); // a gap is fine
    assertEquals(DeadLetterReason.DUPLICATE, reason(v.validate(r.get(2), "t", NOW)));
    assertEquals(DeadLetterReason.OUT_OF_ORDER, reason(v.validate(r.get(1), "t", NOW)));
    // other channels have their own memory
    assertInstanceOf(
        Validation.Accepted.class,
        v.validate(records("CI.PAS..HHN", START, 100, 100).get(0), "t", NOW));
    assertEquals(1, v.metrics().rejectedCount(DeadLetterReason.DUPLICATE));
    assertEquals(1, v.metrics().rejectedCount(DeadLetterReason.OUT_OF_ORDER));
  }

  @Test
  void impossibleTimesAndRates() {
    PacketValidator v = new PacketValidator(null);
    byte[] future = records("CI.PAS..HHZ", NOW + 3_600_000_000L, 100, 100).get(0);
    assertEquals(DeadLetterReason.IMPOSSIBLE_TIME, reason(v.validate(future, "t", NOW)));
    byte[] early = records("CI.PAS..HHZ", Times.parse("1965-01-01T00:00:00Z"), 100, 100).get(0);
    assertEquals(DeadLetterReason.IMPOSSIBLE_TIME, reason(v.validate(early, "t", NOW)));
    byte[] fast = records("CI.PAS..HHZ", START, 20000, 100).get(0);
    assertEquals(DeadLetterReason.IMPOSSIBLE_SAMPLE_RATE, reason(v.validate(fast, "t", NOW)));
  }

  @Test
  void garbageAndTrailingBytes() {
    PacketValidator v = new PacketValidator(null);
    assertEquals(DeadLetterReason.TRUNCATED_RECORD, reason(v.validate(new byte[10], "t", NOW)));
    byte[] rec = records("CI.PAS..HHZ", START, 100, 100).get(0);
    byte[] longer = java.util.Arrays.copyOf(rec, rec.length + 8);
    Validation.Rejected r =
        assertInstanceOf(Validation.Rejected.class, v.validate(longer, "t", NOW));
    assertEquals(DeadLetterReason.CORRUPT_RECORD, r.letter().getReason());
    assertTrue(r.letter().getDetail().contains("exactly one record"), r.letter().getDetail());
    assertEquals("CI.PAS", r.key());
    assertEquals(longer.length, r.letter().getRaw().remaining());
  }
}
