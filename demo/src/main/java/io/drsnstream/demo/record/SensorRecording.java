package io.drsnstream.demo.record;

import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.RecordedWindows;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The captured chunks of one sensor, cut into windows as the scoring job's WindowAssembler cuts a
 * sensor's stream: chunks in sequence order; a run of contiguous chunks (seq + 1 and a start time
 * that follows the previous chunk's last sample to within half a sample) gives windows of
 * {@code length} samples every {@code hop} samples from its first sample; a gap discards the
 * partial window and starts afresh. A chunk whose seq was already seen is a duplicate and
 * ignored (the first one counts).
 */
final class SensorRecording {

    private final String sensorId;
    private final TreeMap<Long, SensorChunk> chunksBySeq = new TreeMap<>();
    private long latestEndMicros = Long.MIN_VALUE;
    private int duplicates;

    SensorRecording(String sensorId) {
        this.sensorId = sensorId;
    }

    void add(SensorChunk chunk) {
        if (chunksBySeq.putIfAbsent(chunk.getSeq(), chunk) != null) {
            duplicates++;
            return;
        }
        latestEndMicros = Math.max(latestEndMicros, endMicros(chunk));
    }

    /** A chunk past the span's end was seen: the sensor has passed it. */
    void passed(long endMicros) {
        latestEndMicros = Math.max(latestEndMicros, endMicros);
    }

    /** The end of the latest sample seen, in microseconds since the epoch. */
    long latestEndMicros() {
        return latestEndMicros;
    }

    int chunks() {
        return chunksBySeq.size();
    }

    int duplicates() {
        return duplicates;
    }

    /** The sample rate of the chunks; {@link IllegalStateException} when they disagree. */
    double sampleRateHz() {
        double rate = Double.NaN;
        for (SensorChunk c : chunksBySeq.values()) {
            if (!Double.isNaN(rate) && c.getSampleRateHz() != rate) {
                throw new IllegalStateException(
                        "sensor "
                                + sensorId
                                + " changed its sample rate from "
                                + rate
                                + " to "
                                + c.getSampleRateHz()
                                + " Hz at seq "
                                + c.getSeq());
            }
            rate = c.getSampleRateHz();
        }
        return rate;
    }

    /**
     * Cuts the windows into {@code out}, all labelled {@code label}.
     *
     * @return the number of gaps that discarded a partial window
     */
    int cut(int length, int hop, HealthState label, RecordedWindows out) {
        float[] window = new float[length];
        int filled = 0;
        int toSkip = 0;
        int gaps = 0;
        SensorChunk previous = null;
        long windowStartMicros = 0;
        float shaftHz = Float.NaN;
        float load = Float.NaN;
        for (Map.Entry<Long, SensorChunk> e : chunksBySeq.entrySet()) {
            SensorChunk c = e.getValue();
            if (previous != null && !follows(previous, c)) {
                gaps++;
                filled = 0;
                toSkip = 0;
            }
            previous = c;
            double rate = c.getSampleRateHz();
            int n = c.getSamples().size();
            for (int i = 0; i < n; i++) {
                if (toSkip > 0) {
                    toSkip--;
                    continue;
                }
                if (filled == 0) {
                    windowStartMicros = startMicros(c) + Math.round(i * 1e6 / rate);
                    shaftHz = c.getShaftHz() == null ? Float.NaN : c.getShaftHz().floatValue();
                    load = c.getLoad() == null ? Float.NaN : c.getLoad().floatValue();
                }
                window[filled++] = c.getSamples().get(i);
                if (filled == length) {
                    out.add(
                            window.clone(),
                            label,
                            shaftHz,
                            load,
                            sensorId,
                            windowStartMicros / 1e6);
                    // The job's hop: keep the overlap, or skip what lies between windows.
                    if (hop < length) {
                        System.arraycopy(window, hop, window, 0, length - hop);
                        filled = length - hop;
                        windowStartMicros += Math.round(hop * 1e6 / rate);
                    } else {
                        filled = 0;
                        toSkip = hop - length;
                    }
                }
            }
        }
        return gaps;
    }

    private static boolean follows(SensorChunk previous, SensorChunk next) {
        if (next.getSeq() != previous.getSeq() + 1) {
            return false;
        }
        double halfSampleMicros = 0.5e6 / previous.getSampleRateHz();
        return Math.abs(startMicros(next) - endMicros(previous)) <= halfSampleMicros;
    }

    static long startMicros(SensorChunk c) {
        return micros(c.getStartTime());
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    static long endMicros(SensorChunk c) {
        return startMicros(c) + Math.round(c.getSamples().size() * 1e6 / c.getSampleRateHz());
    }
}
