package io.quakegraph.ingest.replay;

import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts one channel's records into short 512-byte miniSEED 2 records of about {@code seconds} each,
 * the way a low-latency telemetry digitiser sends them. Samples are carried across contiguous
 * source records, so every output record holds {@code round(seconds * rate)} samples (or fewer when
 * they do not fit 512 bytes) except the last one before a gap, a rate change or the end. Integer
 * data is written as Steim-2, float data in its own float width, so the union of the output is
 * sample-identical to the input.
 */
final class Recutter {
  private final double seconds;
  private final MiniSeed2Writer steim2;
  private final MiniSeed2Writer float32;
  private final MiniSeed2Writer float64;
  private SourceId id;
  private double rate;
  private Encoding encoding;
  private long start;
  private double[] pending = new double[1024];
  private int size;
  private int sequence = 1;

  Recutter(double seconds) {
    this.seconds = seconds;
    this.steim2 = MiniSeed2Writer.shortRecords(Encoding.STEIM2, seconds);
    this.float32 = MiniSeed2Writer.shortRecords(Encoding.FLOAT32, seconds);
    this.float64 = MiniSeed2Writer.shortRecords(Encoding.FLOAT64, seconds);
  }

  /**
   * Whether a record can be cut: it has waveform samples and the writer can represent its ids and
   * rate. A record that cannot is replayed as it is.
   */
  static boolean cuttable(MiniSeedRecord r) {
    SourceId i = r.id();
    return r.hasWaveform()
        && i.network().length() <= 2
        && i.station().length() <= 5
        && i.location().length() <= 2
        && i.channel().length() <= 3;
  }

  /** Adds a cuttable record; returns the short records that are complete. */
  List<byte[]> add(MiniSeedRecord r) {
    List<byte[]> out = new ArrayList<>();
    Encoding enc = outputEncoding(r.encoding());
    if (size > 0 && !continues(r, enc)) {
      out.addAll(flush());
    }
    if (size == 0) {
      id = r.id();
      rate = r.sampleRate();
      encoding = enc;
      start = r.startMicros();
    }
    double[] s = r.samples();
    if (size + s.length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(2 * pending.length, size + s.length));
    }
    System.arraycopy(s, 0, pending, size, s.length);
    size += s.length;
    int per = (int) Math.max(1, Math.round(seconds * rate));
    int whole = size / per * per;
    if (whole > 0) {
      out.addAll(emit(whole));
    }
    return out;
  }

  /** The records of every sample still held (at a gap or at the end of the stream). */
  List<byte[]> flush() {
    return size == 0 ? List.of() : emit(size);
  }

  private boolean continues(MiniSeedRecord r, Encoding enc) {
    double halfSample = 0.5e6 / rate;
    long end = start + Math.round(size * 1e6 / rate);
    return r.id().equals(id)
        && enc == encoding
        && Math.abs(r.sampleRate() / rate - 1) < 1e-9
        && Math.abs(r.startMicros() - end) <= halfSample;
  }

  /** Encodes the first {@code n} held samples and keeps the rest. */
  private List<byte[]> emit(int n) {
    Trace t = new Trace(id, start, rate, Arrays.copyOf(pending, n));
    MiniSeed2Writer w =
        switch (encoding) {
          case FLOAT32 -> float32;
          case FLOAT64 -> float64;
          default -> steim2;
        };
    List<byte[]> recs = w.records(t, sequence);
    sequence = (int) ((sequence - 1L + recs.size()) % 999_999 + 1);
    start = t.timeOf(n);
    System.arraycopy(pending, n, pending, 0, size - n);
    size -= n;
    return recs;
  }

  private static Encoding outputEncoding(Encoding in) {
    if (in.isInteger()) {
      return Encoding.STEIM2;
    }
    return in == Encoding.FLOAT32 ? Encoding.FLOAT32 : Encoding.FLOAT64;
  }
}
