package io.drsnstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorChunksTest {

    @Test
    void setsTheRequiredFieldsAndKeepsTheSchemaDefaults() {
        SensorChunk chunk =
                SensorChunks.builder(
                                "m-1",
                                "m-1/acc-0",
                                7,
                                1_500_000L,
                                12_800.0,
                                new float[] {0.5f, -1.25f})
                        .build();

        assertThat(chunk.getMachineId()).isEqualTo("m-1");
        assertThat(chunk.getSensorId()).isEqualTo("m-1/acc-0");
        assertThat(chunk.getSeq()).isEqualTo(7);
        assertThat(chunk.getStartTime()).isEqualTo(Instant.parse("1970-01-01T00:00:01.5Z"));
        assertThat(chunk.getSampleRateHz()).isEqualTo(12_800.0);
        assertThat(chunk.getSamples()).containsExactly(0.5f, -1.25f);
        assertThat(chunk.getUnit()).isEqualTo("g");
        assertThat(chunk.getShaftHz()).isNull();
        assertThat(chunk.getLoad()).isNull();
    }

    @Test
    void survivesTheTopicsEncoding() throws Exception {
        SensorChunk chunk =
                SensorChunks.builder("m", "s", 1, -3L, 100.0, List.of(1f, 2f, 3f))
                        .setShaftHz(25.0)
                        .setLoad(0.5)
                        .build();
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();

        assertThat(codec.decode(codec.encode(chunk))).isEqualTo(chunk);
    }

    @Test
    void aWatermarkFlushIsOneSampleOfItsOwnSensor() {
        SensorChunk flush = SensorChunks.watermarkFlush("bench", 3, 42L, 12_800.0);

        assertThat(flush.getSensorId()).isEqualTo("watermark-flush-3");
        assertThat(flush.getSamples()).containsExactly(0f);
        assertThat(EpochMicros.of(flush.getStartTime())).isEqualTo(42L);
    }
}
