package io.drsnstream.demo.view;

import io.drsnstream.demo.fleet.SensorClock;
import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each sensor's alert state as the job's {@code sensor-alerts} events tell it, and those events
 * in the order they were read. Thread-safe.
 *
 * <p>The demo judges nothing itself: when an alert opens, changes or ends is the job's rule (one
 * implementation, in {@code AlertRule}); this board only remembers the latest event per sensor.
 */
public final class AlertBoard {

    /** What a sensor's latest alert event says. */
    public enum Status {
        /** RAISED or UPDATED: the alert is open. */
        OPEN,
        CLEARED,
        /** The sensor went silent while its alert was open; the alert ended. */
        NO_DATA
    }

    /**
     * One sensor's alert, from its latest event.
     *
     * @param key the record key: the sensor, or the machine when the job pools its sensors
     * @param sinceSeconds sensor seconds at which the alert was raised (the end of the window
     *     that raised it); for an alert first seen after its RAISED event, the start of its
     *     evidence
     * @param atSeconds sensor seconds of the latest event
     */
    public record SensorAlertState(
            String key,
            String alertId,
            Status status,
            String label,
            float labelShare,
            float meanAnomalyScore,
            float peakAnomalyScore,
            double sinceSeconds,
            double atSeconds) {}

    private final SensorClock clock;
    private final Map<String, SensorAlertState> states = new TreeMap<>();
    private final List<SensorAlert> events = new ArrayList<>();

    public AlertBoard(SensorClock clock) {
        this.clock = clock;
    }

    /** Takes the next event of the alerts topic. */
    public synchronized void update(SensorAlert event) {
        String key = keyOf(event);
        SensorAlertState previous = states.get(key);
        double at = seconds(event.getEventTime());
        double since;
        if (event.getKind() == AlertKind.RAISED) {
            since = at;
        } else if (previous != null && previous.alertId().equals(event.getAlertId())) {
            since = previous.sinceSeconds();
        } else {
            since = seconds(event.getFirstWindowStart());
        }
        states.put(
                key,
                new SensorAlertState(
                        key,
                        event.getAlertId(),
                        statusOf(event.getKind()),
                        event.getLabel(),
                        event.getLabelShare(),
                        event.getMeanAnomalyScore(),
                        event.getPeakAnomalyScore(),
                        since,
                        at));
        events.add(event);
    }

    /** Decodes and takes one record value of the alerts topic; false when it does not decode. */
    public boolean update(byte[] value, SingleObjectCodec<SensorAlert> codec) {
        SensorAlert event;
        try {
            event = codec.decode(value);
        } catch (Exception e) {
            return false;
        }
        update(event);
        return true;
    }

    /** The record key of an event: its sensor, or its machine when sensors are pooled. */
    public static String keyOf(SensorAlert event) {
        return event.getSensorId() != null ? event.getSensorId() : event.getMachineId();
    }

    /** The first 8 characters of an alert id: enough to tell a demo's alerts apart. */
    public static String shortId(String alertId) {
        return alertId.length() <= 8 ? alertId : alertId.substring(0, 8);
    }

    /** Sensor seconds since the demo started at an instant of the events. */
    public double seconds(java.time.Instant instant) {
        return clock.secondsSinceStart(EpochMicros.of(instant));
    }

    private static Status statusOf(AlertKind kind) {
        return switch (kind) {
            case RAISED, UPDATED -> Status.OPEN;
            case CLEARED -> Status.CLEARED;
            case NO_DATA -> Status.NO_DATA;
        };
    }

    /** The alert state of {@code key} (a sensor), or null when it never had an alert. */
    public synchronized SensorAlertState state(String key) {
        return states.get(key);
    }

    public synchronized List<SensorAlertState> states() {
        return List.copyOf(states.values());
    }

    /** Every event read, in the order read (per key, the order the job wrote them). */
    public synchronized List<SensorAlert> events() {
        return List.copyOf(events);
    }
}
