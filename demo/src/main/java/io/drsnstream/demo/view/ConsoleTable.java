package io.drsnstream.demo.view;

import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.SensorAlert;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Renders the {@link ScoreBoard} and the {@link AlertBoard} as a table on a terminal, redrawn in
 * place.
 */
public final class ConsoleTable {

    /** Alert events listed under the table, the latest ones. */
    static final int EVENTS_SHOWN = 10;

    private static final String CLEAR = "\u001b[H\u001b[2J";
    private static final String RED = "\u001b[1;31m";
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean ansi;

    public ConsoleTable(PrintStream out, boolean ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    /** Draws the boards with a header of context lines above them. */
    public void draw(
            ScoreBoard scores,
            AlertBoard alerts,
            List<String> header,
            Map<String, String> truthBySensor) {
        StringBuilder text = new StringBuilder();
        if (ansi) {
            text.append(CLEAR);
        }
        header.forEach(line -> text.append(line).append('\n'));
        text.append('\n');
        // The noise level, not the network's shrinkage: it is what says how much of a window is
        // noise.
        text.append(
                String.format(
                        "%-11s %-18s %-16s %6s %8s %6s %8s %7s %-16s %s%n",
                        "machine",
                        "sensor",
                        "state",
                        "conf",
                        "anomaly",
                        "noise",
                        "lag ms",
                        "t (s)",
                        "truth",
                        "alert (sensor-alerts)"));
        for (ScoreBoard.Row row : scores.rows()) {
            boolean anomalous = row.anomaly();
            String line =
                    String.format(
                            "%-11s %-18s %-16s %6.2f %8.2f %6s %8d %7.1f %-16s %s",
                            row.machineId(),
                            row.sensorId(),
                            row.label(),
                            row.confidence(),
                            row.anomalyScore(),
                            noiseLevel(row.noiseLevel()),
                            row.lagMillis(),
                            row.sensorSeconds(),
                            truthBySensor.getOrDefault(row.sensorId(), "?"),
                            alertState(alerts.state(row.sensorId())));
            text.append(ansi ? (anomalous ? RED : GREEN) + line + RESET : line).append('\n');
        }
        List<SensorAlert> events = alerts.events();
        if (!events.isEmpty()) {
            text.append('\n')
                    .append(
                            events.size() <= EVENTS_SHOWN
                                    ? "Alert events of the job:\n"
                                    : "Alert events of the job (the latest "
                                            + EVENTS_SHOWN
                                            + " of "
                                            + events.size()
                                            + "):\n");
            for (SensorAlert event :
                    events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size())) {
                String line = "  " + eventLine(event, alerts);
                boolean open =
                        event.getKind() == AlertKind.RAISED || event.getKind() == AlertKind.UPDATED;
                text.append(ansi && open ? RED + line + RESET : line).append('\n');
            }
        }
        out.print(text);
        out.flush();
    }

    /** One alert event on one line, its times in sensor seconds since the demo started. */
    public static String eventLine(SensorAlert event, AlertBoard alerts) {
        return String.format(
                "%-8s %-18s %-16s share %.2f at %6.1f s of sensor time, mean score %.2f, peak %.2f"
                        + " (alert %s)",
                event.getKind(),
                AlertBoard.keyOf(event),
                event.getLabel(),
                event.getLabelShare(),
                alerts.seconds(event.getEventTime()),
                event.getMeanAnomalyScore(),
                event.getPeakAnomalyScore(),
                AlertBoard.shortId(event.getAlertId()));
    }

    private static String alertState(AlertBoard.SensorAlertState state) {
        if (state == null) {
            return "-";
        }
        return switch (state.status()) {
            case OPEN ->
                    String.format(
                            "%s since %.1f s, mean %.2f",
                            state.label(), state.sinceSeconds(), state.meanAnomalyScore());
            case CLEARED -> String.format("cleared at %.1f s", state.atSeconds());
            case NO_DATA -> String.format("no data at %.1f s", state.atSeconds());
        };
    }

    /** Records of ScoredWindow version 1 carry -1: no estimate, shown as "-". */
    private static String noiseLevel(float value) {
        return value < 0 ? "-" : String.format("%.2f", value);
    }
}
