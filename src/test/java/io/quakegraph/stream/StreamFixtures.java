package io.quakegraph.stream;

import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.PickFeatures;
import io.quakegraph.model.Stgnn;
import io.quakegraph.schema.RecordFormat;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.Sensitivity;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Real parts for the stream tests: a small broadband network with StationXML, synthetic counts
 * written as real Steim-2 miniSEED records, and a random-weight STGNN saved like an export.
 */
final class StreamFixtures {
  /** Counts per m/s of the synthetic broadbands (an STS-2 class sensor on a 24-bit digitiser). */
  static final Sensitivity VEL = new Sensitivity(6.0e8, 1.0, "m/s", "counts");

  /** 2024-01-01T00:00:00Z, µs. */
  static final long T0 = 1_704_067_200_000_000L;

  private StreamFixtures() {}

  /** A station with HHZ/HHN/HHE at 100 Hz. */
  static Station station(String net, String sta, double lat, double lon) {
    List<Channel> ch = new ArrayList<>();
    String[] codes = {"HHZ", "HHN", "HHE"};
    double[] az = {0, 0, 90};
    double[] dip = {-90, 0, 0};
    for (int i = 0; i < 3; i++) {
      ch.add(
          new Channel(
              new SourceId(net, sta, "", codes[i]),
              lat,
              lon,
              200,
              0,
              az[i],
              dip[i],
              100.0,
              0,
              Long.MAX_VALUE,
              Optional.of(VEL),
              Optional.empty()));
    }
    return new Station(net, sta, lat, lon, 200, sta, ch);
  }

  /** Writes the stations as one StationXML file into a new folder under {@code root}. */
  static Path inventory(Path root, List<Station> stations) throws IOException {
    Path dir = Files.createDirectories(root.resolve("inventory"));
    StationXml.write(stations, dir.resolve("network.xml"));
    return dir;
  }

  /** A node at step {@code t} of a station that has not triggered, with a zero embedding. */
  static StationNode quietNode(
      String id, long t, double lat, double lon, boolean live, long receivedMicros) {
    return new StationNode(
        id,
        t,
        new float[16],
        -6f,
        live,
        false,
        Long.MIN_VALUE,
        1f,
        lat,
        lon,
        100,
        receivedMicros,
        "stgnn-test-v0",
        new float[PickFeatures.COUNT]);
  }

  /** A small random-weight STGNN (E=16) for the stations' frame, saved to {@code root/model}. */
  static Path model(Path root, List<Station> stations) throws IOException {
    Path dir = root.resolve("stgnn-test-v0");
    try (Stgnn m =
        Stgnn.builder(NetworkFrame.of(stations, 50))
            .embeddingDim(16)
            .hidden(16)
            .k(4)
            .seed(7)
            .build()) {
      m.save(dir);
    }
    return dir;
  }

  /**
   * Counts of one channel: Gaussian noise (sigma 200 counts) and, from {@code onsetMicros}, a
   * decaying 5 Hz burst of {@code amplitude} counts.
   */
  static Trace counts(
      SourceId id,
      long startMicros,
      double seconds,
      long onsetMicros,
      double amplitude,
      long seed) {
    double rate = 100.0;
    int n = (int) Math.round(seconds * rate);
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      long ti = startMicros + Math.round(i * 1e6 / rate);
      double v = 200 * r.nextGaussian();
      if (onsetMicros != Long.MIN_VALUE && ti >= onsetMicros) {
        double s = (ti - onsetMicros) / 1e6;
        v += amplitude * Math.sin(2 * Math.PI * 5 * s) * Math.exp(-s / 4.0);
      }
      x[i] = Math.rint(v);
    }
    return new Trace(id, startMicros, rate, x);
  }

  /** The three channels of a station over {@code seconds} with an onset (or none). */
  static List<Trace> station3(
      Station s, long startMicros, double seconds, long onsetMicros, double amplitude) {
    List<Trace> out = new ArrayList<>();
    int k = 0;
    for (Channel c : s.channels()) {
      out.add(
          counts(
              c.id(), startMicros, seconds, onsetMicros, amplitude, s.id().hashCode() * 31L + k++));
    }
    return out;
  }

  /** Real Steim-2 records of about one second each, as packets received 1.5 s after their end. */
  static List<WaveformPacket> packets(Trace t) {
    List<WaveformPacket> out = new ArrayList<>();
    MiniSeed2Writer w = MiniSeed2Writer.shortRecords(Encoding.STEIM2, 1.0);
    for (byte[] rec : w.records(t, 1)) {
      out.add(packet(rec));
    }
    return out;
  }

  /** A packet of one record (header fields from the parsed record). */
  static WaveformPacket packet(byte[] rec) {
    io.quakegraph.seismic.MiniSeedRecord r;
    try {
      r = io.quakegraph.seismic.MiniSeed.parse(rec);
    } catch (io.quakegraph.seismic.MiniSeedException e) {
      throw new IllegalStateException(e);
    }
    return WaveformPacket.newBuilder()
        .setSourceId(r.id().toFdsn())
        .setNetwork(r.id().network())
        .setStation(r.id().station())
        .setLocation(r.id().location())
        .setChannel(r.id().channel())
        .setStartTime(Times.instant(r.startMicros()))
        .setSampleRate(r.sampleRate())
        .setSampleCount(r.sampleCount())
        .setEncoding(r.encoding().code())
        .setRecordFormat(RecordFormat.MINISEED2)
        .setRecord(ByteBuffer.wrap(rec))
        .setReceiveTime(Times.instant(r.endMicros() + 1_500_000))
        .setSequence(null)
        .setOrigin("test")
        .build();
  }

  /** All packets of several traces, ordered by start time (as a live feed interleaves them). */
  static List<WaveformPacket> interleaved(List<Trace> traces) {
    List<WaveformPacket> all = new ArrayList<>();
    for (Trace t : traces) {
      all.addAll(packets(t));
    }
    all.sort(
        java.util.Comparator.comparing((WaveformPacket p) -> p.getStartTime())
            .thenComparing(p -> p.getSourceId().toString()));
    return all;
  }
}
