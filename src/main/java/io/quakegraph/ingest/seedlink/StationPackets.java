package io.quakegraph.ingest.seedlink;

import io.quakegraph.seismic.SourceId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The 512-byte miniSEED 2 records of one station, in the order the server numbers them: by start
 * time, then channel id. Packet {@code i} (0-based) of the first pass through the archive has
 * sequence number {@code i + 1}, so the numbers depend only on the archive's content and are the
 * same after a server restart.
 *
 * <p>{@link #releaseAt(int)} is the running maximum of the packets' end times: a live server can
 * only send a record once its last sample has been recorded, and packets go out in sequence order,
 * so packet {@code i} becomes available when every packet up to it has ended.
 */
public final class StationPackets {
  private final String network;
  private final String station;
  private final SourceId[] ids;
  private final long[] starts;
  private final long[] ends;
  private final long[] releaseAt;
  private final byte[][] records;

  /** One packet before numbering. */
  record Entry(SourceId id, long startMicros, long endMicros, byte[] record) {}

  StationPackets(String network, String station, List<Entry> sorted) {
    this.network = network;
    this.station = station;
    int n = sorted.size();
    ids = new SourceId[n];
    starts = new long[n];
    ends = new long[n];
    releaseAt = new long[n];
    records = new byte[n][];
    long max = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      Entry e = sorted.get(i);
      ids[i] = e.id();
      starts[i] = e.startMicros();
      ends[i] = e.endMicros();
      max = Math.max(max, e.endMicros());
      releaseAt[i] = max;
      records[i] = e.record();
    }
  }

  /** Network code, e.g. CI. */
  public String network() {
    return network;
  }

  /** Station code, e.g. PAS. */
  public String station() {
    return station;
  }

  /** {@code NET.STA}. */
  public String stationId() {
    return network + "." + station;
  }

  /** Packets in one pass through the archive. */
  public int size() {
    return records.length;
  }

  /** Channel of packet {@code i}. */
  public SourceId id(int i) {
    return ids[i];
  }

  /** Start of packet {@code i}, epoch microseconds. */
  public long start(int i) {
    return starts[i];
  }

  /** End (just after the last sample) of packet {@code i}, epoch microseconds. */
  public long end(int i) {
    return ends[i];
  }

  /** Data time at which packet {@code i} can be sent. */
  public long releaseAt(int i) {
    return releaseAt[i];
  }

  /** The record bytes of packet {@code i} (shared; do not modify). */
  public byte[] record(int i) {
    return records[i];
  }

  /** Number of packets released once data time has reached {@code dataMicros}. */
  public int releasedBy(long dataMicros) {
    int i = Arrays.binarySearch(releaseAt, dataMicros);
    if (i < 0) {
      return -i - 1;
    }
    // several packets may share a release time: count them all
    while (i < releaseAt.length && releaseAt[i] <= dataMicros) {
      i++;
    }
    return i;
  }

  /** Index of the first packet that may end after {@code micros} (all later ones are checked). */
  public int firstEndingAfter(long micros) {
    return releasedBy(micros);
  }

  /** The channels of this station, in first-seen order. */
  public Set<SourceId> channels() {
    return new LinkedHashSet<>(Arrays.asList(ids));
  }

  /** Earliest start, or 0 when empty. */
  public long firstStart() {
    return starts.length == 0 ? 0 : starts[0];
  }

  /** Latest end, or 0 when empty. */
  public long lastEnd() {
    return releaseAt.length == 0 ? 0 : releaseAt[releaseAt.length - 1];
  }
}
