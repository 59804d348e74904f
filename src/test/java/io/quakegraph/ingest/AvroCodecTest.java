package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.RecordFormat;
import io.quakegraph.schema.WaveformPacket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
  private final AvroCodec<WaveformPacket> codec = AvroCodec.of(WaveformPacket.class);

  @Test
  void roundTripsWithSingleObjectEncoding() {
    WaveformPacket p = SampleRecords.packet(3);
    byte[] bytes = codec.encode(p);
    // Single-object header: marker C3 01, then the 8-byte schema fingerprint.
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    assertEquals(p, codec.decode(bytes));
    assertEquals(p, AvroCodec.of(WaveformPacket.class).decode(bytes), "fresh codec");
  }

  @Test
  void readsRecordsOfAnOlderWriterSchema() {
    // An "older" WaveformPacket without recordFormat, sequence and origin, written by a generic
    // producer: the current reader fills the defaults.
    Schema current = codec.schema();
    List<Schema.Field> oldFields =
        current.getFields().stream()
            .filter(f -> !List.of("recordFormat", "sequence", "origin").contains(f.name()))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    Schema old =
        Schema.createRecord(
            current.getName(), current.getDoc(), current.getNamespace(), false, oldFields);
    GenericRecord r = new GenericData.Record(old);
    WaveformPacket p = SampleRecords.packet(0);
    r.put("sourceId", p.getSourceId());
    r.put("network", p.getNetwork());
    r.put("station", p.getStation());
    r.put("location", p.getLocation());
    r.put("channel", p.getChannel());
    r.put("startTime", 1_562_383_193_123_456L);
    r.put("sampleRate", 40.0);
    r.put("sampleCount", 200);
    r.put("encoding", 10);
    r.put("record", ByteBuffer.wrap(new byte[] {9, 8, 7}));
    r.put("receiveTime", 1_562_383_195_000_000L);
    byte[] bytes;
    try {
      bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(r).array();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }

    assertThrows(AvroCodec.AvroDecodeException.class, () -> codec.decode(bytes), "unknown writer");
    WaveformPacket back = AvroCodec.of(WaveformPacket.class).withWriterSchema(old).decode(bytes);
    assertEquals(RecordFormat.UNKNOWN, back.getRecordFormat());
    assertNull(back.getSequence());
    assertEquals("", back.getOrigin());
    assertEquals(SampleRecords.T0, back.getStartTime());
    assertArrayEquals(new byte[] {9, 8, 7}, back.getRecord().array());
  }

  @Test
  void badBytesGiveAReasonNotACrash() {
    byte[] good = codec.encode(SampleRecords.packet(1));
    var e1 = assertThrows(AvroCodec.AvroDecodeException.class, () -> codec.decode(null));
    assertTrue(e1.getMessage().contains("null"), e1.getMessage());
    var e2 =
        assertThrows(AvroCodec.AvroDecodeException.class, () -> codec.decode("CI.PAS".getBytes()));
    assertTrue(e2.getMessage().contains("single-object"), e2.getMessage());
    var e3 =
        assertThrows(
            AvroCodec.AvroDecodeException.class,
            () -> AvroCodec.of(EarthquakeAlert.class).decode(good));
    assertTrue(e3.getMessage().contains("does not know"), e3.getMessage());
    var e4 =
        assertThrows(
            AvroCodec.AvroDecodeException.class,
            () -> codec.decode(Arrays.copyOf(good, good.length / 2)));
    assertTrue(e4.getMessage().contains("truncated"), e4.getMessage());
  }

  @Test
  void mutatedValuesNeverEscapeAsOtherExceptions() {
    byte[] good = codec.encode(SampleRecords.packet(2));
    SplittableRandom rnd = new SplittableRandom(20260517L);
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] m = good.clone();
      // Keep the header most of the time so the body parser is what gets exercised.
      int from = rnd.nextInt(10) == 0 ? 0 : 10;
      for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
        m[from + rnd.nextInt(m.length - from)] = (byte) rnd.nextInt(256);
      }
      if (rnd.nextInt(4) == 0) {
        m = Arrays.copyOf(m, rnd.nextInt(m.length));
      }
      try {
        codec.decode(m);
        decoded++;
      } catch (AvroCodec.AvroDecodeException expected) {
        rejected++;
      }
    }
    assertEquals(5_000, decoded + rejected);
    assertTrue(rejected > 500, "mutations were hardly ever rejected: " + rejected);
  }
}
