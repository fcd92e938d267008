package io.drsnstream.job.window;

import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
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
 * lateness (the first chunk of a sensor too; at once if the watermark has passed it already);
 * then waiting chunks are taken in sequence order,
 * so chunks that arrive out of order within that bound give the same windows as in order.
 * Afterwards:
 * <ul>
 *   <li>a chunk with a seq already pending or processed is a {@code DUPLICATE} dead letter;</li>
 *   <li>a chunk whose slot was already passed (a gap skipped it) is a {@code LATE} dead letter;</li>
 *   <li>a gap (missing seq, or a start time that does not follow the previous chunk) discards the
 *       partial window: its samples are counted, never scored as if contiguous.</li>
 * </ul>
 *
 * <p><b>Runs.</b> A sensor that reboots starts its seq again. Within one run seq and time rise
 * together, so a chunk whose seq is at or below the highest seq of the sensor's current run but
 * which starts at or after the end of that run's latest sample (to within half a sample) cannot
 * belong to it: it starts a new run. Its chunks wait in {@code nextRunChunksBySeq} until the
 * watermark passes the new run's first start plus the allowed lateness, so that chunks of the old
 * run still on their way within the out-of-orderness bound are assembled in the old run, and the
 * new run's chunks are sorted as a new sensor's are. Then the old run ends: its waiting chunks are
 * assembled, its partial window is cut and counted ({@code samplesCutByRestarts}), the position
 * starts afresh, and {@code sensorRestarts} counts it. A chunk that starts before the current run
 * began and cannot precede it by seq belongs to an earlier run: a {@code LATE} dead letter. A true
 * duplicate (same seq, same start) stays a {@code DUPLICATE}: it does not start after the run.
 *
 * <p><b>Idle sensors.</b> A sensor's state is freed when both clocks find it silent: the
 * watermark passes its latest activity (the end of its latest accepted chunk, or the watermark
 * when that chunk came, whichever is later) plus {@code idleTimeoutMillis}, and no chunk of it
 * arrived for as long by the wall clock. Then its waiting chunks, all past their lateness by then,
 * are assembled, its partial window is cut and counted ({@code samplesCutByIdleTimeout}), and
 * every state of the key is cleared. Event time, so that a backlog is not mistaken for silence and
 * a sensor whose clock lags the others is not idle as long as it sends; and the wall clock, so
 * that a sensor whose partition lagged is not freed because another partition moved the
 * watermark on while this one's reader was idle (Flink's idleness lets the others' watermark
 * through; the lagging chunks arrive behind it seconds later and continue the window). A chunk of
 * a freed sensor is the first chunk of a new stream.
 *
 * <p><b>State.</b> Per sensor: at most {@code maxPendingChunks} waiting chunks of both runs
 * together (beyond that the oldest is taken without waiting for the watermark, counted and logged;
 * a held next run is started at once), a partial window of N samples, the position with up to
 * {@value StreamPosition#REMEMBERED_GAPS} skipped ranges, two run extents and the activity record.
 * Every chunk ends in a scored window, a dead letter, or a partial window cut by a gap, a restart
 * or the idle timeout (each counted in chunks and samples).
 */
public final class WindowAssembler extends KeyedProcessFunction<String, ChunkRecord, SampleWindow> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WindowAssembler.class);

    private final int windowLength;
    private final int hop;
    private final double sampleRateHz;
    private final long allowedLatenessMillis;
    private final int maxPendingChunks;
    private final long idleTimeoutMillis;

    private transient MapState<Long, ChunkRecord> pendingChunksBySeq;

    /** Chunks of a new run, held until the current run is complete. */
    private transient MapState<Long, ChunkRecord> nextRunChunksBySeq;

    /** Chunks waiting in both maps together. */
    private transient ValueState<Integer> pendingChunkCount;

    private transient ValueState<StreamPosition> streamPosition;
    private transient ValueState<PartialWindow> partialWindow;
    private transient ValueState<RunExtent> currentRun;
    private transient ValueState<RunExtent> nextRun;
    private transient ValueState<SensorActivity> sensorActivity;

    private transient SingleObjectCodec<SensorChunk> codec;
    private transient Counter windowsAssembled;
    private transient Counter lateChunks;
    private transient Counter duplicateChunks;
    private transient Counter gaps;
    private transient Counter samplesCutByGaps;
    private transient Counter chunksCutByGaps;
    private transient Counter pendingOverflows;
    private transient Counter sensorRestarts;
    private transient Counter samplesCutByRestarts;
    private transient Counter chunksCutByRestarts;
    private transient Counter idleSensorsFreed;
    private transient Counter samplesCutByIdleTimeout;
    private transient Counter chunksCutByIdleTimeout;

    /** Drawn when the subtask opens: marks the sensors that {@link #sensorsTracked} counts. */
    private transient long subtaskRunId;

    /** Sensors with state that this run of the subtask counts (see {@link SensorActivity}). */
    private transient long sensorsTracked;

    /**
     * @param idleTimeoutMillis event time without new chunks after which a sensor's state is
     *     freed; longer than the allowed lateness, so that its waiting chunks are all due by then
     */
    public WindowAssembler(
            int windowLength,
            int hop,
            double sampleRateHz,
            long allowedLatenessMillis,
            int maxPendingChunks,
            long idleTimeoutMillis) {
        if (windowLength <= 0 || hop <= 0 || maxPendingChunks <= 0 || allowedLatenessMillis < 0) {
            throw new IllegalArgumentException(
                    "windowLength, hop and maxPendingChunks must be positive, lateness >= 0");
        }
        if (idleTimeoutMillis <= allowedLatenessMillis) {
            throw new IllegalArgumentException(
                    "the idle timeout must be longer than the allowed lateness");
        }
        this.windowLength = windowLength;
        this.hop = hop;
        this.sampleRateHz = sampleRateHz;
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.maxPendingChunks = maxPendingChunks;
        this.idleTimeoutMillis = idleTimeoutMillis;
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
        nextRunChunksBySeq =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "nextRunChunksBySeq",
                                        Types.LONG,
                                        TypeInformation.of(ChunkRecord.class)));
        pendingChunkCount =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("pendingChunkCount", Types.INT));
        streamPosition = valueState("streamPosition", StreamPosition.class);
        partialWindow = valueState("partialWindow", PartialWindow.class);
        currentRun = valueState("currentRun", RunExtent.class);
        nextRun = valueState("nextRun", RunExtent.class);
        sensorActivity = valueState("sensorActivity", SensorActivity.class);
        codec = SingleObjectCodec.sensorChunks();
        var metrics = getRuntimeContext().getMetricGroup();
        windowsAssembled = metrics.counter("windowsAssembled");
        lateChunks = metrics.counter("lateChunks");
        duplicateChunks = metrics.counter("duplicateChunks");
        gaps = metrics.counter("gaps");
        samplesCutByGaps = metrics.counter("samplesCutByGaps");
        chunksCutByGaps = metrics.counter("chunksCutByGaps");
        pendingOverflows = metrics.counter("pendingChunkOverflows");
        sensorRestarts = metrics.counter("sensorRestarts");
        samplesCutByRestarts = metrics.counter("samplesCutByRestarts");
        chunksCutByRestarts = metrics.counter("chunksCutByRestarts");
        idleSensorsFreed = metrics.counter("idleSensorsFreed");
        samplesCutByIdleTimeout = metrics.counter("samplesCutByIdleTimeout");
        chunksCutByIdleTimeout = metrics.counter("chunksCutByIdleTimeout");
        long id = ThreadLocalRandom.current().nextLong();
        subtaskRunId = id == 0 ? 1 : id; // 0 is what a sensor not yet counted holds
        sensorsTracked = 0;
        metrics.gauge("sensorsTracked", () -> sensorsTracked);
    }

    private <T> ValueState<T> valueState(String name, Class<T> type) {
        return getRuntimeContext()
                .getState(new ValueStateDescriptor<>(name, TypeInformation.of(type)));
    }

    @Override
    public void processElement(ChunkRecord chunk, Context ctx, Collector<SampleWindow> out)
            throws Exception {
        RunExtent current = currentRunExtent();
        RunExtent next = nextRun.value();
        if ((next != null && chunk.startMicros >= next.firstStartMicros)
                || startsNewRun(chunk, current)) {
            holdForNextRun(chunk, next, ctx, out);
            return;
        }
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
        if (belongsToEarlierRun(chunk, current, position)) {
            reject(
                    chunk,
                    DeadLetterReason.LATE,
                    "chunk seq "
                            + chunk.seq
                            + " of "
                            + chunk.sensorId
                            + " starts at "
                            + chunk.startMicros
                            + "us, before the sensor's current run (which began at "
                            + current.firstStartMicros
                            + "us, up to seq "
                            + current.maxSeq
                            + "): it belongs to an earlier run, which has ended",
                    ctx);
            return;
        }
        if (position != null && chunk.seq < position.nextSeq) {
            rejectPassed(chunk, position, ctx);
            return;
        }
        if (position != null && chunk.seq == position.nextSeq) {
            // The chunk the stream expects next: nothing that arrives later can come before it, so
            // it is assembled at once (with any waiting chunks that follow it) instead of waiting
            // for the watermark. In-order streams thus pay no out-of-orderness delay.
            accept(chunk, current, ctx);
            takePending(List.of(chunk), ctx, out, false);
            takePending(contiguousPending(), ctx, out, true);
            return;
        }
        if (waitingCount() >= maxPendingChunks) {
            pendingOverflows.inc();
            LOG.warn(
                    "Sensor {} has {} chunks waiting for the watermark (cap {}): assembling the oldest now",
                    chunk.sensorId,
                    waitingCount(),
                    maxPendingChunks);
            if (nextRun.value() != null) {
                // The held run's chunks fill the cap: the current run ends now, and the chunk is
                // placed again against the run that has begun.
                startNextRun(ctx, out);
                processElement(chunk, ctx, out);
                return;
            }
            ChunkRecord oldest = oldestPending();
            takePending(List.of(oldest), ctx, out, true);
            takePending(contiguousPending(), ctx, out, true);
        }
        accept(chunk, current, ctx);
        pendingChunksBySeq.put(chunk.seq, chunk);
        pendingChunkCount.update(waitingCount() + 1);
        awaitWatermark(chunk, ctx, out);
    }

    /**
     * True when the chunk cannot belong to {@code run}: its seq is at or below the run's highest,
     * yet it starts after the run's latest sample (half a sample of rounding allowed).
     */
    private boolean startsNewRun(ChunkRecord chunk, RunExtent run) {
        return run != null
                && chunk.seq <= run.maxSeq
                && chunk.startMicros + halfSampleMicros() >= run.endMicros;
    }

    /**
     * True when the chunk starts before the current run began and cannot precede it by seq: while
     * the run's first chunks still wait, a lower seq may precede them (out of order within the
     * bound), a higher one cannot. The chunk the stream expects next is never refused this way: a
     * clock that steps back is a gap, as before.
     */
    private boolean belongsToEarlierRun(
            ChunkRecord chunk, RunExtent current, StreamPosition position) {
        if (current == null || chunk.startMicros + halfSampleMicros() >= current.firstStartMicros) {
            return false;
        }
        return position != null ? chunk.seq != position.nextSeq : chunk.seq > current.maxSeq;
    }

    private long halfSampleMicros() {
        return (long) (0.5e6 / sampleRateHz);
    }

    /** Holds a chunk of the run that follows the current one, until the current one is complete. */
    private void holdForNextRun(
            ChunkRecord chunk, RunExtent next, Context ctx, Collector<SampleWindow> out)
            throws Exception {
        if (next != null && nextRunChunksBySeq.contains(chunk.seq)) {
            reject(
                    chunk,
                    DeadLetterReason.DUPLICATE,
                    "chunk seq "
                            + chunk.seq
                            + " of "
                            + chunk.sensorId
                            + " is already waiting to start the sensor's next run",
                    ctx);
            return;
        }
        boolean full = waitingCount() >= maxPendingChunks;
        if (full || (next != null && startsNewRun(chunk, next))) {
            if (full) {
                pendingOverflows.inc();
                LOG.warn(
                        "Sensor {} has {} chunks waiting (cap {}) as a new run starts: ending its current run now",
                        chunk.sensorId,
                        waitingCount(),
                        maxPendingChunks);
            }
            // Full, or the sensor restarted again before its next run began: the current run ends
            // now, and the chunk is placed again against the run that has begun.
            startNextRun(ctx, out);
            processElement(chunk, ctx, out);
            return;
        }
        long end = endMicros(chunk);
        if (next == null) {
            next = RunExtent.of(chunk.seq, chunk.startMicros, end);
            LOG.debug(
                    "Sensor {} started a new run at seq {} ({}us): it begins once the watermark passes",
                    chunk.sensorId,
                    chunk.seq,
                    chunk.startMicros);
        } else {
            next.include(chunk.seq, chunk.startMicros, end);
        }
        nextRun.update(next);
        nextRunChunksBySeq.put(chunk.seq, chunk);
        pendingChunkCount.update(waitingCount() + 1);
        trackActivity(end, ctx);
        awaitWatermark(chunk, ctx, out);
    }

    /**
     * Lets a waiting chunk wait for the watermark to pass its start plus the allowed lateness, or
     * takes what is ripe at once when the watermark has passed that already: a timer registered
     * for a time the watermark has passed fires only with the next watermark, which may never
     * come. That happens to the chunks of a partition that lagged while another one moved event
     * time on (its reader idle while it reconnected after a broker restart or a failover) and to
     * a sensor whose state was freed as idle, when nothing newer follows.
     */
    private void awaitWatermark(ChunkRecord chunk, Context ctx, Collector<SampleWindow> out)
            throws Exception {
        long due = chunk.startMillis() + allowedLatenessMillis;
        long watermark = ctx.timerService().currentWatermark();
        if (due > watermark) {
            ctx.timerService().registerEventTimeTimer(due);
        } else {
            takeRipeChunks(watermark, ctx, out);
        }
    }

    /**
     * Ends the current run: its waiting chunks (all earlier than the next run) are assembled, its
     * partial window is cut and counted, and the next run's chunks, if one is held, wait as a new
     * sensor's first chunks do.
     */
    private void startNextRun(Context ctx, Collector<SampleWindow> out) throws Exception {
        takePending(allPendingInSeqOrder(), ctx, out, true);
        PartialWindow window = partialWindow.value();
        if (window != null) {
            samplesCutByRestarts.inc(window.count);
            chunksCutByRestarts.inc(window.chunkCount);
        }
        sensorRestarts.inc();
        RunExtent next = nextRun.value();
        RunExtent ended = currentRun.value();
        LOG.info(
                "Sensor {} restarted: its run up to seq {} ended ({} samples of the partial window"
                        + " discarded); the next run starts {}",
                ctx.getCurrentKey(),
                ended == null ? "?" : ended.maxSeq,
                window == null ? 0 : window.count,
                next == null ? "with its next chunk" : "at " + next.firstStartMicros + "us");
        streamPosition.clear();
        partialWindow.clear();
        if (next == null) {
            currentRun.clear();
            return;
        }
        for (Map.Entry<Long, ChunkRecord> entry : nextRunChunksBySeq.entries()) {
            pendingChunksBySeq.put(entry.getKey(), entry.getValue());
        }
        nextRunChunksBySeq.clear();
        currentRun.update(next);
        nextRun.clear();
    }

    /** Records a chunk of the current run in its extent and the sensor's activity. */
    private void accept(ChunkRecord chunk, RunExtent current, Context ctx) throws Exception {
        long end = endMicros(chunk);
        if (current == null) {
            current = RunExtent.of(chunk.seq, chunk.startMicros, end);
        } else {
            current.include(chunk.seq, chunk.startMicros, end);
        }
        currentRun.update(current);
        trackActivity(end, ctx);
    }

    /**
     * The current run's extent. State restored from a savepoint of an earlier release has none: it
     * is rebuilt once from the position and the waiting chunks, with its start unknown.
     */
    private RunExtent currentRunExtent() throws Exception {
        RunExtent extent = currentRun.value();
        if (extent != null) {
            return extent;
        }
        StreamPosition position = streamPosition.value();
        if (position == null && pendingChunkCount.value() == null) {
            return null;
        }
        extent = RunExtent.unknownStart();
        if (position != null) {
            extent.maxSeq = position.nextSeq - 1;
            extent.endMicros = position.runStartMicros + micros(position.samplesInRun);
        }
        for (ChunkRecord chunk : pendingChunksBySeq.values()) {
            extent.include(chunk.seq, chunk.startMicros, endMicros(chunk));
        }
        currentRun.update(extent);
        return extent;
    }

    /** Moves the sensor's latest activity on; the first chunk of a sensor registers its idle timer. */
    private void trackActivity(long chunkEndMicros, Context ctx) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long activity = Math.max(Math.floorDiv(chunkEndMicros, 1000L), watermark);
        SensorActivity tracked = sensorActivity.value();
        if (tracked == null) {
            tracked = new SensorActivity();
            tracked.lastActivityMillis = activity;
            tracked.idleTimerMillis = idleDeadline(activity);
            ctx.timerService().registerEventTimeTimer(tracked.idleTimerMillis);
        } else {
            tracked.lastActivityMillis = Math.max(tracked.lastActivityMillis, activity);
            if (tracked.freeAtProcessingMillis != 0) {
                // Event time had found it silent, the wall clock had not: it was only lagging.
                ctx.timerService().deleteProcessingTimeTimer(tracked.freeAtProcessingMillis);
                tracked.freeAtProcessingMillis = 0;
                tracked.idleTimerMillis = idleDeadline(tracked.lastActivityMillis);
                ctx.timerService().registerEventTimeTimer(tracked.idleTimerMillis);
            }
        }
        tracked.lastChunkProcessingMillis = ctx.timerService().currentProcessingTime();
        tracked.trackedBeforeWatermark = watermark == Long.MIN_VALUE;
        if (tracked.countedBy != subtaskRunId) {
            tracked.countedBy = subtaskRunId;
            sensorsTracked++;
        }
        sensorActivity.update(tracked);
    }

    private long idleDeadline(long activityMillis) {
        return activityMillis > Long.MAX_VALUE - idleTimeoutMillis
                ? Long.MAX_VALUE
                : activityMillis + idleTimeoutMillis;
    }

    private int waitingCount() throws Exception {
        Integer count = pendingChunkCount.value();
        return count == null ? 0 : count;
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

    private List<ChunkRecord> allPendingInSeqOrder() throws Exception {
        List<ChunkRecord> all = new ArrayList<>();
        for (ChunkRecord chunk : pendingChunksBySeq.values()) {
            all.add(chunk);
        }
        all.sort(Comparator.comparingLong(c -> c.seq));
        return all;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SampleWindow> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            SensorActivity silent = sensorActivity.value();
            if (silent != null && silent.freeAtProcessingMillis == timestamp) {
                freeIdleSensor(silent, ctx, out);
            }
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        takeRipeChunks(watermark, ctx, out);

        SensorActivity activity = sensorActivity.value();
        if (activity != null && activity.idleTimerMillis == timestamp) {
            if (activity.trackedBeforeWatermark) {
                activity.lastActivityMillis = Math.max(activity.lastActivityMillis, watermark);
                activity.trackedBeforeWatermark = false;
            }
            long deadline = idleDeadline(activity.lastActivityMillis);
            if (deadline > timestamp) {
                activity.idleTimerMillis = deadline;
                ctx.timerService().registerEventTimeTimer(deadline);
                sensorActivity.update(activity);
            } else {
                freeOnceTheWallClockAgrees(activity, ctx, out);
            }
        }
    }

    /**
     * Frees a sensor that event time finds silent once the wall clock finds it silent too: no
     * chunk of it arrived for the idle timeout. Event time alone would free the sensors of a
     * partition that lagged: while its reader is idle (a broker outage, a failover), another
     * partition moves the watermark on, by an hour if it must, and the lagging partition's next
     * chunks, which continue the sensors' windows, arrive seconds later by the wall clock.
     * Freed then, those partial windows would be cut and the windows lost. In a live stream both
     * clocks agree, so the sensor is freed at once, as before.
     */
    private void freeOnceTheWallClockAgrees(
            SensorActivity activity, Context ctx, Collector<SampleWindow> out) throws Exception {
        long wallClockDeadline = idleDeadline(activity.lastChunkProcessingMillis);
        if (wallClockDeadline <= ctx.timerService().currentProcessingTime()) {
            freeIdleSensor(activity, ctx, out);
            return;
        }
        LOG.debug(
                "Sensor {} is silent by event time (watermark {} ms) but sent a chunk within the"
                        + " idle timeout by the wall clock: its state is kept until {} ms (processing time)",
                ctx.getCurrentKey(),
                ctx.timerService().currentWatermark(),
                wallClockDeadline);
        activity.freeAtProcessingMillis = wallClockDeadline;
        ctx.timerService().registerProcessingTimeTimer(wallClockDeadline);
        sensorActivity.update(activity);
    }

    /** Takes the waiting chunks the watermark has passed (with the allowed lateness), in seq order. */
    private void takeRipeChunks(long watermark, Context ctx, Collector<SampleWindow> out)
            throws Exception {
        RunExtent next = nextRun.value();
        if (next != null
                && Math.floorDiv(next.firstStartMicros, 1000L) + allowedLatenessMillis
                        <= watermark) {
            // Every chunk of the current run that was to come within the bound has come.
            startNextRun(ctx, out);
        }
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
     * Frees the state of a sensor that sent nothing for the idle timeout: a held run begins, the
     * waiting chunks (all past their lateness) are assembled, and the partial window is counted.
     */
    private void freeIdleSensor(SensorActivity activity, Context ctx, Collector<SampleWindow> out)
            throws Exception {
        if (nextRun.value() != null) {
            startNextRun(ctx, out);
        }
        takePending(allPendingInSeqOrder(), ctx, out, true);
        PartialWindow window = partialWindow.value();
        if (window != null) {
            samplesCutByIdleTimeout.inc(window.count);
            chunksCutByIdleTimeout.inc(window.chunkCount);
        }
        idleSensorsFreed.inc();
        if (activity.countedBy == subtaskRunId) {
            sensorsTracked--;
        }
        LOG.debug(
                "Sensor {} idle since {} ms: state freed, {} samples of its partial window discarded",
                ctx.getCurrentKey(),
                activity.lastActivityMillis,
                window == null ? 0 : window.count);
        pendingChunksBySeq.clear();
        nextRunChunksBySeq.clear();
        pendingChunkCount.clear();
        streamPosition.clear();
        partialWindow.clear();
        currentRun.clear();
        nextRun.clear();
        sensorActivity.clear();
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

    /** The end of a chunk's last sample: where the next chunk of its run starts. */
    private long endMicros(ChunkRecord chunk) {
        return chunk.startMicros + micros(chunk.samples.length);
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
