package io.quakegraph.stream;

/**
 * One received miniSEED record of one channel, kept raw in a station's state until no window needs
 * it any more. Raw Steim bytes are the smallest form (about a byte a sample) and decoding them
 * again at each step costs far less than the conditioning.
 *
 * @param sourceId FDSN source id of the channel
 * @param startMicros time of the first sample
 * @param endMicros time just after the last sample
 * @param record the miniSEED record bytes
 * @param receiveMicros wall-clock time the producer received the record
 */
public record ChunkState(
    String sourceId, long startMicros, long endMicros, byte[] record, long receiveMicros) {}
