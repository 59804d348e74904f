package io.quakegraph.console;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.schema.WaveformPacket;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads only the head of a {@link WaveformPacket} value: station and time span. The console needs
 * no waveform, and the fields it needs come before the miniSEED bytes, so the record bytes are
 * never touched (a console follows every packet of the network).
 *
 * <p>Every known writer schema of WaveformPacket (current and history) begins with the same eight
 * fields; a value with another header or fingerprint is malformed.
 */
final class PacketPrefix {
  private static final byte MARKER0 = (byte) 0xC3;
  private static final byte MARKER1 = (byte) 0x01;
  private static final int HEADER = 10;

  /**
   * The head of a packet.
   *
   * @param stationId {@code NET.STA}
   * @param startMicros first sample, UTC µs
   * @param endMicros end of the last sample, UTC µs
   */
  record Head(String stationId, long startMicros, long endMicros) {}

  private final Set<Long> fingerprints = new HashSet<>();
  private BinaryDecoder decoder;

  PacketPrefix() {
    for (Schema s : AvroCodec.of(WaveformPacket.class).writerSchemas()) {
      fingerprints.add(SchemaNormalization.parsingFingerprint64(s));
    }
  }

  /**
   * The head of a packet value.
   *
   * @throws IllegalArgumentException when the value is not a WaveformPacket
   */
  Head read(byte[] value) {
    if (value == null || value.length < HEADER + 8) {
      throw new IllegalArgumentException("too short for a WaveformPacket");
    }
    if (value[0] != MARKER0 || value[1] != MARKER1) {
      throw new IllegalArgumentException("not Avro single-object encoded");
    }
    long fp = 0;
    for (int i = 9; i >= 2; i--) {
      fp = (fp << 8) | (value[i] & 0xFF);
    }
    if (!fingerprints.contains(fp)) {
      throw new IllegalArgumentException("not a WaveformPacket schema: " + Long.toHexString(fp));
    }
    try {
      decoder = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, decoder);
      decoder.skipString(); // sourceId
      String net = decoder.readString();
      String sta = decoder.readString();
      decoder.skipString(); // location
      decoder.skipString(); // channel
      long start = decoder.readLong();
      double rate = decoder.readDouble();
      int count = decoder.readInt();
      if (!(rate > 0) || count < 0 || net.isEmpty() || sta.isEmpty()) {
        throw new IllegalArgumentException("implausible packet head: " + net + "." + sta);
      }
      return new Head(net + "." + sta, start, start + Math.round(count * 1e6 / rate));
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("truncated WaveformPacket: " + e, e);
    }
  }
}
