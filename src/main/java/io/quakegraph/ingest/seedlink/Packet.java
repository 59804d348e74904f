package io.quakegraph.ingest.seedlink;

import io.quakegraph.seismic.SourceId;

/**
 * One packet as the server sends it.
 *
 * @param sequence the server's 64-bit sequence number (the wire carries its low 24 bits)
 * @param id the channel
 * @param startMicros first sample time, epoch microseconds
 * @param endMicros time just after the last sample
 * @param releaseMicros data time from which the packet may be sent
 * @param record the 512-byte miniSEED 2 record
 */
public record Packet(
    long sequence,
    SourceId id,
    long startMicros,
    long endMicros,
    long releaseMicros,
    byte[] record) {}
