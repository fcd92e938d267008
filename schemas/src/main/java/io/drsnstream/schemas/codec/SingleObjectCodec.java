package io.drsnstream.schemas.codec;

import io.drsnstream.schemas.AlertPolicyOverride;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.ModelCommand;
import io.drsnstream.schemas.ModelStatus;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.SensorChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The wire format of every drsn-stream topic: Avro single-object encoding (a 2-byte marker
 * {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer schema, then Avro binary).
 *
 * <p>The decoder knows every released version of the record's schema ({@link SchemaHistory}),
 * so records written by older producers are resolved into the current class. Anything else is a
 * {@link PayloadDecodingException}, never a crash: the caller routes it to the dead letters.
 *
 * <p>Instances are thread-safe (Avro's message encoder and decoder are).
 *
 * @param <T> the generated record class
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    /** Size of the single-object header: marker (2 bytes) + schema fingerprint (8 bytes). */
    public static final int HEADER_BYTES = 10;

    private final Class<T> recordClass;
    private final Schema currentSchema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private SingleObjectCodec(Class<T> recordClass, Schema currentSchema) {
        this.recordClass = recordClass;
        this.currentSchema = currentSchema;
        SpecificData model = SpecificData.getForSchema(currentSchema);
        this.encoder = new BinaryMessageEncoder<>(model, currentSchema);
        this.decoder = new BinaryMessageDecoder<>(model, currentSchema);
        for (Schema released : SchemaHistory.releasedVersions(currentSchema.getName())) {
            decoder.addSchema(released);
        }
    }

    public static SingleObjectCodec<SensorChunk> sensorChunks() {
        return new SingleObjectCodec<>(SensorChunk.class, SensorChunk.getClassSchema());
    }

    public static SingleObjectCodec<ScoredWindow> scoredWindows() {
        return new SingleObjectCodec<>(ScoredWindow.class, ScoredWindow.getClassSchema());
    }

    public static SingleObjectCodec<DeadLetter> deadLetters() {
        return new SingleObjectCodec<>(DeadLetter.class, DeadLetter.getClassSchema());
    }

    public static SingleObjectCodec<AlertPolicyOverride> alertPolicyOverrides() {
        return new SingleObjectCodec<>(
                AlertPolicyOverride.class, AlertPolicyOverride.getClassSchema());
    }

    public static SingleObjectCodec<SensorAlert> sensorAlerts() {
        return new SingleObjectCodec<>(SensorAlert.class, SensorAlert.getClassSchema());
    }

    public static SingleObjectCodec<ModelCommand> modelCommands() {
        return new SingleObjectCodec<>(ModelCommand.class, ModelCommand.getClassSchema());
    }

    public static SingleObjectCodec<ModelStatus> modelStatuses() {
        return new SingleObjectCodec<>(ModelStatus.class, ModelStatus.getClassSchema());
    }

    /**
     * Adds a writer schema that is not among the released versions (e.g. one a test or a
     * migration tool produced). It must have the record's full name.
     */
    public SingleObjectCodec<T> withWriterSchema(Schema writerSchema) {
        if (!writerSchema.getFullName().equals(currentSchema.getFullName())) {
            throw new IllegalArgumentException(
                    "Writer schema "
                            + writerSchema.getFullName()
                            + " is not a version of "
                            + currentSchema.getFullName());
        }
        decoder.addSchema(writerSchema);
        return this;
    }

    public Schema currentSchema() {
        return currentSchema;
    }

    /** Encodes with the current schema. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + recordClass.getSimpleName(), e);
        }
    }

    /**
     * Decodes one payload.
     *
     * @throws PayloadDecodingException with {@link PayloadDecodingException.Problem#UNKNOWN_SCHEMA}
     *     for an unknown writer fingerprint, {@link PayloadDecodingException.Problem#MALFORMED} for
     *     everything else that is not a valid record
     */
    public T decode(byte[] payload) throws PayloadDecodingException {
        String what = recordClass.getSimpleName();
        if (payload == null) {
            throw malformed("No payload (null value) where a " + what + " was expected", null);
        }
        if (payload.length < HEADER_BYTES) {
            throw malformed(
                    what
                            + " payload of "
                            + payload.length
                            + " bytes is shorter than the 10-byte single-object header",
                    null);
        }
        try {
            return decoder.decode(payload);
        } catch (MissingSchemaException e) {
            throw new PayloadDecodingException(
                    PayloadDecodingException.Problem.UNKNOWN_SCHEMA,
                    what
                            + " payload written with unknown schema fingerprint "
                            + fingerprintOf(payload)
                            + " (known: released versions of "
                            + currentSchema.getFullName()
                            + ")",
                    e);
        } catch (BadHeaderException e) {
            throw malformed(
                    what
                            + " payload has no Avro single-object header (expected C3 01, got "
                            + HexFormat.of().formatHex(payload, 0, 2).toUpperCase()
                            + ")",
                    e);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // Avro reports corrupt bodies with assorted unchecked exceptions (AvroRuntimeException,
            // UnsupportedOperationException for absurd collection sizes, IndexOutOfBounds...).
            // OutOfMemoryError: a corrupt length prefix can ask for a huge array; one bad record
            // must not take the process down.
            throw malformed(
                    what
                            + " payload of "
                            + payload.length
                            + " bytes is corrupt or truncated: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    e);
        }
    }

    /** The writer-schema fingerprint of a payload as 16 hex digits (little-endian as on the wire). */
    public static String fingerprintOf(byte[] payload) {
        return HexFormat.of().formatHex(payload, 2, HEADER_BYTES);
    }

    /** The CRC-64-AVRO fingerprint of a schema, in the form {@link #fingerprintOf} prints. */
    public static String fingerprintOf(Schema schema) {
        return fingerprintOf(headerOf(schema));
    }

    /**
     * The {@value #HEADER_BYTES}-byte single-object header that payloads written with
     * {@code schema} start with: the marker {@code C3 01} and the schema's CRC-64-AVRO
     * fingerprint, as Avro's message encoders write it.
     */
    public static byte[] headerOf(Schema schema) {
        try {
            byte[] fingerprint = SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema);
            byte[] header = new byte[HEADER_BYTES];
            header[0] = (byte) 0xC3;
            header[1] = 0x01;
            System.arraycopy(fingerprint, 0, header, 2, fingerprint.length);
            return header;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Avro has no CRC-64-AVRO fingerprint", e);
        }
    }

    private static PayloadDecodingException malformed(String message, Throwable cause) {
        return new PayloadDecodingException(
                PayloadDecodingException.Problem.MALFORMED, message, cause);
    }
}
