package io.drsnstream.demo.view;

import io.drsnstream.demo.fleet.SensorClock;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest verdict per sensor, and the moment each sensor was first flagged. Thread-safe.
 *
 * <p>A sensor is flagged when {@value #FLAG_MIN} of its last {@value #FLAG_WINDOW} windows
 * (1.6 s of signal) were anomalies: single noisy windows do not raise an alarm, as in plant
 * condition monitoring practice.
 */
public final class ScoreBoard {

    public static final int FLAG_WINDOW = 10;
    public static final int FLAG_MIN = 8;

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
            Double firstFlaggedAtSeconds,
            Double lastFlaggedAtSeconds) {}

    /** A sensor flagged for the first time: {@link #FLAG_MIN} of its last {@link #FLAG_WINDOW} windows were anomalies. */
    public record Flag(String sensorId, String label, double atSensorSeconds, float anomalyScore) {}

    private final SensorClock clock;
    private final Map<String, Row> rows = new TreeMap<>();
    private final Map<String, java.util.ArrayDeque<Boolean>> recentAnomalies =
            new java.util.HashMap<>();
    private final Map<String, java.util.ArrayDeque<String>> recentLabels =
            new java.util.HashMap<>();
    private final List<Flag> flags = new ArrayList<>();
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
        Double firstFlag = previous == null ? null : previous.firstFlaggedAtSeconds();
        Double lastFlag = previous == null ? null : previous.lastFlaggedAtSeconds();
        if (window.getAnomaly()) {
            lastFlag = seconds;
        }
        java.util.ArrayDeque<Boolean> recent =
                recentAnomalies.computeIfAbsent(
                        window.getSensorId(), k -> new java.util.ArrayDeque<>());
        recent.addLast(window.getAnomaly());
        if (recent.size() > FLAG_WINDOW) {
            recent.removeFirst();
        }
        java.util.ArrayDeque<String> labels =
                recentLabels.computeIfAbsent(
                        window.getSensorId(), k -> new java.util.ArrayDeque<>());
        labels.addLast(window.getLabel());
        if (labels.size() > FLAG_WINDOW) {
            labels.removeFirst();
        }
        boolean persistent = recent.stream().filter(b -> b).count() >= FLAG_MIN;
        if (firstFlag == null && persistent) {
            firstFlag = seconds;
            flags.add(
                    new Flag(
                            window.getSensorId(),
                            dominantFault(labels, window.getLabel()),
                            seconds,
                            window.getAnomalyScore()));
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
                        firstFlag,
                        lastFlag));
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

    /**
     * The fault named most often among the recent windows: the window that tips the flag may
     * itself still be labelled HEALTHY (its probability mass spread over several faults).
     */
    private static String dominantFault(java.util.Collection<String> labels, String fallback) {
        Map<String, Long> counts = new TreeMap<>();
        for (String label : labels) {
            if (!label.equals("HEALTHY")) {
                counts.merge(label, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(fallback);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows.values());
    }

    public synchronized List<Flag> flags() {
        return List.copyOf(flags);
    }

    public synchronized long windowsSeen() {
        return windowsSeen;
    }
}
