package io.drsnstream.job.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterPayloadTest {

    /** SHA-256 of "abc", the test vector of FIPS 180-2. */
    private static final String SHA256_OF_ABC =
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aValueUpToTheCapIsKeptWholeWithItsLengthAndDigest() {
        for (int cap : new int[] {3, 4, 1 << 20}) {
            DeadLetterPayload payload = DeadLetterPayload.of(ABC, cap);

            assertThat(bytes(payload.bytes())).as("cap %d", cap).isEqualTo(ABC);
            assertThat(payload.truncated()).isFalse();
            assertThat(payload.originalBytes()).isEqualTo(3);
            assertThat(payload.sha256()).isEqualTo(SHA256_OF_ABC);
        }
    }

    @Test
    void aLongerValueIsCutToItsFirstBytesAndTheDigestIsOfTheWholeValue() {
        DeadLetterPayload payload = DeadLetterPayload.of(ABC, 2);

        assertThat(bytes(payload.bytes())).containsExactly('a', 'b');
        assertThat(payload.truncated()).isTrue();
        assertThat(payload.originalBytes()).isEqualTo(3);
        assertThat(payload.sha256()).isEqualTo(SHA256_OF_ABC);
        assertThat(ABC).as("the value itself is left as it was").containsExactly('a', 'b', 'c');
    }

    @Test
    void anEmptyValueIsKeptAndNoValueHasNoPayload() {
        DeadLetterPayload empty = DeadLetterPayload.of(new byte[0], 1);
        assertThat(empty.bytes().remaining()).isZero();
        assertThat(empty.truncated()).isFalse();
        assertThat(empty.originalBytes()).isZero();
        assertThat(empty.sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        assertThat(DeadLetterPayload.of(null, 1)).isNull();
    }

    @Test
    void theCapMustBePositive() {
        assertThatThrownBy(() -> DeadLetterPayload.of(ABC, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
