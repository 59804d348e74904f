package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.schema.DeadLetterReason;
import org.junit.jupiter.api.Test;

/**
 * 100,000 seeded mutations of valid records through the validator; {@code quakegraph bench fuzz
 * --records N} runs longer.
 */
class PacketFuzzTest {
  @Test
  void hundredThousandMutatedRecordsAreAcceptedOrRejectedNeverThrown() {
    PacketFuzzer.Result r = new PacketFuzzer(20240601L).run(100_000);
    assertEquals(0, r.failures(), r.firstFailure());
    assertEquals(100_000, r.records());
    long rejected = r.rejected().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(100_000, r.accepted() + rejected);
    // The mutations reach past the first check: several reasons occur, and some records survive.
    assertTrue(r.rejected().getOrDefault(DeadLetterReason.CORRUPT_RECORD, 0L) > 1000, "" + r);
    assertTrue(r.rejected().getOrDefault(DeadLetterReason.TRUNCATED_RECORD, 0L) > 100, "" + r);
    assertTrue(r.rejected().size() >= 4, "" + r);
    assertTrue(r.accepted() > 0, "" + r);
  }

  @Test
  void sameSeedSameOutcome() {
    PacketFuzzer.Result a = new PacketFuzzer(7).run(3000);
    PacketFuzzer.Result b = new PacketFuzzer(7).run(3000);
    assertEquals(a.accepted(), b.accepted());
    assertEquals(a.rejected(), b.rejected());
  }
}
