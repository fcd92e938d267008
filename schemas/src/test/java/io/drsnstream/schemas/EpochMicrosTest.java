package io.drsnstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochMicrosTest {

    @Test
    void roundTripsAroundTheEpoch() {
        for (long micros :
                new long[] {
                    0,
                    1,
                    -1,
                    999_999,
                    -1_000_001,
                    1_700_000_000_123_456L,
                    Long.MIN_VALUE,
                    Long.MAX_VALUE
                }) {
            assertThat(EpochMicros.of(EpochMicros.toInstant(micros)))
                    .as("%d", micros)
                    .isEqualTo(micros);
        }
    }

    @Test
    void aMicrosecondBeforeTheEpochIsInTheSecondBefore() {
        assertThat(EpochMicros.toInstant(-1))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    @Test
    void dropsNanosecondsBelowAMicrosecond() {
        assertThat(EpochMicros.of(Instant.ofEpochSecond(2, 1_999))).isEqualTo(2_000_001L);
    }

    @Test
    void refusesInstantsBeyondALongOfMicros() {
        assertThatThrownBy(() -> EpochMicros.of(Instant.MAX))
                .isInstanceOf(ArithmeticException.class);
    }
}
