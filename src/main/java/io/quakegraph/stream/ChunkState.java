package io.quakegraph.stream;

/**
 * One received miniSEED record of one channel, kept raw in a station's state until no window needs
 * it any more. Raw Steim bytes are the smallest form (about a byte a sample), so checkpoints stay
 * small; the samples decoded from them live beside the state, not in it ({@link DecodedRecords}),
 * and a restored job decodes the records again once.
 *
 * @param sourceId FDSN source id of the channel
 * @param startMicros time of the first sample
 * @param endMicros time just after the last sample
 * @param record the miniSEED record bytes
 * @param receiveMicros wall-clock time the producer received the record
 */
public record ChunkState(
    String sourceId, long startMicros, long endMicros, byte[] record, long receiveMicros) {}
