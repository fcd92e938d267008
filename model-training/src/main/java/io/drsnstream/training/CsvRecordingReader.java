package io.drsnstream.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV recording: numbers separated by commas, one line per sample time. With a header line
 * (a first line that is not all numbers) the sensors' columns are found by name and other columns
 * (a time column, say) are ignored; without one there must be exactly a column per sensor, in the
 * manifest's order. Empty lines are skipped; quoting is not supported (numbers need none).
 */
final class CsvRecordingReader {

    private CsvRecordingReader() {}

    static RecordingSignal read(Path file, List<String> sensors) throws IOException {
        String name = file.toString();
        List<float[]> rows = new ArrayList<>();
        int[] columns = null;
        int width = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (columns == null) {
                    width = fields.length;
                    if (!allNumbers(fields)) {
                        columns = byName(name, fields, sensors);
                        continue;
                    }
                    if (fields.length != sensors.size()) {
                        throw new RecordingException(
                                name
                                        + ": line "
                                        + lineNumber
                                        + ": "
                                        + fields.length
                                        + " columns but "
                                        + sensors.size()
                                        + " sensors in the manifest (without a header line the columns are the sensors, in order)");
                    }
                    columns = new int[sensors.size()];
                    for (int c = 0; c < columns.length; c++) {
                        columns[c] = c;
                    }
                }
                if (fields.length != width) {
                    throw new RecordingException(
                            name
                                    + ": line "
                                    + lineNumber
                                    + ": "
                                    + fields.length
                                    + " columns, the first line has "
                                    + width);
                }
                float[] row = new float[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    String field = fields[columns[c]].strip();
                    float v;
                    try {
                        v = Float.parseFloat(field);
                    } catch (NumberFormatException e) {
                        throw new RecordingException(
                                name
                                        + ": line "
                                        + lineNumber
                                        + ", column "
                                        + (columns[c] + 1)
                                        + ": '"
                                        + field
                                        + "' is not a number");
                    }
                    if (!Float.isFinite(v)) {
                        throw new RecordingException(
                                name
                                        + ": line "
                                        + lineNumber
                                        + ", column "
                                        + (columns[c] + 1)
                                        + ": "
                                        + field
                                        + " (every sample must be a finite number)");
                    }
                    row[c] = v;
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new RecordingException(name + ": no samples");
        }
        float[][] channels = new float[sensors.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            for (int c = 0; c < row.length; c++) {
                channels[c][i] = row[c];
            }
        }
        return new RecordingSignal(channels, Double.NaN);
    }

    private static boolean allNumbers(String[] fields) {
        for (String f : fields) {
            try {
                Float.parseFloat(f.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static int[] byName(String name, String[] header, List<String> sensors) {
        int[] columns = new int[sensors.size()];
        for (int s = 0; s < sensors.size(); s++) {
            columns[s] = -1;
            for (int c = 0; c < header.length; c++) {
                if (header[c].strip().equals(sensors.get(s))) {
                    columns[s] = c;
                }
            }
            if (columns[s] < 0) {
                throw new RecordingException(
                        name
                                + ": line 1: no column named '"
                                + sensors.get(s)
                                + "' in the header "
                                + String.join(",", header));
            }
        }
        return columns;
    }
}
