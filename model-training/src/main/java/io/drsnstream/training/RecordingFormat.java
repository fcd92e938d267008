package io.drsnstream.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats {@code drsn-train import} reads. */
enum RecordingFormat {
    /** Comma-separated text, a column per sensor, an optional header line. */
    CSV("csv", ".csv"),
    /** RIFF WAVE: PCM 16/24/32-bit integer or 32-bit float, a channel per sensor. */
    WAV("wav", ".wav"),
    /** Raw little-endian float32, channels interleaved (no header). */
    F32LE("f32le", ".f32"),
    /** NumPy .npy (format versions 1-3): shape (samples,) or (samples, sensors). */
    NPY("npy", ".npy"),
    /** MATLAB level 5 .mat (v5/v6/v7): a numeric vector variable per sensor, see "variables". */
    MAT("mat", ".mat");

    private final String manifestName;
    private final String extension;

    RecordingFormat(String manifestName, String extension) {
        this.manifestName = manifestName;
        this.extension = extension;
    }

    String manifestName() {
        return manifestName;
    }

    /**
     * The format named in the manifest, or (when {@code name} is null) the one of the file's
     * extension.
     */
    static RecordingFormat of(String name, Path file, String where) {
        if (name != null) {
            for (RecordingFormat f : values()) {
                if (f.manifestName.equalsIgnoreCase(name.strip())) {
                    return f;
                }
            }
            throw new RecordingException(
                    where + ": unknown format '" + name + "' (known: " + known() + ")");
        }
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (RecordingFormat f : values()) {
            if (fileName.endsWith(f.extension)) {
                return f;
            }
        }
        throw new RecordingException(
                where
                        + ": unknown format of "
                        + file.getFileName()
                        + " (extension not one of "
                        + Arrays.stream(values())
                                .map(f -> f.extension)
                                .collect(Collectors.joining(", "))
                        + "; name it with \"format\": "
                        + known()
                        + ")");
    }

    private static String known() {
        return Arrays.stream(values()).map(f -> f.manifestName).collect(Collectors.joining(", "));
    }
}
