package io.drsnstream.job.deadletter;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

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

    /** The coordinates of a record as a source read it. */
    public static SourceCoordinates of(ConsumerRecord<byte[], byte[]> record) {
        return new SourceCoordinates(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE
                        ? -1L
                        : record.timestamp(),
                record.key());
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
