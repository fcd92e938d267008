package io.drsnstream.job.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.PayloadDecodingException.Problem;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The bulk reader must give exactly what Avro's generated reader gives, and fail where it fails. */
class ChunkDecoderTest {

    private static final SourceCoordinates SOURCE = new SourceCoordinates("t", 1, 42L, 7L, null);

    private final SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
    private final ChunkDecoder decoder = new ChunkDecoder();

    @Test
    void decodesWhatTheCodecDecodesFieldForField() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            SensorChunk chunk = randomChunk(random, i);
            byte[] payload = codec.encode(chunk);
            assertSame(
                    decoder.decode(payload, SOURCE),
                    ChunkRecord.fromAvro(codec.decode(payload), SOURCE));
        }
    }

    @Test
    void readsSamplesWrittenInSeveralBlocks() throws Exception {
        SensorChunk chunk = randomChunk(new Random(3), 4);
        chunk.setSamples(floats(new Random(5), 3000));
        // Avro's blocking encoder splits long arrays into sized blocks (negative counts on the
        // wire).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SingleObjectCodec.headerOf(SensorChunk.getClassSchema()));
        BinaryEncoder encoder = EncoderFactory.get().blockingBinaryEncoder(out, null);
        new SpecificDatumWriter<>(SensorChunk.class).write(chunk, encoder);
        encoder.flush();
        byte[] payload = out.toByteArray();

        ChunkRecord decoded = decoder.decode(payload, SOURCE);
        assertSame(decoded, ChunkRecord.fromAvro(codec.decode(payload), SOURCE));
        assertThat(decoded.samples).hasSize(3000);
    }

    @Test
    void everyTruncationIsMalformedAsWithTheCodec() {
        byte[] payload = codec.encode(randomChunk(new Random(9), 1));
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> codec.decode(truncated))
                    .isInstanceOf(PayloadDecodingException.class);
            assertThatThrownBy(() -> decoder.decode(truncated, SOURCE))
                    .as("truncated to %d bytes", length)
                    .isInstanceOfSatisfying(
                            PayloadDecodingException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED));
        }
    }

    @Test
    void aCorruptSampleCountIsMalformedWithoutAHugeAllocation() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SingleObjectCodec.headerOf(SensorChunk.getClassSchema()));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeString("m1");
        encoder.writeString("s1");
        encoder.writeLong(1);
        encoder.writeLong(1_700_000_000_000_000L);
        encoder.writeDouble(12_800.0);
        encoder.writeArrayStart();
        encoder.setItemCount(1L << 30); // claims 4 GiB of floats; two follow
        encoder.startItem();
        encoder.writeFloat(1f);
        encoder.startItem();
        encoder.writeFloat(2f);
        encoder.writeArrayEnd();
        encoder.writeString("g");
        encoder.writeIndex(0);
        encoder.writeIndex(0);
        encoder.flush();
        byte[] corrupt = out.toByteArray();

        assertThatThrownBy(() -> decoder.decode(corrupt, SOURCE))
                .isInstanceOfSatisfying(
                        PayloadDecodingException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessageContaining("samples claim");
    }

    @Test
    void anOlderWriterSchemaGoesThroughTheCodecsResolution() throws Exception {
        // A writer schema without the optional fields (as a producer built before they existed).
        Schema current = SensorChunk.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            if (!field.name().equals("shaftHz") && !field.name().equals("load")) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema older =
                Schema.createRecord(
                        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        assertThat(SchemaNormalization.parsingFingerprint64(older))
                .isNotEqualTo(SchemaNormalization.parsingFingerprint64(current));
        GenericRecord record = new GenericData.Record(older);
        record.put("machineId", "m1");
        record.put("sensorId", "s1");
        record.put("seq", 5L);
        record.put("startTime", 1_700_000_000_000_123L);
        record.put("sampleRateHz", 12_800.0);
        record.put("samples", List.of(0.5f, -0.25f));
        record.put("unit", "g");
        byte[] payload =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older)
                        .encode(record)
                        .array();

        assertThatThrownBy(() -> decoder.decode(payload, SOURCE))
                .isInstanceOfSatisfying(
                        PayloadDecodingException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_SCHEMA));
        ChunkRecord decoded =
                new ChunkDecoder(SingleObjectCodec.sensorChunks().withWriterSchema(older))
                        .decode(payload, SOURCE);
        assertThat(decoded.sensorId).isEqualTo("s1");
        assertThat(decoded.startMicros).isEqualTo(1_700_000_000_000_123L);
        assertThat(decoded.samples).containsExactly(0.5f, -0.25f);
        assertThat(decoded.shaftHz).isNull();
        assertThat(decoded.load).isNull();
    }

    @Test
    void aPayloadWithoutTheHeaderIsMalformedAsWithTheCodec() {
        assertThatThrownBy(() -> decoder.decode("not avro at all".getBytes(), SOURCE))
                .isInstanceOfSatisfying(
                        PayloadDecodingException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
                .hasMessageContaining("single-object header");
        assertThatThrownBy(() -> decoder.decode(null, SOURCE))
                .isInstanceOf(PayloadDecodingException.class);
    }

    private static void assertSame(ChunkRecord actual, ChunkRecord expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("samples").isEqualTo(expected);
        // Bit for bit (NaNs included, which the validator turns into dead letters later).
        assertThat(Arrays.equals(actual.samples, expected.samples)).as("samples equal").isTrue();
    }

    private static SensorChunk randomChunk(Random random, int i) {
        return SensorChunk.newBuilder()
                .setMachineId("machine-" + random.nextInt(100) + (i % 7 == 0 ? "-ü" : ""))
                .setSensorId("sensor-" + i)
                .setSeq(random.nextLong() & Long.MAX_VALUE)
                .setStartTime(
                        Instant.EPOCH.plus(
                                random.nextLong(1L << 52) - (1L << 40), ChronoUnit.MICROS))
                .setSampleRateHz(i % 5 == 0 ? 25_600.0 : 12_800.0)
                .setSamples(floats(random, i % 11 == 0 ? 0 : 1 + random.nextInt(600)))
                .setUnit(i % 3 == 0 ? "m/s2" : "g")
                .setShaftHz(i % 2 == 0 ? null : 10 + random.nextDouble())
                .setLoad(i % 4 == 0 ? null : random.nextDouble())
                .build();
    }

    private static List<Float> floats(Random random, int n) {
        List<Float> values = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            values.add(k % 97 == 13 ? Float.NaN : (float) random.nextGaussian());
        }
        return values;
    }
}
