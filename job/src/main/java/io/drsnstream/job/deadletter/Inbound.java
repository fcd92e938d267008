package io.drsnstream.job.deadletter;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What the job's Kafka sources emit for each record of an input topic (chunks, alert config,
 * model control): the decoded value, or the dead letter of a record the job refuses. Exactly one
 * of the two fields is set; a source never fails the job. {@link InboundRouter} splits the two
 * apart. A Flink POJO: {@link #typeOf} gives its type with the value's type filled in.
 *
 * @param <T> what a good record decodes to
 */
public class Inbound<T> {

    public T value;
    public RejectedRecord rejected;

    public Inbound() {}

    public static <T> Inbound<T> of(T value) {
        Inbound<T> record = new Inbound<>();
        record.value = value;
        return record;
    }

    public static <T> Inbound<T> rejected(RejectedRecord rejected) {
        Inbound<T> record = new Inbound<>();
        record.rejected = rejected;
        return record;
    }

    public boolean isRejected() {
        return rejected != null;
    }

    /**
     * The POJO type of {@code Inbound<T>} for values of {@code valueType}: the type of a
     * source's records. (Flink cannot see a generic field's type from the class alone, and the
     * job refuses Kryo fallbacks.)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> TypeInformation<Inbound<T>> typeOf(Class<T> valueType) {
        return (TypeInformation)
                Types.POJO(
                        Inbound.class,
                        Map.of(
                                "value",
                                TypeInformation.of(valueType),
                                "rejected",
                                TypeInformation.of(RejectedRecord.class)));
    }

    @Override
    public String toString() {
        return isRejected() ? "Inbound{rejected " + rejected + "}" : "Inbound{" + value + "}";
    }
}
