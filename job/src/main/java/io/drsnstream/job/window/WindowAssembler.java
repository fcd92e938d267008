package io.drsnstream.job.window;

import io.drsnstream.job.datatypes.ChunkRecord;
import io.drsnstream.job.datatypes.RejectedRecord;
import io.drsnstream.job.datatypes.SampleWindow;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts one sensor's chunks (keyed by sensorId) into windows of exactly N contiguous samples,
 * every {@code hop} samples, in event-time order.
 *
 * <p>The chunk a sensor's stream expects next (seq = last seq + 1) is assembled as soon as it
 * arrives, together with any waiting chunks that follow it without a gap. Any other chunk waits
 * in {@code pendingChunksBySeq} until the watermark has passed its start time plus the allowed
 * lateness (the first chunk of a sensor too); then waiting chunks are taken in sequence order,
 * so chunks that arrive out of order within that bound give the same windows as in order.
 * Afterwards:
 * <ul>
 *   <li>a chunk with a seq already pending or processed is a {@code DUPLICATE} dead letter;</li>
 *   <li>a chunk whose slot was already passed (a gap skipped it) is a {@code LATE} dead letter;</li>
 *   <li>a gap (missing seq, or a start time that does not follow the previous chunk) discards the
 *       partial window: its samples are counted, never scored as if contiguous.</li>
 * </ul>
 * State per sensor is bounded: at most {@code maxPendingChunks} chunks wait; beyond that the
 * oldest is taken without waiting for the watermark (counted and logged), and the partial window
 * holds at most N samples.
 */
