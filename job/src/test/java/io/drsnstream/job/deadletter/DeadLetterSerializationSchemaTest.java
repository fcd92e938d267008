package io.drsnstream.job.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the dead-letter sink hands its producer, decoded as a consumer of the topic would. */
class DeadLetterSerializationSchemaTest {

    private static final int CAP = 512 * 1024;

    /** Generous room for everything in the test's dead letter but its payload. */
    private static final int METADATA_BYTES = 1024;

    private final DeadLetterSerializationSchema schema =
            new DeadLetterSerializationSchema("dead-letters", CAP);

    @Test
    void aPayloadAboveTheCapIsWrittenTruncatedWithTheWholeValuesLengthAndDigest() throws Exception {
        byte[] value = randomBytes(1_048_000);
        RejectedRecord rejected = rejected(value);

        ProducerRecord<byte[], byte[]> record = schema.serialize(rejected, null, null);

        assertThat(record.topic()).isEqualTo("dead-letters");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("sensor-1");
        assertThat(record.value().length)
                .as("the dead letter's size: the cap plus its metadata")
                .isBetween(CAP, CAP + METADATA_BYTES);
        DeadLetter letter = SingleObjectCodec.deadLetters().decode(record.value());
        assertThat(bytes(letter.getPayload())).isEqualTo(Arrays.copyOf(value, CAP));
        assertThat(letter.getPayloadTruncated()).isTrue();
        assertThat(letter.getOriginalPayloadBytes()).isEqualTo(1_048_000L);
        assertThat(letter.getPayloadSha256()).isEqualTo(sha256(value));
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(letter.getSourceOffset()).isEqualTo(41L);
        assertThat(rejected.payload)
                .as("the job's record keeps the whole value")
                .hasSize(1_048_000);
    }

    @Test
    void aPayloadUpToTheCapIsWrittenWholeWithItsLengthAndDigest() throws Exception {
        for (int length : new int[] {0, 100, CAP}) {
            byte[] value = randomBytes(length);

            DeadLetter letter =
                    SingleObjectCodec.deadLetters()
                            .decode(schema.serialize(rejected(value), null, null).value());

            assertThat(bytes(letter.getPayload())).as("length %d", length).isEqualTo(value);
            assertThat(letter.getPayloadTruncated()).isFalse();
            assertThat(letter.getOriginalPayloadBytes()).isEqualTo(length);
            assertThat(letter.getPayloadSha256()).isEqualTo(sha256(value));
        }
    }

    @Test
    void aRecordWithoutValueHasNoPayloadLengthOrDigest() throws Exception {
        DeadLetter letter =
                SingleObjectCodec.deadLetters()
                        .decode(schema.serialize(rejected(null), null, null).value());

        assertThat(letter.getPayload()).isNull();
        assertThat(letter.getPayloadTruncated()).isFalse();
        assertThat(letter.getOriginalPayloadBytes()).isNull();
        assertThat(letter.getPayloadSha256()).isNull();
    }

    private static RejectedRecord rejected(byte[] value) {
        return RejectedRecord.of(
                new SourceCoordinates(
                        "sensor-chunks",
                        0,
                        41L,
                        1_764_000_000_000L,
                        "sensor-1".getBytes(StandardCharsets.UTF_8)),
                value,
                DeadLetterReason.OVERSIZED,
                "chunk has 262000 samples, more than chunk.max-samples=65536",
                "sensor-1");
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
