package io.drsnstream.job.datatypes;

import java.util.Objects;

/** Where a Kafka record was read: topic, partition, offset, its timestamp and its key bytes. */
public class SourceCoordinates {

    public String topic;
    public int partition;
    public long offset;

    /** Kafka record timestamp in ms, or -1 when the record had none. */
    public long timestamp;

    public byte[] key;

    public SourceCoordinates() {}

    public SourceCoordinates(String topic, int partition, long offset, long timestamp, byte[] key) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceCoordinates)) {
            return false;
        }
        SourceCoordinates that = (SourceCoordinates) o;
        return partition == that.partition
                && offset == that.offset
                && Objects.equals(topic, that.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