public final class WindowAssembler extends KeyedProcessFunction<String, ChunkRecord, SampleWindow> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WindowAssembler.class);

    private final int windowLength;
    private final int hop;
    private final double sampleRateHz;
    private final long allowedLatenessMillis;
    private final int maxPendingChunks;

    private transient MapState<Long, ChunkRecord> pendingChunksBySeq;
    private transient ValueState<Integer> pendingChunkCount;
    private transient ValueState<StreamPosition> streamPosition;
    private transient ValueState<PartialWindow> partialWindow;

    private transient SingleObjectCodec<SensorChunk> codec;
    private transient Counter windowsAssembled;
    private transient Counter lateChunks;
    private transient Counter duplicateChunks;
    private transient Counter gaps;
    private transient Counter samplesCutByGaps;
    private transient Counter chunksCutByGaps;
    private transient Counter pendingOverflows;

    public WindowAssembler(
            int windowLength,
            int hop,
            double sampleRateHz,
            long allowedLatenessMillis,
            int maxPendingChunks) {
        if (windowLength <= 0 || hop <= 0 || maxPendingChunks <= 0 || allowedLatenessMillis < 0) {
            throw new IllegalArgumentException(
                    "windowLength, hop and maxPendingChunks must be positive, lateness >= 0");
        }
        this.windowLength = windowLength;
        this.hop = hop;
        this.sampleRateHz = sampleRateHz;
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.maxPendingChunks = maxPendingChunks;
    }

    @Override
    public void open(OpenContext openContext) {
        pendingChunksBySeq =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pendingChunksBySeq",
                                        Types.LONG,
                                        TypeInformation.of(ChunkRecord.class)));
        pendingChunkCount =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("pendingChunkCount", Types.INT));
        streamPosition =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "streamPosition",
                                        TypeInformation.of(StreamPosition.class)));
        partialWindow =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "partialWindow", TypeInformation.of(PartialWindow.class)));
        codec = SingleObjectCodec.sensorChunks();
        var metrics = getRuntimeContext().getMetricGroup();
        windowsAssembled = metrics.counter("windowsAssembled");
        lateChunks = metrics.counter("lateChunks");
        duplicateChunks = metrics.counter("duplicateChunks");
        gaps = metrics.counter("gaps");
        samplesCutByGaps = metrics.counter("samplesCutByGaps");
        chunksCutByGaps = metrics.counter("chunksCutByGaps");
        pendingOverflows = metrics.counter("pendingChunkOverflows");
    }

    @Override
    public void processElement(ChunkRecord chunk, Context ctx, Collector<SampleWindow> out)
            throws Exception {
        if (pendingChunksBySeq.contains(chunk.seq)) {
            reject(
                    chunk,
                    DeadLetterReason.DUPLICATE,
                    "chunk seq "
                            + chunk.seq
                            + " of "
                            + chunk.sensorId
                            + " is already waiting to be assembled",
                    ctx);
            return;
        }
        StreamPosition position = streamPosition.value();
        if (position != null && chunk.seq < position.nextSeq) {
            rejectPassed(chunk, position, ctx);
            return;
        }
        if (position != null && chunk.seq == position.nextSeq) {
            // The chunk the stream expects next: nothing that arrives later can come before it, so
            // it is assembled at once (with any waiting chunks that follow it) instead of waiting
            // for the watermark. In-order streams thus pay no out-of-orderness delay.
            takePending(List.of(chunk), ctx, out, false);
            takePending(contiguousPending(), ctx, out, true);
            return;
        }
        int pending = pendingChunkCount.value() == null ? 0 : pendingChunkCount.value();
        if (pending >= maxPendingChunks) {
            pendingOverflows.inc();
            LOG.warn(
                    "Sensor {} has {} chunks waiting for the watermark (cap {}): assembling the oldest now",
                    chunk.sensorId,
                    pending,
                    maxPendingChunks);
            ChunkRecord oldest = oldestPending();
            takePending(List.of(oldest), ctx, out, true);
            takePending(contiguousPending(), ctx, out, true);
            pending = pendingChunkCount.value() == null ? 0 : pendingChunkCount.value();
        }
        pendingChunksBySeq.put(chunk.seq, chunk);
        pendingChunkCount.update(pending + 1);
        ctx.timerService().registerEventTimeTimer(chunk.startMillis() + allowedLatenessMillis);
    }

    /** The waiting chunks that continue the stream without a gap from its next expected seq. */
    private List<ChunkRecord> contiguousPending() throws Exception {
        StreamPosition position = streamPosition.value();
        List<ChunkRecord> run = new ArrayList<>();
        if (position == null) {
            return run;
        }
        for (long seq = position.nextSeq; ; seq++) {
            ChunkRecord next = pendingChunksBySeq.get(seq);
            if (next == null) {
                return run;
            }
            run.add(next);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SampleWindow> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        List<ChunkRecord> ripe = new ArrayList<>();
        for (Map.Entry<Long, ChunkRecord> entry : pendingChunksBySeq.entries()) {
            if (entry.getValue().startMillis() + allowedLatenessMillis <= watermark) {
                ripe.add(entry.getValue());
            }
        }
        ripe.sort(Comparator.comparingLong(c -> c.seq));
        takePending(ripe, ctx, out, true);
        takePending(contiguousPending(), ctx, out, true);
    }

    /**
     * Assembles {@code chunks} in the given order; {@code fromPending} says whether they were
     * waiting in {@code pendingChunksBySeq} (and so must be removed from it).
     */
    private void takePending(
            List<ChunkRecord> chunks, Context ctx, Collector<SampleWindow> out, boolean fromPending)
            throws Exception {
        if (chunks.isEmpty()) {
            return;
        }
        if (fromPending) {
            for (ChunkRecord chunk : chunks) {
                pendingChunksBySeq.remove(chunk.seq);
            }
            int left = pendingChunkCount.value() - chunks.size();
            if (left == 0) {
                pendingChunkCount.clear();
            } else {
                pendingChunkCount.update(left);
            }
        }
        StreamPosition position = streamPosition.value();
        PartialWindow window = partialWindow.value();
        if (window == null) {
            window = PartialWindow.empty(windowLength);
        }
        for (ChunkRecord chunk : chunks) {
            if (position == null) {
                position = new StreamPosition();
                position.firstSeq = chunk.seq;
                position.startRun(chunk.startMicros);
            } else if (chunk.seq < position.nextSeq) {
                rejectPassed(chunk, position, ctx);
                continue;
            } else if (chunk.seq > position.nextSeq || !startsWhereExpected(chunk, position)) {
                cutAtGap(window, chunk, position);
                position.startRun(chunk.startMicros);
            }
            append(window, chunk, position, out);
            position.nextSeq = chunk.seq + 1;
            position.samplesInRun += chunk.samples.length;
        }
        streamPosition.update(position);
        partialWindow.update(window);
    }

    private boolean startsWhereExpected(ChunkRecord chunk, StreamPosition position) {
        long expectedMicros = position.runStartMicros + micros(position.samplesInRun);
        return Math.abs(chunk.startMicros - expectedMicros) <= 0.5e6 / sampleRateHz;
    }

    private void cutAtGap(PartialWindow window, ChunkRecord next, StreamPosition position) {
        gaps.inc();
        if (next.seq > position.nextSeq) {
            position.rememberSkipped(position.nextSeq, next.seq - 1);
        }
        samplesCutByGaps.inc(window.count);
        chunksCutByGaps.inc(window.chunkCount);
        LOG.debug(
                "Gap in {} before seq {} (expected seq {}, got start {}us): {} samples discarded",
                next.sensorId,
                next.seq,
                position.nextSeq,
                next.startMicros,
                window.count);
        window.clear();
    }

    /** Adds the chunk's samples, emitting a window each time N samples are collected. */
    private void append(
            PartialWindow window,
            ChunkRecord chunk,
            StreamPosition position,
            Collector<SampleWindow> out) {
        float[] samples = chunk.samples;
        int from = Math.min(window.samplesToSkip, samples.length);
        window.samplesToSkip -= from;
        if (from == samples.length) {
            return;
        }
        window.addChunk(chunk.seq, samples.length, window.count - from);
        while (from < samples.length) {
            int n = Math.min(windowLength - window.count, samples.length - from);
            System.arraycopy(samples, from, window.samples, window.count, n);
            window.count += n;
            from += n;
            if (window.count == windowLength) {
                out.collect(completeWindow(window, chunk, position));
                windowsAssembled.inc();
                if (hop < windowLength) {
                    window.shift(hop);
                } else {
                    long nextWindowStart = window.bufferStartIndex + hop;
                    int skipInChunk = Math.min(hop - windowLength, samples.length - from);
                    from += skipInChunk;
                    window.clear();
                    window.bufferStartIndex = nextWindowStart;
                    window.samplesToSkip = hop - windowLength - skipInChunk;
                    if (from < samples.length) {
                        window.addChunk(chunk.seq, samples.length, -from);
                    }
                }
            }
        }
    }

    private SampleWindow completeWindow(
            PartialWindow window, ChunkRecord current, StreamPosition position) {
        SampleWindow result = new SampleWindow();
        result.machineId = current.machineId;
        result.sensorId = current.sensorId;
        result.firstSeq = window.chunkSeqs[0];
        result.lastSeq = window.chunkSeqs[window.chunkCount - 1];
        result.startMicros = position.runStartMicros + micros(window.bufferStartIndex);
        result.endMicros = position.runStartMicros + micros(window.bufferStartIndex + windowLength);
        result.samples = Arrays.copyOf(window.samples, windowLength);
        return result;
    }

    /** Time of sample {@code samples} after a run's start, floored to the microsecond as producers do. */
    private long micros(long samples) {
        return (long) Math.floor(samples * 1_000_000.0 / sampleRateHz);
    }

    private ChunkRecord oldestPending() throws Exception {
        ChunkRecord oldest = null;
        for (ChunkRecord candidate : pendingChunksBySeq.values()) {
            if (oldest == null || candidate.seq < oldest.seq) {
                oldest = candidate;
            }
        }
        return oldest;
    }

    private void rejectPassed(ChunkRecord chunk, StreamPosition position, Context ctx) {
        if (position.wasSkipped(chunk.seq)) {
            reject(
                    chunk,
                    DeadLetterReason.LATE,
                    "chunk seq "
                            + chunk.seq
                            + " of "
                            + chunk.sensorId
                            + " arrived after its place in the stream was passed (next expected seq "
                            + position.nextSeq
                            + "; allowed lateness "
                            + allowedLatenessMillis
                            + " ms)",
                    ctx);
        } else {
            reject(
                    chunk,
                    DeadLetterReason.DUPLICATE,
                    "chunk seq " + chunk.seq + " of " + chunk.sensorId + " was already assembled",
                    ctx);
        }
    }

    private void reject(ChunkRecord chunk, DeadLetterReason reason, String detail, Context ctx) {
        (reason == DeadLetterReason.LATE ? lateChunks : duplicateChunks).inc();
        byte[] payload = codec.encode(chunk.toAvro());
        ctx.output(
                RejectedRecord.SIDE_OUTPUT,
                RejectedRecord.of(chunk.source, payload, reason, detail, chunk.sensorId));
    }
}
