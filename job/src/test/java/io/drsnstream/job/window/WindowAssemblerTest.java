package io.drsnstream.job.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.DeadLetterReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class WindowAssemblerTest {

    private static final double RATE = 12_800.0;
    private static final long T0_MICROS = 1_764_000_000_000_000L;
    private static final int N = 2048;

    /** The default state.idle-timeout: longer than any of these streams. */
    private static final long IDLE_MILLIS = 600_000;

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

    /** Chunks of a second run of the sensor: seq from 0 again, {@code shiftMicros} later. */
    static List<ChunkRecord> secondRun(int count, int size, long shiftMicros) {
        List<ChunkRecord> run = chunks(count, size);
        for (ChunkRecord chunk : run) {
            chunk.startMicros += shiftMicros;
            chunk.source =
                    new SourceCoordinates(
                            "sensor-chunks", 0, 1000 + chunk.seq, -1, "m1/s1".getBytes());
        }
        return run;
    }

    static ChunkRecord ofSensor(String sensorId, ChunkRecord chunk) {
        chunk.sensorId = sensorId;
        return chunk;
    }

    static WindowAssembler assembler(
            int hop, long latenessMillis, int maxPending, long idleMillis) {
        return new WindowAssembler(N, hop, RATE, latenessMillis, maxPending, idleMillis);
    }

    /** A task metric group that keeps what the operator registers, so tests can read it back. */
    static final class RecordingMetrics extends InterceptingTaskMetricGroup {
        private final InterceptingOperatorMetricGroup operator =
                new InterceptingOperatorMetricGroup();

        @Override
        public InternalOperatorMetricGroup getOrAddOperator(
                OperatorID operatorId, String name, Map<String, String> additionalVariables) {
            return operator;
        }

        long count(String name) {
            return ((Counter) operator.get(name)).getCount();
        }

        long gauge(String name) {
            return ((Number) ((Gauge<?>) operator.get(name)).getValue()).longValue();
        }
    }

    /** The assembler in Flink's keyed operator harness, optionally restored from a snapshot. */
    static final class Assembly implements AutoCloseable {
        final RecordingMetrics metrics = new RecordingMetrics();
        final KeyedOneInputStreamOperatorTestHarness<String, ChunkRecord, SampleWindow> harness;
        private final MockEnvironment environment;

        Assembly(WindowAssembler assembler) throws Exception {
            this(assembler, null);
        }

        Assembly(WindowAssembler assembler, OperatorSubtaskState restoreFrom) throws Exception {
            environment = new MockEnvironmentBuilder().setMetricGroup(metrics).build();
            harness =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            new KeyedProcessOperator<>(assembler),
                            c -> c.sensorId,
                            Types.STRING,
                            environment);
            if (restoreFrom != null) {
                harness.initializeState(restoreFrom);
            }
            harness.open();
        }

        void feed(ChunkRecord chunk) throws Exception {
            harness.processElement(new StreamRecord<>(chunk, chunk.startMillis()));
        }

        void watermark(long millis) throws Exception {
            harness.processWatermark(millis);
        }

        List<SampleWindow> windows() {
            return new ArrayList<>(harness.extractOutputValues());
        }

        List<RejectedRecord> deadLetters() {
            List<RejectedRecord> deadLetters = new ArrayList<>();
            var side = harness.getSideOutput(RejectedRecord.SIDE_OUTPUT);
            if (side != null) {
                side.forEach(r -> deadLetters.add(r.getValue()));
            }
            return deadLetters;
        }

        @Override
        public void close() throws Exception {
            harness.close();
            environment.close();
        }
    }

    record Result(
            List<SampleWindow> windows,
            List<RejectedRecord> deadLetters,
            RecordingMetrics metrics) {}

    /** Feeds the chunks in the given order, with a watermark trailing by {@code outOfOrderMillis}. */
    static Result run(
            List<ChunkRecord> chunks,
            int hop,
            long latenessMillis,
            int maxPending,
            long outOfOrderMillis)
            throws Exception {
        try (Assembly assembly =
                new Assembly(assembler(hop, latenessMillis, maxPending, IDLE_MILLIS))) {
            long maxSeen = Long.MIN_VALUE;
            for (ChunkRecord chunk : chunks) {
                assembly.feed(chunk);
                maxSeen = Math.max(maxSeen, chunk.startMillis());
                assembly.watermark(maxSeen - outOfOrderMillis);
            }
            assembly.watermark(Long.MAX_VALUE);
            return new Result(assembly.windows(), assembly.deadLetters(), assembly.metrics);
        }
    }

    static void assertWindow(SampleWindow window, long firstSample, long firstSeq, long lastSeq) {
        assertWindowOfRun(window, 0, firstSample, firstSeq, lastSeq);
    }

    /** As {@link #assertWindow}, for a run that began {@code runShiftMicros} after the first. */
    static void assertWindowOfRun(
            SampleWindow window,
            long runShiftMicros,
            long firstSample,
            long firstSeq,
            long lastSeq) {
        assertThat(window.firstSeq).as("firstSeq of %s", window).isEqualTo(firstSeq);
        assertThat(window.lastSeq).as("lastSeq of %s", window).isEqualTo(lastSeq);
        assertThat(window.samples).hasSize(N);
        assertThat(window.samples[0]).isEqualTo((float) firstSample);
        assertThat(window.samples[N - 1]).isEqualTo((float) (firstSample + N - 1));
        long runStart = T0_MICROS + runShiftMicros;
        long start = runStart + (long) Math.floor(firstSample * 1e6 / RATE);
        assertThat(window.startMicros).isEqualTo(start);
        assertThat(window.endMicros)
                .isEqualTo(runStart + (long) Math.floor((firstSample + N) * 1e6 / RATE));
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
    void chunksBehindAWatermarkThatWillNotMoveAgainAreAssembledAtOnce() throws Exception {
        // Another partition moved event time an hour on while this sensor's partition lagged
        // (its reader idle while it reconnected); nothing newer follows. Timers for passed times
        // would fire only with a next watermark: the windows must come without one.
        try (Assembly assembly = new Assembly(assembler(N, 200, 1000, IDLE_MILLIS))) {
            assembly.watermark(T0_MICROS / 1000 + 3_600_000);
            for (ChunkRecord chunk : chunks(16, 256)) {
                assembly.feed(chunk);
            }
            assertThat(assembly.windows()).hasSize(2);
            assertWindow(assembly.windows().get(0), 0, 0, 7);
            assertWindow(assembly.windows().get(1), 2048, 8, 15);
            assertThat(assembly.deadLetters()).isEmpty();
        }
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
        WindowAssembler assembler = assembler(N, 0, 1000, IDLE_MILLIS);
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

    // --- Runs: a sensor that reboots starts its seq again, later in time ---

    /** The second run starts 2 s after the first run's 20 chunks (400 ms) end. */
    private static final long REBOOT_SHIFT_MICROS = 2_400_000;

    @Test
    void aRebootThatStartsTheSeqAgainLaterInTimeIsANewRunWhoseWindowsAreScored() throws Exception {
        List<ChunkRecord> stream = new ArrayList<>(chunks(20, 256));
        stream.addAll(secondRun(16, 256, REBOOT_SHIFT_MICROS));

        Result result = run(stream, N, 0, 1000, 200);

        assertThat(result.deadLetters()).isEmpty();
        assertThat(result.windows()).hasSize(4);
        assertWindow(result.windows().get(0), 0, 0, 7);
        assertWindow(result.windows().get(1), 2048, 8, 15);
        assertWindowOfRun(result.windows().get(2), REBOOT_SHIFT_MICROS, 0, 0, 7);
        assertWindowOfRun(result.windows().get(3), REBOOT_SHIFT_MICROS, 2048, 8, 15);
        // The first run's last 4 chunks (1024 samples) were a partial window: cut and counted.
        assertThat(result.metrics().count("sensorRestarts")).isEqualTo(1);
        assertThat(result.metrics().count("samplesCutByRestarts")).isEqualTo(1024);
        assertThat(result.metrics().count("chunksCutByRestarts")).isEqualTo(4);
        assertThat(result.metrics().count("gaps")).isZero();
    }

    @Test
    void trueDuplicatesStayDuplicatesAndAChunkOfAnEndedRunIsLate() throws Exception {
        List<ChunkRecord> first = chunks(20, 256);
        List<ChunkRecord> second = secondRun(16, 256, REBOOT_SHIFT_MICROS);
        List<ChunkRecord> stream = new ArrayList<>(first);
        stream.add(chunk(19, 256)); // the first run's latest chunk again: same seq, same time
        stream.addAll(second.subList(0, 4));
        stream.add(secondRun(4, 256, REBOOT_SHIFT_MICROS).get(3)); // while the new run waits
        stream.addAll(second.subList(4, 13));
        stream.add(secondRun(11, 256, REBOOT_SHIFT_MICROS).get(10)); // after it was assembled
        stream.add(chunk(5, 256)); // the first run's chunk 5, after that run ended
        stream.addAll(second.subList(13, 16));

        Result result = run(stream, N, 0, 1000, 200);

        assertThat(result.windows()).hasSize(4);
        assertWindowOfRun(result.windows().get(3), REBOOT_SHIFT_MICROS, 2048, 8, 15);
        Map<Long, DeadLetterReason> reasonByOffset = new TreeMap<>();
        result.deadLetters().forEach(d -> reasonByOffset.put(d.source.offset, d.reason()));
        assertThat(reasonByOffset)
                .containsExactlyEntriesOf(
                        new TreeMap<>(
                                Map.of(
                                        5L, DeadLetterReason.LATE,
                                        19L, DeadLetterReason.DUPLICATE,
                                        1003L, DeadLetterReason.DUPLICATE,
                                        1010L, DeadLetterReason.DUPLICATE)));
        assertThat(result.deadLetters())
                .filteredOn(d -> d.source.offset == 5L)
                .singleElement()
                .satisfies(d -> assertThat(d.detail).contains("earlier run"));
        assertThat(result.metrics().count("sensorRestarts")).isEqualTo(1);
    }

    @Test
    void chunksOutOfOrderAroundARestartGiveTheSameWindowsAsInOrder() throws Exception {
        // A quick reboot: the new run starts 100 ms after the old one's 22 chunks (440 ms) end,
        // within the 200 ms out-of-orderness bound, so the two runs' chunks arrive interleaved.
        long shift = 540_000;
        List<ChunkRecord> first = chunks(22, 256);
        List<ChunkRecord> second = secondRun(16, 256, shift);
        List<ChunkRecord> inOrder = new ArrayList<>(first);
        inOrder.addAll(second);
        List<ChunkRecord> interleaved = new ArrayList<>(first.subList(0, 20));
        interleaved.addAll(List.of(second.get(1), first.get(20), second.get(0), first.get(21)));
        interleaved.addAll(second.subList(2, 16));

        Result expected = run(inOrder, N, 0, 1000, 200);
        Result result = run(interleaved, N, 0, 1000, 200);

        assertThat(result.windows())
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(expected.windows());
        assertThat(result.windows()).hasSize(4);
        assertWindowOfRun(result.windows().get(2), shift, 0, 0, 7);
        assertThat(result.deadLetters()).isEmpty();
        assertThat(expected.deadLetters()).isEmpty();
        for (Result r : List.of(expected, result)) {
            assertThat(r.metrics().count("sensorRestarts")).isEqualTo(1);
            assertThat(r.metrics().count("chunksCutByRestarts")).isEqualTo(6); // chunks 16..21
            assertThat(r.metrics().count("gaps")).isZero();
        }
    }

    @Test
    void theCapOnWaitingChunksAlsoBoundsARunThatWaitsToBegin() throws Exception {
        List<ChunkRecord> stream = new ArrayList<>(chunks(10, 256));
        stream.addAll(secondRun(16, 256, REBOOT_SHIFT_MICROS));

        // Watermark held back 10 s: everything would wait; with a cap of 6 the new run's third
        // chunk finds the cap full and the old run ends at once.
        Result capped = run(stream, N, 0, 6, 10_000);
        Result uncapped = run(stream, N, 0, 1000, 10_000);

        assertThat(capped.windows())
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(uncapped.windows());
        assertThat(capped.windows()).hasSize(3);
        assertThat(capped.deadLetters()).isEmpty();
        assertThat(capped.metrics().count("pendingChunkOverflows")).isPositive();
        assertThat(capped.metrics().count("sensorRestarts")).isEqualTo(1);
        assertThat(capped.metrics().count("chunksCutByRestarts")).isEqualTo(2);
    }

    // --- Idle sensors: state freed after state.idle-timeout of event time and of wall clock ---

    @Test
    void anIdleSensorsStateIsFreedAndItsPartialWindowCounted() throws Exception {
        try (Assembly assembly = new Assembly(assembler(N, 0, 1000, 1_000))) {
            List<ChunkRecord> stream = chunks(20, 256); // 400 ms: 2 windows and 1024 samples
            for (ChunkRecord chunk : stream) {
                assembly.feed(chunk);
                assembly.watermark(chunk.startMillis());
            }
            assertThat(assembly.metrics.gauge("sensorsTracked")).isEqualTo(1);

            long lastSampleMillis = Math.floorDiv(T0_MICROS, 1000) + 400;
            assembly.harness.setProcessingTime(1_000); // no chunk for 1 s by the wall clock either
            assembly.watermark(lastSampleMillis + 999);
            assertThat(assembly.metrics.count("idleSensorsFreed")).isZero();
            assertThat(assembly.harness.numKeyedStateEntries()).isPositive();

            assembly.watermark(lastSampleMillis + 1_000);
            assertThat(assembly.metrics.count("idleSensorsFreed")).isEqualTo(1);
            assertThat(assembly.metrics.count("samplesCutByIdleTimeout")).isEqualTo(1024);
            assertThat(assembly.metrics.count("chunksCutByIdleTimeout")).isEqualTo(4);
            assertThat(assembly.metrics.gauge("sensorsTracked")).isZero();
            assertThat(assembly.harness.numKeyedStateEntries()).isZero();
            assertThat(assembly.windows()).hasSize(2);
            assertThat(assembly.deadLetters()).isEmpty();

            // It sends again: a new stream, whose first chunk waits for the watermark.
            ChunkRecord again = chunk(40, 256);
            assembly.feed(again);
            assertThat(assembly.metrics.gauge("sensorsTracked")).isEqualTo(1);
            assertThat(assembly.deadLetters()).isEmpty();
        }
    }

    @Test
    void waitingChunksOfAnIdleSensorAreAssembledBeforeItsStateIsFreed() throws Exception {
        try (Assembly assembly = new Assembly(assembler(N, 500, 1000, 1_000))) {
            // Chunks 0..9, then 11..13 after a missing 10: they wait for the watermark (500 ms
            // allowed lateness) when the sensor goes silent.
            List<ChunkRecord> stream = new ArrayList<>(chunks(14, 256));
            stream.remove(10);
            for (ChunkRecord chunk : stream) {
                assembly.feed(chunk);
                assembly.watermark(chunk.startMillis() - 600);
            }
            assembly.harness.setProcessingTime(1_000); // silent by the wall clock too
            assembly.watermark(Math.floorDiv(T0_MICROS, 1000) + 280 + 1_000);

            assertThat(assembly.metrics.count("idleSensorsFreed")).isEqualTo(1);
            assertThat(assembly.harness.numKeyedStateEntries()).isZero();
            // The ledger: 8 chunks in the window, 2 cut by the gap, 3 by the idle timeout.
            assertThat(assembly.windows()).singleElement().satisfies(w -> assertWindow(w, 0, 0, 7));
            assertThat(assembly.metrics.count("chunksCutByGaps")).isEqualTo(2);
            assertThat(assembly.metrics.count("chunksCutByIdleTimeout")).isEqualTo(3);
            assertThat(assembly.deadLetters()).isEmpty();
        }
    }

    @Test
    void aSensorWhosePartitionLaggedBehindAJumpOfTheWatermarkKeepsItsPartialWindow()
            throws Exception {
        try (Assembly assembly = new Assembly(assembler(N, 0, 1000, IDLE_MILLIS))) {
            // Chunks 0..11: one window and half of the next, read before a broker outage.
            List<ChunkRecord> stream = chunks(22, 256);
            for (ChunkRecord chunk : stream.subList(0, 12)) {
                assembly.feed(chunk);
                assembly.watermark(chunk.startMillis());
            }
            // Another partition's reader moves event time an hour on while this one's is idle:
            // by event time the sensor is silent far beyond the idle timeout, not by the wall
            // clock (its chunks arrived moments ago).
            assembly.watermark(Math.floorDiv(T0_MICROS, 1000) + 3_600_000);
            assertThat(assembly.metrics.count("idleSensorsFreed")).isZero();

            // Its partition's reader fetches again: the sensor's windows continue where they were.
            for (ChunkRecord chunk : stream.subList(12, 22)) {
                assembly.feed(chunk);
            }
            assertThat(assembly.windows()).hasSize(2);
            assertWindow(assembly.windows().get(0), 0, 0, 7);
            assertWindow(assembly.windows().get(1), 2048, 8, 15);
            assertThat(assembly.metrics.count("samplesCutByIdleTimeout")).isZero();
            assertThat(assembly.metrics.count("gaps")).isZero();

            // Silent by both clocks at last: freed, its partial window (chunks 16..21) counted.
            assembly.watermark(Long.MAX_VALUE);
            assertThat(assembly.metrics.count("idleSensorsFreed")).isZero();
            assembly.harness.setProcessingTime(IDLE_MILLIS);
            assertThat(assembly.metrics.count("idleSensorsFreed")).isEqualTo(1);
            assertThat(assembly.metrics.count("chunksCutByIdleTimeout")).isEqualTo(6);
            assertThat(assembly.metrics.count("samplesCutByIdleTimeout")).isEqualTo(6 * 256);
            assertThat(assembly.harness.numKeyedStateEntries()).isZero();
            assertThat(assembly.deadLetters()).isEmpty();
        }
    }

    @Test
    void aSensorThatKeepsSendingIsNeverIdleEvenWhenItsClockLagsTheOthers() throws Exception {
        try (Assembly assembly = new Assembly(assembler(N, 0, 1000, 1_000))) {
            // 3 s of two sensors, with an idle timeout of 1 s; the second sensor's clock is an
            // hour behind, so its chunks trail the watermark (which the first one moves on).
            List<ChunkRecord> punctual = chunks(150, 256);
            List<ChunkRecord> lagging = chunks(150, 256);
            for (int i = 0; i < 150; i++) {
                ChunkRecord lag = ofSensor("m1/s2", lagging.get(i));
                lag.startMicros -= 3_600_000_000L;
                assembly.feed(punctual.get(i));
                assembly.feed(lag);
                assembly.watermark(punctual.get(i).startMillis());
            }

            assertThat(assembly.metrics.count("idleSensorsFreed")).isZero();
            assertThat(assembly.metrics.gauge("sensorsTracked")).isEqualTo(2);
            assertThat(assembly.windows()).hasSize(2 * 18);
            assertThat(assembly.deadLetters()).isEmpty();
        }
    }

    @Test
    void aRestoredSnapshotKeepsTheTimersOfWaitingChunksHeldRunsAndIdleSensors() throws Exception {
        long t0Millis = Math.floorDiv(T0_MICROS, 1000);
        OperatorSubtaskState snapshot;
        List<ChunkRecord> secondRun = secondRun(2, 256, 2_000_000);
        for (ChunkRecord chunk : secondRun) {
            ofSensor("m1/s2", chunk);
        }
        try (Assembly assembly = new Assembly(assembler(N, 0, 1000, 1_000))) {
            for (ChunkRecord chunk : chunks(20, 256)) {
                assembly.feed(chunk);
                assembly.watermark(chunk.startMillis());
            }
            // Sensor 1: chunk 21 after a gap, waiting for the watermark. Sensor 2: ten chunks
            // starting 0.5 s in (ahead of the watermark, so they wait; chunks behind it would be
            // taken at once), and the first chunk of a new run, all waiting.
            assembly.feed(chunk(21, 256));
            for (ChunkRecord chunk : secondRun(10, 256, 500_000)) {
                assembly.feed(ofSensor("m1/s2", chunk));
            }
            assembly.feed(secondRun.get(0));
            assertThat(assembly.windows()).hasSize(2);
            assertThat(assembly.metrics.gauge("sensorsTracked")).isEqualTo(2);
            snapshot = assembly.harness.snapshot(1L, 1L);
        }

        try (Assembly restored = new Assembly(assembler(N, 0, 1000, 1_000), snapshot)) {
            // Restored sensors are counted again once they send.
            assertThat(restored.metrics.gauge("sensorsTracked")).isZero();
            restored.feed(secondRun.get(1));
            assertThat(restored.metrics.gauge("sensorsTracked")).isEqualTo(1);
            restored.harness.setProcessingTime(1_000); // every sensor silent by the wall clock

            restored.watermark(t0Millis + 2_100);

            // Sensor 1: its waiting chunk was assembled after the gap, then the sensor, idle since
            // 440 ms, was freed; it was not counted by this subtask, so the gauge stays right.
            assertThat(restored.metrics.count("chunksCutByGaps")).isEqualTo(4);
            assertThat(restored.metrics.count("idleSensorsFreed")).isEqualTo(1);
            assertThat(restored.metrics.count("chunksCutByIdleTimeout")).isEqualTo(1);
            // Sensor 2: its ten chunks gave a window and the new run began.
            assertThat(restored.windows())
                    .singleElement()
                    .satisfies(
                            w -> {
                                assertThat(w.sensorId).isEqualTo("m1/s2");
                                assertWindowOfRun(w, 500_000, 0, 0, 7);
                            });
            assertThat(restored.metrics.count("sensorRestarts")).isEqualTo(1);
            assertThat(restored.metrics.count("chunksCutByRestarts")).isEqualTo(2);
            assertThat(restored.metrics.gauge("sensorsTracked")).isEqualTo(1);

            restored.watermark(Long.MAX_VALUE);
            assertThat(restored.metrics.count("idleSensorsFreed")).isEqualTo(2);
            assertThat(restored.metrics.count("chunksCutByIdleTimeout")).isEqualTo(1 + 2);
            assertThat(restored.metrics.gauge("sensorsTracked")).isZero();
            assertThat(restored.harness.numKeyedStateEntries()).isZero();
            assertThat(restored.deadLetters()).isEmpty();
        }
    }
}
