package io.drsnstream.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} recording, following the documented format
 * (numpy.lib.format, versions 1.0, 2.0 and 3.0): the magic {@code \x93NUMPY}, the version, the
 * header length (2 bytes little-endian in 1.0, 4 bytes after), a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the data. No Java library for
 * .npy resolves from this build's repositories, hence this reader; it accepts what a recording
 * needs and names everything else: little- or big-endian float32/float64/int16/int32, shape
 * {@code (samples,)} for one sensor or {@code (samples, sensors)}, C or Fortran order.
 */
final class NpyRecordingReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile("([<>=|])([fi])([248])");

    private NpyRecordingReader() {}

    static RecordingSignal read(Path file, int sensors) throws IOException {
        String name = file.toString();
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 10) {
            throw new RecordingException(
                    name + ": truncated .npy header (" + all.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) {
                throw new RecordingException(name + ": not a .npy file (bad magic)");
            }
        }
        int major = all[6];
        int headerLength;
        int dataStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(b.getShort(8));
            dataStart = 10 + headerLength;
        } else if (major == 2 || major == 3) {
            if (all.length < 12) {
                throw new RecordingException(name + ": truncated .npy header");
            }
            headerLength = b.getInt(8);
            dataStart = 12 + headerLength;
        } else {
            throw new RecordingException(
                    name + ": unsupported .npy format version " + major + "." + all[7]);
        }
        if (headerLength < 0 || dataStart > all.length) {
            throw new RecordingException(
                    name + ": truncated .npy header (" + headerLength + " bytes announced)");
        }
        String header =
                new String(
                        all,
                        dataStart - headerLength,
                        headerLength,
                        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, name, "descr");
        boolean fortran = group(FORTRAN, header, name, "fortran_order").equals("True");
        String shapeText = group(SHAPE, header, name, "shape");
        Matcher type = TYPE.matcher(descr);
        if (!type.matches() || (type.group(2).equals("f") && type.group(3).equals("2"))) {
            throw new RecordingException(
                    name
                            + ": unsupported dtype '"
                            + descr
                            + "' (supported: float32, float64, int16, int32, either byte order)");
        }
        ByteOrder order =
                type.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean floating = type.group(2).equals("f");
        int width = Integer.parseInt(type.group(3));
        long[] shape = shape(shapeText, name);
        long samples = shape[0];
        long channels = shape.length == 2 ? shape[1] : 1;
        if (channels != sensors) {
            throw new RecordingException(
                    name
                            + ": shape ("
                            + shapeText.strip()
                            + ") has "
                            + channels
                            + " channels but "
                            + sensors
                            + " sensors in the manifest");
        }
        if (samples == 0) {
            throw new RecordingException(name + ": no samples");
        }
        long expected = samples * channels * width;
        long present = all.length - dataStart;
        if (present < expected) {
            throw new RecordingException(
                    name
                            + ": truncated: shape ("
                            + shapeText.strip()
                            + ") needs "
                            + expected
                            + " data bytes, the file holds "
                            + present
                            + " (ends in sample "
                            + present / (channels * width)
                            + ")");
        }
        if (samples > Integer.MAX_VALUE - 64) {
            throw new RecordingException(name + ": too large (" + samples + " samples)");
        }
        ByteBuffer data = ByteBuffer.wrap(all, dataStart, (int) expected).slice().order(order);
        float[][] out = new float[(int) channels][(int) samples];
        for (long k = 0; k < samples * channels; k++) {
            int sample = (int) (fortran ? k % samples : k / channels);
            int channel = (int) (fortran ? k / samples : k % channels);
            int at = (int) (k * width);
            float v;
            if (floating) {
                v = width == 4 ? data.getFloat(at) : (float) data.getDouble(at);
            } else {
                v =
                        width == 2
                                ? data.getShort(at)
                                : width == 4 ? data.getInt(at) : data.getLong(at);
            }
            out[channel][sample] = v;
        }
        return new RecordingSignal(out, Double.NaN).requireFinite(name);
    }

    private static String group(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new RecordingException(
                    name + ": .npy header has no readable '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static long[] shape(String text, String name) {
        String[] parts = text.split(",");
        int n = 0;
        long[] dims = new long[parts.length];
        for (String p : parts) {
            if (!p.isBlank()) {
                try {
                    dims[n++] = Long.parseLong(p.strip());
                } catch (NumberFormatException e) {
                    throw new RecordingException(name + ": bad shape (" + text + ")");
                }
            }
        }
        if (n < 1 || n > 2) {
            throw new RecordingException(
                    name
                            + ": shape ("
                            + text.strip()
                            + ") is not (samples,) or (samples, sensors)");
        }
        return java.util.Arrays.copyOf(dims, n);
    }
}
