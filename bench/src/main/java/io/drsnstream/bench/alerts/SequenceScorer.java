package io.drsnstream.bench.alerts;

import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.sim.SensorStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Simulates sensors and scores their windows with the real model, in batches across sensors as
 * the job batches them: every sensor's signal is cut into consecutive, non-overlapping windows of
 * the model's length (the job's default hop), each scored once.
 *
 * <p>Sensors advance in rounds of a few windows each; after every round a {@link Continuation}
 * may retire a sensor (a faulty sensor whose alert every policy has raised needs no more
 * windows). The signals of the next round are generated on a thread of their own while the
 * current round is scored on the calling thread: two cores, each busy with one of the two.
 */
public final class SequenceScorer {

    /** After each round: whether a sensor needs more windows. */
    @FunctionalInterface
    public interface Continuation {
        /**
         * @param sensor index of the sensor in the list given to {@link #score}
         * @param sequence its windows so far
         * @param added how many of them this round added (the last ones)
         */
        boolean wantsMore(int sensor, ScoredSequence sequence, int added);
    }

    private final Scorer scorer;
    private final List<String> labels;
    private final String modelVersion;
    private final float anomalyThreshold;
    private final int windowLength;
    private final int windowsPerRound;
    private final long startTimeMicros;
    private final ExecutorService generator =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread thread = new Thread(r, "sensor-simulation");
                        thread.setDaemon(true);
                        return thread;
                    });
    private long windowsScored;
    private long generateNanos;
    private long scoreNanos;

    /**
     * @param scorer the model's scorer (its maximum batch is the batch size)
     * @param labels the model's labels
     * @param windowsPerRound windows per sensor and round
     * @param startTimeMicros event time of every sensor's first sample
     */
    public SequenceScorer(
            Scorer scorer,
            List<String> labels,
            String modelVersion,
            float anomalyThreshold,
            int windowsPerRound,
            long startTimeMicros) {
        this.scorer = scorer;
        this.labels = List.copyOf(labels);
        this.modelVersion = modelVersion;
        this.anomalyThreshold = anomalyThreshold;
        this.windowLength = scorer.getWindowLength();
        this.windowsPerRound = windowsPerRound;
        this.startTimeMicros = startTimeMicros;
    }

    /**
     * Scores up to {@code maxWindows} windows of every sensor under {@code condition}.
     *
     * @return one sequence per sensor, in the order given
     */
    public List<ScoredSequence> score(
            List<SimulatedSensor> sensors,
            Condition condition,
            int maxWindows,
            Continuation continuation) {
        List<SensorStream> streams = new ArrayList<>();
        List<ScoredSequence> sequences = new ArrayList<>();
        for (SimulatedSensor sensor : sensors) {
            streams.add(sensor.stream(condition, startTimeMicros, windowLength));
            sequences.add(
                    new ScoredSequence(sensor.sensorId(), labels, modelVersion, anomalyThreshold));
        }
        int[] planned = new int[sensors.size()]; // windows generated so far, per sensor
        List<Integer> active = IntStream.range(0, sensors.size()).boxed().toList();
        CompletableFuture<Round> pending = generate(streams, active, planned, maxWindows);
        while (!active.isEmpty()) {
            Round round = pending.join();
            // Speculatively generate the next round while this one is scored: a sensor retired
            // after this round only leaves windows that are never scored.
            List<Integer> ahead = active.stream().filter(s -> planned[s] < maxWindows).toList();
            pending =
                    ahead.isEmpty()
                            ? CompletableFuture.completedFuture(null)
                            : generate(streams, ahead, planned, maxWindows);
            long t0 = System.nanoTime();
            List<ScoreResult> results = scorer.score(round.windows);
            scoreNanos += System.nanoTime() - t0;
            generateNanos += round.nanos;
            windowsScored += round.windows.length;
            List<Integer> next = new ArrayList<>();
            for (int a = 0; a < round.sensors.size(); a++) {
                int sensor = round.sensors.get(a);
                ScoredSequence sequence = sequences.get(sensor);
                for (int w = round.offsets[a]; w < round.offsets[a + 1]; w++) {
                    sequence.add(round.starts[w], round.ends[w], results.get(w));
                }
                if (sequence.size() < maxWindows
                        && continuation.wantsMore(
                                sensor, sequence, round.offsets[a + 1] - round.offsets[a])) {
                    next.add(sensor);
                }
            }
            active = next;
            if (!active.isEmpty() && !ahead.containsAll(active)) {
                throw new IllegalStateException("a sensor wants windows beyond its maximum");
            }
            if (!active.equals(ahead)) {
                // Some sensors retired: the next round keeps only the windows of those still on.
                Round speculative = pending.join();
                pending = CompletableFuture.completedFuture(speculative.keep(active));
            }
        }
        return sequences;
    }

    /**
     * Generates the next windows of {@code sensors} on the generating thread; advances
     * {@code planned} now, so that the caller can plan the round after.
     */
    private CompletableFuture<Round> generate(
            List<SensorStream> streams, List<Integer> sensors, int[] planned, int maxWindows) {
        int[] offsets = new int[sensors.size() + 1];
        for (int a = 0; a < sensors.size(); a++) {
            int sensor = sensors.get(a);
            int count = Math.min(windowsPerRound, maxWindows - planned[sensor]);
            planned[sensor] += count;
            offsets[a + 1] = offsets[a] + count;
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    long t0 = System.nanoTime();
                    int total = offsets[sensors.size()];
                    float[][] windows = new float[total][];
                    long[] starts = new long[total];
                    long[] ends = new long[total];
                    for (int a = 0; a < sensors.size(); a++) {
                        SensorStream stream = streams.get(sensors.get(a));
                        for (int w = offsets[a]; w < offsets[a + 1]; w++) {
                            starts[w] = stream.timestampMicros(stream.samplesEmitted());
                            windows[w] = stream.next(windowLength).samples();
                            ends[w] = stream.timestampMicros(stream.samplesEmitted());
                        }
                    }
                    return new Round(
                            sensors, offsets, windows, starts, ends, System.nanoTime() - t0);
                },
                generator);
    }

    /** Windows of several sensors, sensor {@code a}'s at {@code [offsets[a], offsets[a + 1])}. */
    private record Round(
            List<Integer> sensors,
            int[] offsets,
            float[][] windows,
            long[] starts,
            long[] ends,
            long nanos) {

        /** Only the windows of {@code kept}, a subset of the sensors, in the same order. */
        Round keep(List<Integer> kept) {
            List<Integer> sensorsKept = new ArrayList<>();
            List<float[]> windowsKept = new ArrayList<>();
            List<Long> startsKept = new ArrayList<>();
            List<Long> endsKept = new ArrayList<>();
            int[] offsetsKept = new int[kept.size() + 1];
            for (int a = 0; a < sensors.size(); a++) {
                if (!kept.contains(sensors.get(a))) {
                    continue;
                }
                sensorsKept.add(sensors.get(a));
                for (int w = offsets[a]; w < offsets[a + 1]; w++) {
                    windowsKept.add(windows[w]);
                    startsKept.add(starts[w]);
                    endsKept.add(ends[w]);
                }
                offsetsKept[sensorsKept.size()] = windowsKept.size();
            }
            return new Round(
                    sensorsKept,
                    offsetsKept,
                    windowsKept.toArray(float[][]::new),
                    startsKept.stream().mapToLong(Long::longValue).toArray(),
                    endsKept.stream().mapToLong(Long::longValue).toArray(),
                    nanos);
        }
    }

    /** Windows scored so far. */
    public long windowsScored() {
        return windowsScored;
    }

    /** Seconds spent generating signals so far (on the generating thread, beside the scoring). */
    public double generateSeconds() {
        return generateNanos / 1e9;
    }

    /** Seconds spent in the scorer so far. */
    public double scoreSeconds() {
        return scoreNanos / 1e9;
    }
}
