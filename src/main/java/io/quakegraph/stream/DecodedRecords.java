package io.quakegraph.stream;

import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.RecordSamples;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The station stage's held records, decoded, per subtask: each record is decoded once, when it
 * arrives, instead of at each of the ~80 steps whose conditioning reaches back to it (parsing and
 * Steim-decoding a station's whole buffer at every step was most of the stage's decode CPU).
 *
 * <p>Not Flink state: it is a function of the raw records that stay in keyed state ({@link
 * ChunkState}), so checkpoints stay small and a restored job starts with it empty and refills it
 * from the raw records as steps need them. An entry is used only when the raw bytes it was decoded
 * from equal the record now in state under the same station and chunk key, so what it returns is
 * what decoding the state would give, whatever happened to the state meanwhile (a restore, an
 * expiry by the state's TTL, a record replaced).
 *
 * <p>Bounded: the station stage drops a station's records once no window reaches them ({@link
 * #evictEndingBy}) and all of a station when its state is empty ({@link #drop}), and the decoded
 * samples never take more than a cap of bytes. When a new record would pass the cap, the least
 * recently used stations are dropped, but only those not used for {@code staleMicros} of data time
 * (silent ones, whose state the TTL drops without telling anyone); if that is not enough the record
 * is not kept and is decoded again when needed. Evicting stations that are still live would only
 * trade one station's decoding for another's at every step.
 *
 * <p>Not thread-safe: one per subtask, used from its task thread.
 */
final class DecodedRecords {
  /** A record's bytes and their samples, and the end of the data (µs) the step eviction uses. */
  private record Held(byte[] raw, RecordSamples samples, long endMicros) {}

  /** One station's records by chunk key. */
  private static final class Station {
    final Map<String, Held> chunks = new HashMap<>();
    long bytes;
    long lastUseMicros;
  }

  private final long capBytes;
  private final long staleMicros;

  /** Access-ordered: the least recently used station first. */
  private final LinkedHashMap<String, Station> stations = new LinkedHashMap<>(64, 0.75f, true);

  private long bytes;
  private long hits;
  private long misses;

  /**
   * @param capBytes most bytes of decoded samples kept (0 keeps none)
   * @param staleMicros data time after which an unused station may give way to another one
   */
  DecodedRecords(long capBytes, long staleMicros) {
    if (capBytes < 0 || staleMicros < 0) {
      throw new IllegalArgumentException("negative cap or staleness");
    }
    this.capBytes = capBytes;
    this.staleMicros = staleMicros;
  }

  /**
   * The samples of the record {@code raw} held under {@code station} and {@code chunk}: kept ones
   * when they were decoded from the same bytes, otherwise decoded now (and kept if there is room).
   *
   * @param endMicros the end of the record's data
   * @param nowMicros the data time of the work (a step), for staleness
   * @throws MiniSeedException if {@code raw} is not a valid record
   */
  RecordSamples get(String station, String chunk, byte[] raw, long endMicros, long nowMicros)
      throws MiniSeedException {
    Station s = stations.get(station);
    Held h = s == null ? null : s.chunks.get(chunk);
    // identity is the common case (the heap state backend hands back the array it was given)
    if (h != null && (h.raw == raw || Arrays.equals(h.raw, raw))) {
      hits++;
      s.lastUseMicros = nowMicros;
      return h.samples;
    }
    misses++;
    RecordSamples samples = RecordSamples.of(MiniSeed.parse(raw));
    put(station, chunk, raw, samples, endMicros, nowMicros);
    return samples;
  }

  /**
   * Keeps a record decoded elsewhere (the packet path has decoded it already), replacing what was
   * held under the same chunk key.
   */
  void put(
      String station,
      String chunk,
      byte[] raw,
      RecordSamples samples,
      long endMicros,
      long nowMicros) {
    Station s = stations.get(station);
    if (s != null) {
      forget(s, s.chunks.remove(chunk));
    }
    long size = samples.sampleBytes();
    if (!makeRoom(size, station, nowMicros)) {
      return;
    }
    if (s == null) {
      s = new Station();
      stations.put(station, s);
    }
    s.chunks.put(chunk, new Held(raw, samples, endMicros));
    s.bytes += size;
    bytes += size;
    s.lastUseMicros = nowMicros;
  }

  /**
   * Drops the station's records whose data ends at or before {@code micros}: the ones the step
   * removes from state, and any left over from state that expired under them.
   */
  void evictEndingBy(String station, long micros) {
    Station s = stations.get(station);
    if (s == null) {
      return;
    }
    for (Iterator<Held> it = s.chunks.values().iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.endMicros() <= micros) {
        it.remove();
        forget(s, h);
      }
    }
  }

  /** Drops everything held for the station. */
  void drop(String station) {
    Station s = stations.remove(station);
    if (s != null) {
      bytes -= s.bytes;
    }
  }

  /** Bytes of decoded samples held. */
  long bytes() {
    return bytes;
  }

  /** Stations with records held. */
  int stations() {
    return stations.size();
  }

  /** Records held for the station. */
  int records(String station) {
    Station s = stations.get(station);
    return s == null ? 0 : s.chunks.size();
  }

  /** Calls of {@link #get} answered from what was held. */
  long hits() {
    return hits;
  }

  /** Calls of {@link #get} that decoded the record. */
  long misses() {
    return misses;
  }

  private void forget(Station s, Held h) {
    if (h != null) {
      s.bytes -= h.samples().sampleBytes();
      bytes -= h.samples().sampleBytes();
    }
  }

  /** Whether {@code size} more bytes fit, after dropping stale stations other than {@code keep}. */
  private boolean makeRoom(long size, String keep, long nowMicros) {
    for (Iterator<Map.Entry<String, Station>> it = stations.entrySet().iterator();
        bytes + size > capBytes && it.hasNext(); ) {
      Map.Entry<String, Station> e = it.next();
      Station s = e.getValue();
      if (e.getKey().equals(keep)) {
        continue;
      }
      // a time far ahead counts as stale too: the data went back (another replay), not silent
      if (Math.abs(nowMicros - s.lastUseMicros) <= staleMicros) {
        break; // the rest were used more recently: live stations, keep them
      }
      it.remove();
      bytes -= s.bytes;
    }
    return bytes + size <= capBytes;
  }
}
