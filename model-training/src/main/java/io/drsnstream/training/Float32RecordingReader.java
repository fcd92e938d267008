package io.drsnstream.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a raw recording: little-endian IEEE float32 samples, no header, the channels (sensors)
 * interleaved sample by sample ({@code s0c0 s0c1 ... s1c0 ...}), as NumPy's
 * {@code x.astype('<f4').tofile(p)} writes an array of shape (samples, sensors).
 */
final class Float32RecordingReader {

    private Float32RecordingReader() {}

    static RecordingSignal read(Path file, int sensors) throws IOException {
        String name = file.toString();
        long size = Files.size(file);
        long frameBytes = 4L * sensors;
        if (size == 0) {
            throw new RecordingException(name + ": no samples (empty file)");
        }
        if (size % frameBytes != 0) {
            throw new RecordingException(
                    name
                            + ": "
                            + size
                            + " bytes is not a whole number of samples of "
                            + sensors
                            + " float32 channels ("
                            + frameBytes
                            + " bytes each): truncated, or another sample type");
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new RecordingException(name + ": too large (" + size + " bytes)");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int frames = (int) (size / frameBytes);
        float[][] channels = new float[sensors][frames];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < sensors; c++) {
                channels[c][f] = bytes.getFloat();
            }
        }
        return new RecordingSignal(channels, Double.NaN).requireFinite(name);
    }
}
