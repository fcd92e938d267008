package io.drsnstream.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads and writes a {@link Dataset} as one binary file. All numbers are little-endian
 * (so NumPy reads them with {@code '<i4'}, {@code '<f4'}, {@code '<f8'}).
 *
 * <pre>
 * offset  type            field
 * 0       8 bytes ASCII   magic "DRSNSIM1"
 * 8       int32           format version (2; version 1 files, which lack the sampling field, are read too)
 * 12      int32           H: header length in bytes = offset of the labels
 * 16      int32           N: number of windows
 * 20      int32           L: samples per window
 * 24      float64         sample rate (Hz)
 * 32      int64           seed
 * 40      int32           windows per combination
 * 44      float64         min severity
 * 52      float64         max severity
 * 60      int32           noise type (NoiseType ordinal: 0 NONE, 1 WHITE_GAUSSIAN, 2 LAPLACIAN, 3 PINK)
 * 64      float64         SNR dB (NaN without noise)
 * 72      int32 S, S x int32         health states (class indexes) in generation order
 *         int32 V, V x float64       nominal speeds (Hz)
 *         int32 K, K x float64       loads
 *         8 x int32                  gearbox: stage 1 sun, planet, ring, planets; stage 2 the same
 *         int32, 3 x float64         bearing: elements, ball diameter mm, pitch diameter mm, contact angle rad
 *         int32                      sampling: 0 grid of the speeds and loads, 1 continuous range
 *                                    (speeds and loads then hold its bounds) (version 2 on)
 * H       N x int32       labels (HealthState class index)
 * H+4N    N x float32     actual shaft speed (Hz)
 * H+8N    N x float32     load
 * H+12N   N x float32     severity
 * H+16N   N x L float32   windows, row-major: window i starts at H + 16N + 4 L i
 * end-8   int32           CRC-32 of every byte before it
 * end-4   4 bytes ASCII   "DEND"
 * </pre>
 * File size is therefore {@code H + 16 N + 4 N L + 8}. NumPy:
 * {@code h, n, l = np.fromfile(p, '<i4', 3, offset=12);
 * x = np.memmap(p, '<f4', 'r', h + 16*n, (n, l))}.
 */
public final class DatasetFile {

    /** Magic bytes at the start of every file. */
    public static final String MAGIC = "DRSNSIM1";

    /** The format version this class writes; it reads this one and version 1. */
    public static final int VERSION = 2;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_BYTES = "DEND".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER_BYTES = 1 << 20;

    private DatasetFile() {}

