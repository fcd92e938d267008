package io.drsnstream.job.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.job.datatypes.ChunkRecord;
import io.drsnstream.job.datatypes.RejectedRecord;
import io.drsnstream.job.datatypes.SampleWindow;
import io.drsnstream.job.datatypes.SourceCoordinates;
import io.drsnstream.schemas.DeadLetterReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {

    private static final double RATE = 12_800.0;
    private static final long T0_MICROS = 1_764_000_000_000_000L;
    private static final int N = 2048;

    /** Chunk {@code seq} of {@code size} samples whose values encode their global sample index. */
    static ChunkRecord chunk(long seq, int size) {
        ChunkRecord chunk = new ChunkRecord();
        chunk.machineId = "m1";
        chunk.sensorId = "m1/s1";
        chunk.seq = seq;
        chunk.sampleRateHz = RATE;
        long firstSample = seq * size;
        chunk.startMicros = T0_MICROS + (long) Math.floor(firstSample * 1e6 / RATE);
        chunk.samples = new float[size];
        for (int i = 0; i < size; i++) {
            chunk.samples[i] = firstSample + i;
        }
        chunk.unit = "g";
        chunk.source = new SourceCoordinates("sensor-chunks", 0, seq, -1, "m1/s1".getBytes());
        return chunk;
    }

    static List<ChunkRecord> chunks(int count, int size) {
        List<ChunkRecord> chunks = new ArrayList<>();
        for (int seq = 0; seq < count; seq++) {
            chunks.add(chunk(seq, size));
        }
        return chunks;
    }

    record Result(
            List<SampleWindow> windows,
            List<RejectedRecord> deadLetters,
            WindowAssembler assembler) {}

    /** Feeds the chunks in the given order, with a watermark trailing by {@code outOfOrderMillis}. */
    static Result run(
            List<ChunkRecord> chunks,
            int hop,
            long latenessMillis,
            int maxPending,
            long outOfOrderMillis)
            throws Exception {
        WindowAssembler assembler = new WindowAssembler(N, hop, RATE, latenessMillis, maxPending);
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<String, ChunkRecord, SampleWindow>(
                        new KeyedProcessOperator<>(assembler), c -> c.sensorId, Types.STRING)) {
            harness.open();
            long maxSeen = Long.MIN_VALUE;
            for (ChunkRecord chunk : chunks) {
                harness.processElement(new StreamRecord<>(chunk, chunk.startMillis()));
                maxSeen = Math.max(maxSeen, chunk.startMillis());
                harness.processWatermark(maxSeen - outOfOrderMillis);
            }
            harness.processWatermark(Long.MAX_VALUE);
            List<SampleWindow> windows = new ArrayList<>(harness.extractOutputValues());
            List<RejectedRecord> deadLetters = new ArrayList<>();
            var side = harness.getSideOutput(RejectedRecord.SIDE_OUTPUT);
            if (side != null) {
                side.forEach(r -> deadLetters.add(r.getValue()));
            }
            return new Result(windows, deadLetters, assembler);
        }
    }

    static void assertWindow(SampleWindow window, long firstSample, long firstSeq, long lastSeq) {
        assertThat(window.firstSeq).as("firstSeq of %s", window).isEqualTo(firstSeq);
        assertThat(window.lastSeq).as("lastSeq of %s", window).isEqualTo(lastSeq);
        assertThat(window.samples).hasSize(N);
        assertThat(window.samples[0]).isEqualTo((float) firstSample);
        assertThat(window.samples[N - 1]).isEqualTo((float) (firstSample + N - 1));
        long start = T0_MICROS + (long) Math.floor(firstSample * 1e6 / RATE);
        assertThat(window.startMicros).isEqualTo(start);
        assertThat(window.endMicros)
                .isEqualTo(T0_MICROS + (long) Math.floor((firstSample + N) * 1e6 / RATE));
    }

    @Test
    void inOrderChunksGiveOneWindowPerNSamplesWithExactTimesAndSeqs() throws Exception {
        Result result = run(chunks(20, 256), N, 0, 1000, 0);

        assertThat(result.windows()).hasSize(2);
        assertWindow(result.windows().get(0), 0, 0, 7);
        assertWindow(result.windows().get(1), 2048, 8, 15);
        assertThat(result.deadLetters()).isEmpty();
    }

    @Test
    void outOfOrderAndDuplicatedChunksGiveTheSameWindowsAsInOrder() throws Exception {
        List<ChunkRecord> shuffled = new ArrayList<>(chunks(40, 256));
        // Shuffle within blocks of 5 chunks (100 ms): less than the 200 ms out-of-orderness bound.
        Random random = new Random(7);
        for (int block = 0; block < shuffled.size(); block += 5) {
            Collections.shuffle(shuffled.subList(block, block + 5), random);
        }
        shuffled.add(12, chunk(3, 256)); // a duplicate after its original was assembled
        shuffled.add(30, chunk(31, 256)); // a duplicate while maybe still pending

        Result inOrder = run(chunks(40, 256), N, 0, 1000, 0);
        Result result = run(shuffled, N, 0, 1000, 200);

        assertThat(result.windows())
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(inOrder.windows());
        assertThat(result.windows()).hasSize(5);
        assertThat(result.deadLetters())
                .extracting(RejectedRecord::reason)
                .containsExactly(DeadLetterReason.DUPLICATE, DeadLetterReason.DUPLICATE);
        assertThat(result.deadLetters())
                .extracting(d -> d.source.offset)
                .containsExactlyInAnyOrder(3L, 31L);
    }

    @Test
    void missingChunkCutsThePartialWindowAndALateArrivalIsALateDeadLetter() throws Exception {
        List<ChunkRecord> stream = new ArrayList<>(chunks(30, 256));
        ChunkRecord missing = stream.remove(5);
        stream.add(20, missing); // arrives long after the watermark passed its slot

        Result result = run(stream, N, 0, 1000, 0);

        // Chunks 0..4 are cut by the gap; windows restart at chunk 6.
        assertThat(result.windows()).hasSize(3);
        assertWindow(result.windows().get(0), 6 * 256, 6, 13);
        assertWindow(result.windows().get(1), 14 * 256, 14, 21);
        assertWindow(result.windows().get(2), 22 * 256, 22, 29);
        assertThat(result.deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason()).isEqualTo(DeadLetterReason.LATE);
                            assertThat(d.source.offset).isEqualTo(5L);
                            assertThat(d.payload).isNotEmpty();
                            assertThat(d.detail).contains("seq 5");
                        });
    }

    @Test
    void timeGapWithContiguousSeqAlsoCutsTheWindow() throws Exception {
        List<ChunkRecord> stream = chunks(20, 256);
        for (ChunkRecord chunk : stream.subList(4, 20)) {
            chunk.startMicros += 1_000_000; // the sensor paused for a second after chunk 3
        }
        Result result = run(stream, N, 0, 1000, 0);

        assertThat(result.windows()).hasSize(2);
        assertThat(result.windows().get(0).firstSeq).isEqualTo(4);
        assertThat(result.windows().get(0).startMicros).isEqualTo(stream.get(4).startMicros);
    }

    @Test
    void overlappingHopEmitsAWindowEveryHopSamples() throws Exception {
        Result result = run(chunks(16, 256), 1024, 0, 1000, 0);

        assertThat(result.windows()).hasSize(3);
        assertWindow(result.windows().get(0), 0, 0, 7);
        assertWindow(result.windows().get(1), 1024, 4, 11);
        assertWindow(result.windows().get(2), 2048, 8, 15);
    }

    @Test
    void hopLargerThanTheWindowSkipsSamples() throws Exception {
        Result result = run(chunks(40, 256), 3000, 0, 1000, 0);

        // 10,240 samples: windows start at 0, 3000, 6000 (9000 + 2048 would pass the end).
        assertThat(result.windows()).hasSize(3);
        assertWindow(result.windows().get(0), 0, 0, 7);
        assertWindow(result.windows().get(1), 3000, 11, 19);
        assertWindow(result.windows().get(2), 6000, 23, 31);
    }

    @Test
    void chunkSizeThatDoesNotDivideTheWindowGivesExactMidChunkStartTimes() throws Exception {
        Result result = run(chunks(30, 300), N, 0, 1000, 0);

        assertThat(result.windows()).hasSize(4);
        assertWindow(result.windows().get(0), 0, 0, 6);
        assertWindow(result.windows().get(1), 2048, 6, 13);
        assertWindow(result.windows().get(2), 4096, 13, 20);
    }

    @Test
    void pendingChunksAreCappedAndStillAssembledInOrder() throws Exception {
        // Watermark held back 10 s: without the cap all 20 chunks would wait.
        Result result = run(chunks(20, 256), N, 0, 4, 10_000);

        assertThat(result.windows()).hasSize(2);
        assertWindow(result.windows().get(0), 0, 0, 7);
        assertWindow(result.windows().get(1), 2048, 8, 15);
        assertThat(result.deadLetters()).isEmpty();
    }

    @Test
    void allowedLatenessLetsAChunkBehindTheWatermarkJoinInOrder() throws Exception {
        List<ChunkRecord> stream = new ArrayList<>(chunks(16, 256));
        ChunkRecord delayed = stream.remove(3);
        stream.add(6, delayed); // 3 chunks (60 ms) behind, watermark has no slack

        Result noLateness = run(stream, N, 0, 1000, 0);
        Result withLateness = run(stream, N, 100, 1000, 0);

        assertThat(noLateness.deadLetters())
                .extracting(RejectedRecord::reason)
                .containsExactly(DeadLetterReason.LATE);
        assertThat(withLateness.deadLetters()).isEmpty();
        assertThat(withLateness.windows()).hasSize(2);
        assertWindow(withLateness.windows().get(0), 0, 0, 7);
    }

    @Test
    void chunksThatContinueTheStreamAreAssembledWithoutWaitingForTheWatermark() throws Exception {
        WindowAssembler assembler = new WindowAssembler(N, N, RATE, 0, 1000);
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<String, ChunkRecord, SampleWindow>(
                        new KeyedProcessOperator<>(assembler), c -> c.sensorId, Types.STRING)) {
            harness.open();
            List<ChunkRecord> stream = chunks(20, 256);
            harness.processElement(new StreamRecord<>(stream.get(0), stream.get(0).startMillis()));
            // Only the first chunk of a sensor waits for a watermark ...
            harness.processWatermark(stream.get(0).startMillis());
            // ... after that the watermark stays put, and the in-order chunks still flow.
            for (ChunkRecord chunk : stream.subList(1, 20)) {
                harness.processElement(new StreamRecord<>(chunk, chunk.startMillis()));
            }
            List<SampleWindow> windows = new ArrayList<>(harness.extractOutputValues());
            assertThat(windows).hasSize(2);
            assertWindow(windows.get(0), 0, 0, 7);
            assertWindow(windows.get(1), 2048, 8, 15);
        }
    }
}
