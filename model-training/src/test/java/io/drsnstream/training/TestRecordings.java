package io.drsnstream.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes recordings in the formats {@code import} reads, byte by byte from the formats'
 * definitions (RIFF WAVE, NumPy .npy 1.0), so the readers are checked against the formats and not
 * against themselves.
 */
final class TestRecordings {

    private TestRecordings() {}

    /** A WAV file: format tag 1 (PCM, 16/24/32-bit) or 3 (IEEE float, 32-bit). */
    static void wav(Path file, float[][] channels, int sampleRate, int bits, boolean floating)
            throws IOException {
        int frames = channels[0].length;
        int bytes = bits / 8;
        int dataBytes = frames * channels.length * bytes;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) (floating ? 3 : 1)).putShort((short) channels.length);
        b.putInt(sampleRate).putInt(sampleRate * channels.length * bytes);
        b.putShort((short) (channels.length * bytes)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int f = 0; f < frames; f++) {
            for (float[] channel : channels) {
                float v = channel[f];
                if (floating) {
                    b.putFloat(v);
                } else {
                    long q = Math.round(v * Math.pow(2, bits - 1));
                    q = Math.max(-(1L << (bits - 1)), Math.min((1L << (bits - 1)) - 1, q));
                    for (int k = 0; k < bytes; k++) {
                        b.put((byte) (q >> (8 * k)));
                    }
                }
            }
        }
        Files.write(file, b.array());
    }

    /** A .npy 1.0 file of little-endian float32, shape (samples, channels), C order. */
    static void npy(Path file, float[][] channels) throws IOException {
        int frames = channels[0].length;
        String dict =
                String.format(
                        Locale.ROOT,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                        frames,
                        channels.length);
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + 4 * frames * channels.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int f = 0; f < frames; f++) {
            for (float[] channel : channels) {
                b.putFloat(channel[f]);
            }
        }
        Files.write(file, b.array());
    }

    /** Raw little-endian float32, channels interleaved. */
    static void f32(Path file, float[][] channels) throws IOException {
        int frames = channels[0].length;
        ByteBuffer b =
                ByteBuffer.allocate(4 * frames * channels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            for (float[] channel : channels) {
                b.putFloat(channel[f]);
            }
        }
        Files.write(file, b.array());
    }

    /** CSV with a header "time,<sensors...>" and a time column the importer ignores. */
    static void csv(Path file, String[] sensors, float[][] channels, double sampleRate)
            throws IOException {
        StringBuilder sb = new StringBuilder("time");
        for (String s : sensors) {
            sb.append(',').append(s);
        }
        sb.append('\n');
        for (int f = 0; f < channels[0].length; f++) {
            sb.append(String.format(Locale.ROOT, "%.6f", f / sampleRate));
            for (float[] channel : channels) {
                sb.append(',').append(Float.toString(channel[f]));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
