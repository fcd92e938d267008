package io.drsnstream.demo.view;

import io.drsnstream.demo.fleet.SensorClock;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest verdict per sensor, and counts over its windows. Thread-safe.
 *
 * <p>Single windows are evidence, not a verdict: whether a sensor is in alert is the job's
 * judgement, on {@code sensor-alerts} ({@link AlertBoard}), not this board's.
 */
public final class ScoreBoard {

    /** One sensor's line on the board: its latest window, and counts over all its windows. */
    public record Row(
            String machineId,
            String sensorId,
            String label,
            float confidence,
            float anomalyScore,
            boolean anomaly,
            float noiseLevel,
            long lagMillis,
            double sensorSeconds,
            long windows,
            long anomalies,
            Double lastAnomalyAtSeconds) {}

    private final SensorClock clock;
    private final Map<String, Row> rows = new TreeMap<>();
    private long windowsSeen;

    public ScoreBoard(SensorClock clock) {
        this.clock = clock;
    }

    /** Takes a scored window that was read at {@code readAtMillis} (wall clock). */
    public synchronized void update(ScoredWindow window, long readAtMillis) {
        long endMicros = EpochMicros.of(window.getWindowEnd());
        long lag = readAtMillis - clock.wallMillisAt(endMicros);
        double seconds = clock.secondsSinceStart(EpochMicros.of(window.getWindowStart()));
        Row previous = rows.get(window.getSensorId());
        Double lastAnomaly = previous == null ? null : previous.lastAnomalyAtSeconds();
        if (window.getAnomaly()) {
            lastAnomaly = seconds;
        }
        long windows = (previous == null ? 0 : previous.windows()) + 1;
        long anomalies =
                (previous == null ? 0 : previous.anomalies()) + (window.getAnomaly() ? 1 : 0);
        rows.put(
                window.getSensorId(),
                new Row(
                        window.getMachineId(),
                        window.getSensorId(),
                        window.getLabel(),
                        window.getConfidence(),
                        window.getAnomalyScore(),
                        window.getAnomaly(),
                        window.getNoiseLevel(),
                        lag,
                        seconds,
                        windows,
                        anomalies,
                        lastAnomaly));
        windowsSeen++;
    }

    /** Decodes and takes one record value of the scores topic; false when it does not decode. */
    public boolean update(byte[] value, SingleObjectCodec<ScoredWindow> codec, long readAtMillis) {
        try {
            update(codec.decode(value), readAtMillis);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows.values());
    }

    public synchronized long windowsSeen() {
        return windowsSeen;
    }
}
