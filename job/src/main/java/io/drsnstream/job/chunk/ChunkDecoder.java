package io.drsnstream.job.chunk;

import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SchemaHistory;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes {@code SensorChunk} payloads straight into {@link ChunkRecord}s.
 *
 * <p>Why not only {@link SingleObjectCodec}: Avro's generated reader boxes every sample into a
 * {@code Float} of a {@code GenericData.Array}, which was the largest Java cost of the Kafka
 * source in the pipeline profile (docs/performance.md). Payloads written with SensorChunk
 * version 1 (what every producer of this release writes) are therefore read here field by field
 * with Avro's own {@link BinaryDecoder}, the samples block by block in bulk into a
 * {@code float[]}. The reader is written for that version's field order and is keyed to its
 * fingerprint, so a later schema version cannot be misread by it: payloads of any other version,
 * and anything without a version-1 header, go through the codec, which resolves known versions
 * and names what is wrong with the rest.
 *
 * <p>Corrupt payloads fail the same way on both paths: a {@link PayloadDecodingException}
 * ({@code MALFORMED}), never another exception, and never an allocation larger than the payload
 * could hold (a corrupt sample count is checked against the bytes that are left).
 *
 * <p>Not thread-safe (it reuses its decoder and scratch buffer): one per deserializer instance.
 */
public final class ChunkDecoder {

    private static final int HEADER = SingleObjectCodec.HEADER_BYTES;

    private final SingleObjectCodec<SensorChunk> codec;
    private final byte[] version1Header;
    private BinaryDecoder decoder;
    private byte[] scratch = new byte[4 * 1024];

    public ChunkDecoder() {
        this(SingleObjectCodec.sensorChunks());
    }

    /** @param codec decodes the payloads that are not written with the current schema */
    public ChunkDecoder(SingleObjectCodec<SensorChunk> codec) {
        this.codec = codec;
        this.version1Header =
                SingleObjectCodec.headerOf(
                        SchemaHistory.releasedVersions(SensorChunk.getClassSchema().getName())
                                .get(0));
    }

    public ChunkRecord decode(byte[] payload, SourceCoordinates source)
            throws PayloadDecodingException {
        if (!hasVersion1Header(payload)) {
            return ChunkRecord.fromAvro(codec.decode(payload), source);
        }
        try {
            return readVersion1(payload, source);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw new PayloadDecodingException(
                    PayloadDecodingException.Problem.MALFORMED,
                    "SensorChunk payload of "
                            + payload.length
                            + " bytes is corrupt or truncated: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    e);
        }
    }

    private boolean hasVersion1Header(byte[] payload) {
        return payload != null
                && payload.length >= HEADER
                && Arrays.equals(payload, 0, HEADER, version1Header, 0, HEADER);
    }

    /** The fields in the order of SensorChunk-v1.avsc. */
    private ChunkRecord readVersion1(byte[] payload, SourceCoordinates source) throws IOException {
        BinaryDecoder in =
                DecoderFactory.get()
                        .binaryDecoder(payload, HEADER, payload.length - HEADER, decoder);
        decoder = in;
        ChunkRecord record = new ChunkRecord();
        record.machineId = in.readString();
        record.sensorId = in.readString();
        record.seq = in.readLong();
        record.startMicros = in.readLong();
        record.sampleRateHz = in.readDouble();
        record.samples = readSamples(in, payload.length - HEADER);
        record.unit = in.readString();
        record.shaftHz = readOptionalDouble(in, "shaftHz");
        record.load = readOptionalDouble(in, "load");
        record.source = source;
        return record;
    }

    /** An Avro {@code array<float>}: blocks of (count, count x 4 little-endian bytes) until a 0 count. */
    private float[] readSamples(BinaryDecoder in, int bodyBytes) throws IOException {
        float[] samples = new float[0];
        int total = 0;
        for (long block = in.readArrayStart(); block != 0; block = in.arrayNext()) {
            if (block < 0 || total + block > bodyBytes / 4) {
                throw new IOException(
                        "samples claim "
                                + (total + block)
                                + " floats, more than the "
                                + bodyBytes
                                + "-byte payload can hold");
            }
            int count = (int) block;
            int bytes = 4 * count;
            if (scratch.length < bytes) {
                scratch = new byte[bytes];
            }
            in.readFixed(scratch, 0, bytes);
            if (samples.length < total + count) {
                samples = Arrays.copyOf(samples, total + count);
            }
            ByteBuffer.wrap(scratch, 0, bytes)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(samples, total, count);
            total += count;
        }
        return samples.length == total ? samples : Arrays.copyOf(samples, total);
    }

    /** An Avro {@code ["null", "double"]}. */
    private static Double readOptionalDouble(BinaryDecoder in, String field) throws IOException {
        int branch = in.readIndex();
        switch (branch) {
            case 0:
                return null;
            case 1:
                return in.readDouble();
            default:
                throw new IOException(
                        "union branch " + branch + " of " + field + " does not exist");
        }
    }
}
