package io.drsnstream.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads a MATLAB {@code .mat} recording (level 5 / v6 / v7 files, compressed or not) through
 * MFL ({@code us.hebi.matlab.mat:mfl-core}): one real numeric vector variable per sensor, chosen
 * by the manifest's {@code variables}. Each sensor's entry is a list of candidates tried in
 * order; a candidate is a variable's exact name or, when no variable has that name, a Java
 * regular expression that must match exactly one variable's whole name. CWRU's files need both:
 * {@code ["X105_DE_time", "X\\d+_DE_time"]} takes the drive-end channel of the file's own number
 * and falls back to the only drive-end variable (files 3001-3008 hold X048-X059). MATLAB 7.3
 * files (HDF5) are named as such: MFL does not read them. The sample rate is the manifest's: a
 * MATLAB file does not state one.
 */
final class MatRecordingReader {

    private MatRecordingReader() {}

    static RecordingSignal read(Path file, List<List<String>> variables) throws IOException {
        String name = file.toString();
        checkHeader(file, name);
        MatFile mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new RecordingException(
                    name + ": not a readable MATLAB 5 file (truncated or damaged): " + describe(e),
                    e);
        }
        try (mat) {
            List<String> names = new ArrayList<>();
            for (MatFile.Entry e : mat.getEntries()) {
                names.add(e.getName());
            }
            float[][] channels = new float[variables.size()][];
            List<String> chosen = new ArrayList<>();
            for (int c = 0; c < variables.size(); c++) {
                String var = choose(name, names, variables.get(c));
                if (chosen.contains(var)) {
                    throw new RecordingException(
                            name + ": variable " + var + " chosen for two sensors");
                }
                chosen.add(var);
                channels[c] = samples(name, var, mat.getArray(var));
            }
            for (int c = 1; c < channels.length; c++) {
                if (channels[c].length != channels[0].length) {
                    throw new RecordingException(
                            name
                                    + ": variables "
                                    + chosen.get(0)
                                    + " and "
                                    + chosen.get(c)
                                    + " differ in length ("
                                    + channels[0].length
                                    + " and "
                                    + channels[c].length
                                    + " samples)");
                }
            }
            return new RecordingSignal(channels, Double.NaN, List.copyOf(chosen));
        }
    }

    /** The variable a sensor's candidates pick, or an error listing what the file holds. */
    static String choose(String file, List<String> names, List<String> candidates) {
        for (String candidate : candidates) {
            if (names.contains(candidate)) {
                return candidate;
            }
            Pattern p;
            try {
                p = Pattern.compile(candidate);
            } catch (PatternSyntaxException e) {
                continue; // not a pattern, and no variable of that name: try the next candidate
            }
            List<String> matching = names.stream().filter(n -> p.matcher(n).matches()).toList();
            if (matching.size() == 1) {
                return matching.get(0);
            }
            if (matching.size() > 1) {
                throw new RecordingException(
                        file
                                + ": variable pattern '"
                                + candidate
                                + "' matches "
                                + matching.size()
                                + " variables "
                                + matching
                                + "; name one");
            }
        }
        throw new RecordingException(
                file
                        + ": no variable "
                        + (candidates.size() == 1
                                ? "'" + candidates.get(0) + "'"
                                : "matches any of " + candidates)
                        + " (the file holds "
                        + names
                        + ")");
    }

    private static float[] samples(String file, String var, Array array) {
        String where = file + ": variable " + var;
        if (!(array instanceof Matrix m) || !numeric(array.getType())) {
            throw new RecordingException(
                    where + " is of MATLAB type " + array.getType() + ", not a numeric vector");
        }
        if (m.isComplex()) {
            throw new RecordingException(where + " is complex; a recording must be real");
        }
        int[] dims = array.getDimensions();
        int nonSingleton = 0;
        for (int d : dims) {
            if (d != 1) {
                nonSingleton++;
            }
        }
        if (nonSingleton > 1) {
            throw new RecordingException(
                    where
                            + " has shape "
                            + java.util.Arrays.toString(dims)
                            + "; one vector (samples x 1 or 1 x samples) per sensor is expected");
        }
        int n = array.getNumElements();
        if (n == 0) {
            throw new RecordingException(where + " is empty");
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) m.getDouble(i);
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[i])) {
                throw new RecordingException(
                        where + ": sample " + i + " is " + x[i] + " (must be finite)");
            }
        }
        return x;
    }

    private static boolean numeric(MatlabType t) {
        return switch (t) {
            case Double, Single, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64 -> true;
            default -> false;
        };
    }

    /** Names a MATLAB 7.3 (HDF5) file or a file too short for a header before MFL tries. */
    private static void checkHeader(Path file, String name) throws IOException {
        byte[] head = new byte[128];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read < head.length) {
            throw new RecordingException(
                    name
                            + ": truncated: "
                            + read
                            + " bytes, shorter than a MATLAB 5 file's 128-byte header");
        }
        String text = new String(head, 0, 116, StandardCharsets.ISO_8859_1);
        if (text.startsWith("MATLAB 7.3")) {
            throw new RecordingException(
                    name
                            + ": a MATLAB 7.3 (HDF5) file, which this importer does not read; "
                            + "save it with -v7 or export the channels as .npy");
        }
        if (!text.startsWith("MATLAB 5.0 MAT-file")) {
            throw new RecordingException(
                    name + ": not a MATLAB 5 MAT-file (no 'MATLAB 5.0 MAT-file' header text)");
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