    /** Writes {@code dataset} to {@code path}, replacing any existing file. */
    public static void write(Dataset dataset, Path path) throws IOException {
        DatasetSpec spec = dataset.spec();
        int n = dataset.size();
        int length = spec.windowLength();
        for (float[] w : dataset.windows()) {
            if (w.length != length) {
                throw new IllegalArgumentException(
                        "window of " + w.length + " samples, spec says " + length);
            }
        }
        CRC32 crc = new CRC32();
        try (FileChannel channel =
                FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = header(spec, n);
            writeFully(channel, header, crc);

            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int label : dataset.labels()) {
                buffer = ensureRoom(channel, buffer, 4, crc);
                buffer.putInt(label);
            }
            for (float[] column :
                    List.of(dataset.shaftHz(), dataset.loads(), dataset.severities())) {
                for (float v : column) {
                    buffer = ensureRoom(channel, buffer, 4, crc);
                    buffer.putFloat(v);
                }
            }
            for (float[] window : dataset.windows()) {
                for (float v : window) {
                    buffer = ensureRoom(channel, buffer, 4, crc);
                    buffer.putFloat(v);
                }
            }
            buffer.flip();
            writeFully(channel, buffer, crc);

            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue()).put(END_BYTES).flip();
            writeFully(channel, trailer, null);
        }
    }

    /**
     * Reads a data set written by {@link #write}.
     *
     * @throws IOException naming the problem when the file is not a data set file, has another
     *     format version, is truncated or too long, or fails its checksum
     */
    public static Dataset read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            CRC32 crc = new CRC32();
            ByteBuffer fixed = readExactly(channel, 76, crc, path, "header");
            byte[] magic = new byte[MAGIC_BYTES.length];
            fixed.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC_BYTES)) {
                throw new IOException(
                        path
                                + ": not a sensor-sim data set file (bad magic, expected "
                                + MAGIC
                                + ")");
            }
            int version = fixed.getInt();
            if (version != VERSION && version != 1) {
                throw new IOException(
                        path
                                + ": unsupported format version "
                                + version
                                + " (this reader reads "
                                + VERSION
                                + ")");
            }
            int headerLength = fixed.getInt();
            int n = fixed.getInt();
            int length = fixed.getInt();
            if (headerLength < 76 || n < 0 || length < 1) {
                throw new IOException(
                        path
                                + ": corrupt header (header length "
                                + headerLength
                                + ", windows "
                                + n
                                + ", window length "
                                + length
                                + ")");
            }
            long expected = headerLength + 16L * n + 4L * n * length + 8;
            if (size < expected) {
                throw new IOException(
                        path
                                + ": truncated: expected "
                                + expected
                                + " bytes for "
                                + n
                                + " windows of "
                                + length
                                + " samples, file has "
                                + size);
            }
            if (size > expected) {
                throw new IOException(
                        path
                                + ": "
                                + (size - expected)
                                + " unexpected trailing bytes after the data");
            }
            double sampleRate = fixed.getDouble();
            long seed = fixed.getLong();
            int perCombination = fixed.getInt();
            double minSeverity = fixed.getDouble();
            double maxSeverity = fixed.getDouble();
            int noiseOrdinal = fixed.getInt();
            double snrDb = fixed.getDouble();
            int stateCount = fixed.getInt();

            ByteBuffer rest = readExactly(channel, headerLength - 76, crc, path, "header");
            DatasetSpec spec;
            try {
                List<HealthState> states = new ArrayList<>();
                for (int i = 0; i < stateCount; i++) {
                    states.add(HealthState.fromClassIndex(rest.getInt()));
                }
                List<Double> speeds = readDoubles(rest);
                List<Double> loads = readDoubles(rest);
                PlanetaryStage first =
                        new PlanetaryStage(
                                rest.getInt(), rest.getInt(), rest.getInt(), rest.getInt());
                PlanetaryStage second =
                        new PlanetaryStage(
                                rest.getInt(), rest.getInt(), rest.getInt(), rest.getInt());
                BearingGeometry bearing =
                        new BearingGeometry(
                                rest.getInt(),
                                rest.getDouble(),
                                rest.getDouble(),
                                rest.getDouble());
                boolean continuous = version >= 2 && readSampling(rest);
                if (rest.hasRemaining()) {
                    throw new IllegalArgumentException(rest.remaining() + " unread header bytes");
                }
                if (noiseOrdinal < 0 || noiseOrdinal >= NoiseType.values().length) {
                    throw new IllegalArgumentException("unknown noise type " + noiseOrdinal);
                }
                spec =
                        new DatasetSpec(
                                states,
                                speeds,
                                loads,
                                perCombination,
                                length,
                                sampleRate,
                                seed,
                                minSeverity,
                                maxSeverity,
                                NoiseType.values()[noiseOrdinal],
                                snrDb,
                                new Drivetrain(new PlanetaryGearbox(first, second), bearing),
                                continuous
                                        ? new OperatingRange(
                                                speeds.get(0),
                                                speeds.get(1),
                                                loads.get(0),
                                                loads.get(1))
                                        : null);
            } catch (RuntimeException e) {
                throw new IOException(path + ": corrupt header: " + e.getMessage(), e);
            }
            if (spec.windowCount() != n) {
                throw new IOException(
                        path
                                + ": corrupt header: "
                                + n
                                + " windows but the spec describes "
                                + spec.windowCount());
            }

            int[] labels = new int[n];
            ByteBuffer labelBytes = readExactly(channel, 4 * n, crc, path, "labels");
            for (int i = 0; i < n; i++) {
                labels[i] = labelBytes.getInt();
                if (labels[i] < 0 || labels[i] >= HealthState.count()) {
                    throw new IOException(
                            path + ": corrupt label " + labels[i] + " at window " + i);
                }
            }
            float[] shaftHz = readFloats(channel, n, crc, path, "shaft speeds");
            float[] loads = readFloats(channel, n, crc, path, "loads");
            float[] severities = readFloats(channel, n, crc, path, "severities");
            float[][] windows = new float[n][];
            for (int i = 0; i < n; i++) {
                windows[i] = readFloats(channel, length, crc, path, "window " + i);
            }
            ByteBuffer trailer = readExactly(channel, 8, null, path, "trailer");
            int stored = trailer.getInt();
            byte[] end = new byte[4];
            trailer.get(end);
            if (!java.util.Arrays.equals(end, END_BYTES)) {
                throw new IOException(path + ": corrupt trailer (missing end marker DEND)");
            }
            if (stored != (int) crc.getValue()) {
                throw new IOException(
                        path
                                + ": checksum mismatch (stored CRC-32 "
                                + Integer.toHexString(stored)
                                + ", computed "
                                + Long.toHexString(crc.getValue())
                                + "): the file is corrupt");
            }
            return new Dataset(spec, windows, labels, shaftHz, loads, severities);
        }
    }

    private static ByteBuffer header(DatasetSpec spec, int n) {
        int length =
                76
                        + 4 * spec.states().size()
                        + 4
                        + 8 * spec.speedsHz().size()
                        + 4
                        + 8 * spec.loads().size()
                        + 8 * 4
                        + 4
                        + 3 * 8
                        + 4;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC_BYTES).putInt(VERSION).putInt(length).putInt(n).putInt(spec.windowLength());
        b.putDouble(spec.sampleRateHz()).putLong(spec.seed()).putInt(spec.windowsPerCombination());
        b.putDouble(spec.minSeverity()).putDouble(spec.maxSeverity());
        b.putInt(spec.noise().ordinal()).putDouble(spec.snrDb());
        b.putInt(spec.states().size());
        for (HealthState s : spec.states()) {
            b.putInt(s.classIndex());
        }
        b.putInt(spec.speedsHz().size());
        spec.speedsHz().forEach(b::putDouble);
        b.putInt(spec.loads().size());
        spec.loads().forEach(b::putDouble);
        for (PlanetaryStage stage :
                List.of(
                        spec.drivetrain().gearbox().first(),
                        spec.drivetrain().gearbox().second())) {
            b.putInt(stage.sunTeeth())
                    .putInt(stage.planetTeeth())
                    .putInt(stage.ringTeeth())
                    .putInt(stage.planetCount());
        }
        BearingGeometry bearing = spec.drivetrain().bearing();
        b.putInt(bearing.rollingElements())
                .putDouble(bearing.ballDiameterMm())
                .putDouble(bearing.pitchDiameterMm())
                .putDouble(bearing.contactAngleRad());
        b.putInt(spec.continuous() ? 1 : 0);
        return b.flip();
    }

    private static boolean readSampling(ByteBuffer b) {
        int sampling = b.getInt();
        if (sampling != 0 && sampling != 1) {
            throw new IllegalArgumentException("unknown sampling " + sampling);
        }
        return sampling == 1;
    }

    private static List<Double> readDoubles(ByteBuffer b) {
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / 8) {
            throw new IllegalArgumentException("bad list length " + count);
        }
        List<Double> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(b.getDouble());
        }
        return values;
    }

    private static ByteBuffer ensureRoom(
            FileChannel channel, ByteBuffer buffer, int bytes, CRC32 crc) throws IOException {
        if (buffer.remaining() < bytes) {
            buffer.flip();
            writeFully(channel, buffer, crc);
            buffer.clear();
        }
        return buffer;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, CRC32 crc)
            throws IOException {
        if (crc != null) {
            crc.update(buffer.duplicate());
        }
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static float[] readFloats(
            FileChannel channel, int count, CRC32 crc, Path path, String what) throws IOException {
        ByteBuffer bytes = readExactly(channel, 4 * count, crc, path, what);
        float[] values = new float[count];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private static ByteBuffer readExactly(
            FileChannel channel, int bytes, CRC32 crc, Path path, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException(
                        path
                                + ": truncated while reading the "
                                + what
                                + " ("
                                + buffer.position()
                                + " of "
                                + bytes
                                + " bytes)");
            }
        }
        buffer.flip();
        if (crc != null) {
            crc.update(buffer.duplicate());
        }
        return buffer;
    }
}
