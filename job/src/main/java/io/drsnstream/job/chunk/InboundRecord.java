package io.drsnstream.job.chunk;

import io.drsnstream.job.deadletter.RejectedRecord;

/**
 * What the Kafka source emits for each record: either a decoded chunk or a dead letter for bytes
 * that did not decode. Exactly one of the two fields is set. The source never fails the job.
 */
public class InboundRecord {

    public ChunkRecord chunk;
    public RejectedRecord deadLetter;

    public InboundRecord() {}

    public static InboundRecord ofChunk(ChunkRecord chunk) {
        InboundRecord record = new InboundRecord();
        record.chunk = chunk;
        return record;
    }

    public static InboundRecord ofDeadLetter(RejectedRecord deadLetter) {
        InboundRecord record = new InboundRecord();
        record.deadLetter = deadLetter;
        return record;
    }

    public boolean isChunk() {
        return chunk != null;
    }
}
