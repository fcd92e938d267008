package io.drsnstream.training;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads a WAV recording with the JDK's {@code javax.sound.sampled} (RIFF WAVE, also
 * WAVE_FORMAT_EXTENSIBLE): PCM 16-, 24- or 32-bit signed integer or 32-/64-bit float, a channel
 * per sensor. Integer samples are scaled to [-1, 1) (divided by 2^(bits-1)); the model
 * standardises each window, so the scale does not matter to it. A data chunk shorter than its
 * header says is a truncated file and an error, not silently fewer samples.
 */
final class WavRecordingReader {

    private WavRecordingReader() {}

    static RecordingSignal read(Path file, int sensors) throws IOException {
        String name = file.toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                AudioInputStream audio = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat format = audio.getFormat();
            int channels = format.getChannels();
            int bits = format.getSampleSizeInBits();
            AudioFormat.Encoding encoding = format.getEncoding();
            boolean integer = encoding.equals(AudioFormat.Encoding.PCM_SIGNED);
            boolean floating = encoding.equals(AudioFormat.Encoding.PCM_FLOAT);
            if (!(integer && (bits == 16 || bits == 24 || bits == 32))
                    && !(floating && (bits == 32 || bits == 64))) {
                throw new RecordingException(
                        name
                                + ": unsupported WAV sample format "
                                + encoding
                                + " "
                                + bits
                                + "-bit (supported: PCM 16/24/32-bit signed integer, 32/64-bit float)");
            }
            if (channels != sensors) {
                throw new RecordingException(
                        name
                                + ": "
                                + channels
                                + " channels but "
                                + sensors
                                + " sensors in the manifest (a channel per sensor)");
            }
            long frames = audio.getFrameLength();
            int frameBytes = format.getFrameSize();
            if (frames == AudioSystem.NOT_SPECIFIED || frames <= 0) {
                throw new RecordingException(name + ": no samples (empty data chunk)");
            }
            if (frames * frameBytes > Integer.MAX_VALUE - 64) {
                throw new RecordingException(name + ": too large (" + frames + " frames)");
            }
            byte[] bytes = audio.readNBytes((int) (frames * frameBytes));
            if (bytes.length < frames * frameBytes) {
                throw new RecordingException(
                        name
                                + ": truncated: the header announces "
                                + frames
                                + " frames, the file holds "
                                + bytes.length / frameBytes
                                + " (ends in sample "
                                + bytes.length / frameBytes
                                + ")");
            }
            float[][] out = new float[channels][(int) frames];
            int bytesPerSample = bits / 8;
            boolean big = format.isBigEndian();
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < channels; c++) {
                    int at = f * frameBytes + c * bytesPerSample;
                    long v = 0;
                    for (int b = 0; b < bytesPerSample; b++) {
                        int byteIndex = big ? at + b : at + bytesPerSample - 1 - b;
                        v = (v << 8) | (bytes[byteIndex] & 0xFF);
                    }
                    float sample;
                    if (floating) {
                        sample =
                                bits == 32
                                        ? Float.intBitsToFloat((int) v)
                                        : (float) Double.longBitsToDouble(v);
                    } else {
                        // Sign-extend from the sample's width, then scale to [-1, 1).
                        long signed = (v << (64 - bits)) >> (64 - bits);
                        sample = (float) (signed / Math.pow(2, bits - 1));
                    }
                    out[c][f] = sample;
                }
            }
            return new RecordingSignal(out, format.getSampleRate()).requireFinite(name);
        } catch (UnsupportedAudioFileException e) {
            throw new RecordingException(
                    name + ": not a readable WAV file (" + e.getMessage() + ")", e);
        }
    }
}
