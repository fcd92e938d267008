package io.drsnstream.demo.view;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Renders the {@link ScoreBoard} as a table on a terminal, redrawn in place. */
public final class ConsoleTable {

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

    /** Draws the board with a header of context lines above it. */
    public void draw(ScoreBoard board, List<String> header, Map<String, String> truthBySensor) {
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
                        "first flagged"));
        for (ScoreBoard.Row row : board.rows()) {
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
                            row.firstFlaggedAtSeconds() == null
                                    ? "-"
                                    : String.format("at %.1f s", row.firstFlaggedAtSeconds()));
            text.append(ansi ? (anomalous ? RED : GREEN) + line + RESET : line).append('\n');
        }
        List<ScoreBoard.Flag> flags = board.flags();
        if (!flags.isEmpty()) {
            text.append('\n')
                    .append(
                            "Faults flagged ("
                                    + ScoreBoard.FLAG_MIN
                                    + " of the last "
                                    + ScoreBoard.FLAG_WINDOW
                                    + " windows were anomalies):\n");
            for (ScoreBoard.Flag flag : flags) {
                String line =
                        String.format(
                                "  %-18s %-16s at %6.1f s of sensor time (score %.2f)",
                                flag.sensorId(),
                                flag.label(),
                                flag.atSensorSeconds(),
                                flag.anomalyScore());
                text.append(ansi ? RED + line + RESET : line).append('\n');
            }
        }
        out.print(text);
        out.flush();
    }

    /** Records of ScoredWindow version 1 carry -1: no estimate, shown as "-". */
    private static String noiseLevel(float value) {
        return value < 0 ? "-" : String.format("%.2f", value);
    }
}
