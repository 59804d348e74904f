package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.RecordSamples;
import io.quakegraph.seismic.SourceId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The station stage's decoded records alone: hits, eviction and the bound. No Flink. */
class DecodedRecordsTest {
  static final long STALE = 10_000_000L;

  /** Real 1-s Steim-2 records (100 samples each) of one channel of a station. */
  static List<byte[]> records(String station, long seed) {
    return MiniSeed2Writer.shortRecords(Encoding.STEIM2, 1.0)
        .records(
            StreamFixtures.counts(
                new SourceId("CI", station, "", "HHZ"),
                StreamFixtures.T0,
                5,
                Long.MIN_VALUE,
                0,
                seed),
            1);
  }

  static MiniSeedRecord parse(byte[] raw) throws Exception {
    return MiniSeed.parse(raw);
  }

  static String chunk(MiniSeedRecord r) {
    return r.id() + "|" + r.startMicros();
  }

  /** Puts a record as the packet path does (decoded there), at its own end time. */
  static void put(DecodedRecords d, String station, byte[] raw) throws Exception {
    MiniSeedRecord r = parse(raw);
    d.put(station, chunk(r), raw, RecordSamples.of(r), r.endMicros(), r.endMicros());
  }

  static RecordSamples get(DecodedRecords d, String station, byte[] raw, long now)
      throws Exception {
    MiniSeedRecord r = parse(raw);
    return d.get(station, chunk(r), raw, r.endMicros(), now);
  }

  @Test
  void aRecordPutOnArrivalIsNotDecodedAgainWhileItsBytesAreTheSame() throws Exception {
    DecodedRecords d = new DecodedRecords(1 << 20, STALE);
    byte[] raw = records("AAA", 1).get(0);
    MiniSeedRecord r = parse(raw);
    put(d, "CI.AAA", raw);
    RecordSamples first = get(d, "CI.AAA", raw, r.endMicros());
    // a checkpointed or RocksDB state hands back an equal copy of the bytes, not the same array
    RecordSamples again = get(d, "CI.AAA", raw.clone(), r.endMicros());
    assertSame(first, again);
    assertEquals(2, d.hits());
    assertEquals(0, d.misses());
    assertArrayEquals(r.intSamples(), first.ints());
    assertEquals(r.startMicros(), first.startMicros());
    assertEquals(400, d.bytes(), "100 Steim samples kept as ints");
  }

  @Test
  void otherBytesUnderTheSameChunkAreDecodedNotAnsweredFromTheOldOnes() throws Exception {
    // the state under a chunk key can change behind the cache (expired by the TTL, then the same
    // channel and start sent again with other samples): the answer must follow the state
    DecodedRecords d = new DecodedRecords(1 << 20, STALE);
    byte[] before = records("AAA", 1).get(0);
    byte[] after = records("AAA", 2).get(0);
    assertEquals(chunk(parse(before)), chunk(parse(after)));
    assertFalse(java.util.Arrays.equals(parse(before).intSamples(), parse(after).intSamples()));
    put(d, "CI.AAA", before);
    RecordSamples s = get(d, "CI.AAA", after, 0);
    assertArrayEquals(parse(after).intSamples(), s.ints());
    assertEquals(1, d.misses());
    assertSame(s, get(d, "CI.AAA", after, 0), "the new bytes replaced the old entry");
    assertEquals(400, d.bytes());
  }

  @Test
  void aColdCacheDecodesFromTheRawRecordOnceAndKeepsIt() throws Exception {
    // after a restore nothing is held: the first step decodes, the next ones hit
    DecodedRecords d = new DecodedRecords(1 << 20, STALE);
    byte[] raw = records("AAA", 1).get(2);
    RecordSamples s = get(d, "CI.AAA", raw, 0);
    assertArrayEquals(parse(raw).intSamples(), s.ints());
    assertEquals(1, d.misses());
    assertSame(s, get(d, "CI.AAA", raw, 0));
    assertEquals(1, d.hits());
  }

  @Test
  void recordsNoWindowReachesAndDroppedStationsAreForgotten() throws Exception {
    DecodedRecords d = new DecodedRecords(1 << 20, STALE);
    List<byte[]> a = records("AAA", 1);
    for (byte[] raw : a) {
      put(d, "CI.AAA", raw);
    }
    put(d, "CI.BBB", records("BBB", 3).get(0));
    assertEquals(5, d.records("CI.AAA"));
    assertEquals(6 * 400, d.bytes());
    // records ending at or before T0 + 2 s: the first two
    d.evictEndingBy("CI.AAA", StreamFixtures.T0 + 2_000_000L);
    assertEquals(3, d.records("CI.AAA"));
    assertEquals(4 * 400, d.bytes());
    assertEquals(0, d.misses());
    get(d, "CI.AAA", a.get(1), 0);
    assertEquals(1, d.misses(), "an evicted record is decoded again if asked for");
    d.drop("CI.AAA");
    assertEquals(0, d.records("CI.AAA"));
    assertEquals(1, d.stations());
    assertEquals(400, d.bytes());
  }

  @Test
  void theCapGivesRoomOnlyByDroppingStationsSilentForTheStaleTime() throws Exception {
    // room for two records
    DecodedRecords d = new DecodedRecords(800, STALE);
    long t = StreamFixtures.T0 + 1_000_000L;
    byte[] a = records("AAA", 1).get(0);
    byte[] b = records("BBB", 2).get(0);
    byte[] c = records("CCC", 3).get(0);
    get(d, "CI.AAA", a, t);
    get(d, "CI.BBB", b, t);
    assertEquals(800, d.bytes());
    // a third live station does not push out live ones (that would trade decoding at every
    // step between stations): its record is decoded each time instead
    RecordSamples first = get(d, "CI.CCC", c, t + 1_000_000L);
    RecordSamples second = get(d, "CI.CCC", c, t + 1_000_000L);
    assertArrayEquals(parse(c).intSamples(), second.ints());
    assertEquals(first.startMicros(), second.startMicros());
    assertEquals(0, d.records("CI.CCC"));
    assertEquals(2, d.stations());
    assertEquals(800, d.bytes());
    // BBB goes on, AAA falls silent for longer than the stale time: it gives way
    get(d, "CI.BBB", b, t + STALE);
    get(d, "CI.CCC", c, t + STALE + 1);
    assertEquals(0, d.records("CI.AAA"));
    assertEquals(1, d.records("CI.BBB"), "only as much dropped as needed");
    assertEquals(1, d.records("CI.CCC"));
    assertEquals(800, d.bytes());
  }

  @Test
  void aZeroCapKeepsNothing() throws Exception {
    DecodedRecords d = new DecodedRecords(0, STALE);
    byte[] raw = records("AAA", 1).get(0);
    put(d, "CI.AAA", raw);
    get(d, "CI.AAA", raw, 0);
    get(d, "CI.AAA", raw, 0);
    assertEquals(0, d.hits());
    assertEquals(2, d.misses());
    assertEquals(0, d.bytes());
    assertTrue(d.stations() == 0);
  }
}
