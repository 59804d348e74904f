package io.quakegraph.ingest;

import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.RecordFormat;
import io.quakegraph.schema.StationPick;
import io.quakegraph.schema.WaveformPacket;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Fixed, fully populated instances of every generated record, for round-trip tests. */
final class SampleRecords {
  /** A time with microseconds set, to see that none are lost. */
  static final Instant T0 = Instant.parse("2019-07-06T03:19:53.123456Z");

  private SampleRecords() {}

  static WaveformPacket packet(int sequence) {
    byte[] record = new byte[512];
    for (int i = 0; i < record.length; i++) {
      record[i] = (byte) (i * 31 + sequence);
    }
    return WaveformPacket.newBuilder()
        .setSourceId("FDSN:CI_PAS__H_H_Z")
        .setNetwork("CI")
        .setStation("PAS")
        .setLocation("")
        .setChannel("HHZ")
        .setStartTime(T0.plusMillis(10L * sequence))
        .setSampleRate(100.0)
        .setSampleCount(412)
        .setEncoding(11)
        .setRecordFormat(RecordFormat.MINISEED2)
        .setRecord(ByteBuffer.wrap(record))
        .setReceiveTime(T0.plusSeconds(2).plusNanos(789_000))
        .setSequence(0xABCDEFL + sequence)
        .setOrigin("seedlink:127.0.0.1:18000")
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setRaw(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setReason(DeadLetterReason.TRUNCATED_RECORD)
        .setDetail("record ends at byte 3, header says 512")
        .setOrigin("replay:/archive/CI.PAS.HHZ.2019.187")
        .setTime(T0)
        .setSourceId(null)
        .setKey(ByteBuffer.wrap("CI.PAS".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .setTopic(Topics.PACKETS)
        .setPartition(4)
        .setOffset(123_456_789_012L)
        .build();
  }

  static EarthquakeAlert alert() {
    return EarthquakeAlert.newBuilder()
        .setEventId("qg2019ridgecrest")
        .setVersion(3)
        .setFinalEstimate(false)
        .setIssueTime(T0.plusSeconds(9))
        .setDataTime(T0.plusSeconds(8))
        .setOriginTime(T0)
        .setLatitude(35.7695)
        .setLongitude(-117.5993)
        .setDepthKm(8.0)
        .setMagnitude(7.1)
        .setLatitudeUncertaintyKm(3.2)
        .setLongitudeUncertaintyKm(2.9)
        .setDepthUncertaintyKm(4.5)
        .setMagnitudeUncertainty(0.4)
        .setOriginTimeUncertaintySeconds(0.8)
        .setStationsUsed(42)
        .setStationsTriggered(17)
        .setStationsLive(180)
        .setModelVersion("stgnn-2026.1")
        .setLatencyMs(420)
        .build();
  }

  static StationPick pick() {
    return StationPick.newBuilder()
        .setStationId("CI.PAS")
        .setOnsetTime(T0.plusSeconds(5))
        .setStepTime(T0.plusSeconds(6))
        .setLatitude(34.148426)
        .setLongitude(-118.17119)
        .setLog10PeakVelocity(-4.5f)
        .build();
  }
}
