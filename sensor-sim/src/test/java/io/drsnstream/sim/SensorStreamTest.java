package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorStreamTest {

    private static final long EPOCH_MICROS = 1_700_000_000_000_000L;

    private static Timeline faultWithNoise() {
        return Timeline.builder()
                .healthy(0.3)
                .onset(HealthState.INNER_RACE, 0.5, 0, 1)
                .noise(NoiseType.WHITE_GAUSSIAN, 3)
                .hold(HealthState.INNER_RACE, 0.4, 1)
                .noise(NoiseType.PINK, -2)
                .hold(HealthState.BALL, 1, 0.6)
                .build();
    }

    private static SensorStream stream(int chunkSize, Timeline timeline) {
        return SensorStream.builder("m1", "s1")
                .seed(77)
                .chunkSize(chunkSize)
                .startTimeMicros(EPOCH_MICROS)
                .speed(SpeedProfile.ramp(25, 35, 0.2, 1.0))
                .load(1.0)
                .timeline(timeline)
                .build();
    }

    private static float[] concatenate(SensorStream stream, int total, int... sizes) {
        float[] out = new float[total];
        int filled = 0;
        int i = 0;
        while (filled < total) {
            int n = Math.min(sizes[i++ % sizes.length], total - filled);
            float[] samples = stream.next(n).samples();
            System.arraycopy(samples, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    @Test
    void chunksConcatenateToOneLongGeneration() {
        int total = 256 * 120;
        float[] oneGo = stream(total, faultWithNoise()).next().samples();

        assertThat(concatenate(stream(256, faultWithNoise()), total, 256)).isEqualTo(oneGo);
        assertThat(concatenate(stream(256, faultWithNoise()), total, 1000, 17, 3001))
                .isEqualTo(oneGo);
    }

    @Test
    void cleanStreamIsTheGeneratorOutput() {
        Timeline timeline =
                Timeline.builder()
                        .healthy(0.2)
                        .onset(HealthState.MISSING_TOOTH, 0.5, 0.2, 0.9)
                        .build();
        float[] streamed = concatenate(stream(256, timeline), 12_800, 256);

        VibrationGenerator generator =
                new VibrationGenerator(
                        Drivetrain.defaults(),
                        12_800,
                        SpeedProfile.ramp(25, 35, 0.2, 1.0),
                        1.0,
                        timeline,
                        Seeds.derive(77, 0));
        float[] direct = new float[12_800];
        generator.fill(direct, 0, 5000);
        generator.fill(direct, 5000, 7800);

        assertThat(streamed).isEqualTo(direct);
    }

    @Test
    void sequenceNumbersAndTimestampsAdvanceExactly() {
        SensorStream stream = stream(256, faultWithNoise());
        List<SimulatedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            chunks.add(stream.next());
        }

        for (int i = 0; i < chunks.size(); i++) {
            SimulatedChunk c = chunks.get(i);
            assertThat(c.seq()).isEqualTo(i);
            // 256 samples at 12.8 kHz are exactly 20 ms, with no drift after 40 s.
            assertThat(c.startTimeMicros()).isEqualTo(EPOCH_MICROS + 20_000L * i);
            assertThat(c.samples()).hasSize(256);
            assertThat(c.sampleRateHz()).isEqualTo(12_800);
            assertThat(c.machineId()).isEqualTo("m1");
            assertThat(c.sensorId()).isEqualTo("s1");
        }
    }

    @Test
    void timestampsOfAnOddRateComeFromTheSampleIndex() {
        SensorStream stream =
                SensorStream.builder("m", "s").sampleRateHz(12_345.6).chunkSize(100).build();
        for (int i = 0; i < 500; i++) {
            assertThat(stream.next().startTimeMicros())
                    .isEqualTo((long) Math.floor(i * 100 * 1e6 / 12_345.6));
        }
    }

    @Test
    void chunksCarryTheGroundTruthOfTheTimeline() {
        SensorStream stream = stream(1280, faultWithNoise());
        List<SimulatedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            chunks.add(stream.next());
        }

        // Chunk i starts at 0.1 i seconds.
        assertThat(chunks.get(0).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(chunks.get(0).noise()).isEqualTo(NoiseType.NONE);
        assertThat(chunks.get(0).shaftHz()).isEqualTo(25.0);
        assertThat(chunks.get(5).state()).isEqualTo(HealthState.INNER_RACE);
        assertThat(chunks.get(5).severity()).isCloseTo(0.4, within(1e-9));
        assertThat(chunks.get(5).shaftHz()).isCloseTo(28.0, within(1e-9));
        assertThat(chunks.get(9).noise()).isEqualTo(NoiseType.WHITE_GAUSSIAN);
        assertThat(chunks.get(9).snrDb()).isEqualTo(3.0);
        assertThat(chunks.get(13).state()).isEqualTo(HealthState.BALL);
        assertThat(chunks.get(13).severity()).isEqualTo(0.6);
        assertThat(chunks.get(24).state()).isEqualTo(HealthState.BALL);
        assertThat(chunks.get(24).shaftHz()).isEqualTo(35.0);
        assertThat(chunks.get(24).load()).isEqualTo(1.0);
    }

    @Test
    void faultOnsetRaisesTheSignalLevel() {
        Timeline timeline =
                Timeline.builder().healthy(1).onset(HealthState.OUTER_RACE, 1, 0, 1).build();
        SensorStream stream =
                SensorStream.builder("m", "s").chunkSize(12_800).timeline(timeline).build();

        float[] healthy = stream.next().samples();
        stream.next();
        float[] faulty = stream.next().samples();

        double ratio =
                NoiseInjector.meanSquare(faulty, 0, faulty.length)
                        / NoiseInjector.meanSquare(healthy, 0, healthy.length);
        assertThat(ratio).isBetween(1.2, 1.6);
    }

    @Test
    void sameSeedSameStreamDifferentSeedDifferentStream() {
        float[] a = stream(512, faultWithNoise()).next().samples();
        float[] b = stream(512, faultWithNoise()).next().samples();
        float[] c =
                SensorStream.builder("m1", "s1")
                        .seed(78)
                        .chunkSize(512)
                        .startTimeMicros(EPOCH_MICROS)
                        .speed(SpeedProfile.ramp(25, 35, 0.2, 1.0))
                        .load(1.0)
                        .timeline(faultWithNoise())
                        .build()
                        .next()
                        .samples();

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }
}
