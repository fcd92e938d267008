package io.drsnstream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.schemas.ClassProbability;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123456Z");

    static SensorChunk chunk() {
        return SensorChunk.newBuilder()
                .setMachineId("gearbox-7")
                .setSensorId("gearbox-7/acc-1")
                .setSeq(42L)
                .setStartTime(T0)
                .setSampleRateHz(12_800.0)
                .setSamples(List.of(0.1f, -0.25f, 3.5f, Float.MIN_VALUE))
                .setShaftHz(30.0)
                .setLoad(null)
                .build();
    }

    @Test
    void sensorChunkRoundTripKeepsEveryFieldAndMicrosecondTimes() throws Exception {
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        SensorChunk original = chunk();

        SensorChunk decoded = codec.decode(codec.encode(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getUnit()).isEqualTo("g");
        assertThat(decoded.getStartTime()).isEqualTo(T0);
        assertThat(decoded.getLoad()).isNull();
    }

    @Test
    void payloadStartsWithSingleObjectHeaderAndWriterFingerprint() {
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        byte[] bytes = codec.encode(chunk());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(SingleObjectCodec.fingerprintOf(bytes))
                .isEqualTo(SingleObjectCodec.fingerprintOf(SensorChunk.getClassSchema()));
    }

    static ScoredWindow scoredWindow() {
        return ScoredWindow.newBuilder()
                .setMachineId("gearbox-7")
                .setSensorId("gearbox-7/acc-1")
                .setWindowStart(T0)
                .setWindowEnd(T0.plus(160_000, ChronoUnit.MICROS))
                .setFirstSeq(40)
                .setLastSeq(47)
                .setSampleCount(2048)
                .setLabel("OUTER_RACE")
                .setConfidence(0.9f)
                .setProbabilities(
                        List.of(
                                new ClassProbability("HEALTHY", 0.1f),
                                new ClassProbability("OUTER_RACE", 0.9f)))
                .setAnomalyScore(0.9f)
                .setAnomaly(true)
                .setShrinkage(0.37f)
                .setModelVersion("drsn-cw-1")
                .setScoredAt(Instant.ofEpochMilli(1_764_000_000_123L))
                .setNoiseLevel(0.42f)
                .build();
    }

    @Test
    void scoredWindowRoundTrip() throws Exception {
        SingleObjectCodec<ScoredWindow> codec = SingleObjectCodec.scoredWindows();
        ScoredWindow original = scoredWindow();

        byte[] bytes = codec.encode(original);

        List<Schema> released = SchemaHistory.releasedVersions("ScoredWindow");
        assertThat(SingleObjectCodec.fingerprintOf(bytes))
                .as("written with the newest released version, v%d", released.size())
                .isEqualTo(SingleObjectCodec.fingerprintOf(released.get(released.size() - 1)));
        assertThat(codec.decode(bytes)).isEqualTo(original);
        assertThat(codec.decode(bytes).getNoiseLevel()).isEqualTo(0.42f);
    }

    @Test
    void scoredWindowOfVersion1StillDecodesWithTheNoiseLevelDefault() throws Exception {
        // What a job from before noiseLevel wrote: the released v1 schema, as shipped in the jar.
        Schema v1 = SchemaHistory.releasedVersions("ScoredWindow").get(0);
        ScoredWindow current = scoredWindow();
        GenericRecord old = new GenericData.Record(v1);
        for (Schema.Field field : v1.getFields()) {
            old.put(field.name(), current.get(field.name()));
        }
        byte[] bytes =
                new BinaryMessageEncoder<GenericRecord>(
                                SpecificData.getForClass(ScoredWindow.class), v1)
                        .encode(old)
                        .array();
        assertThat(SingleObjectCodec.fingerprintOf(bytes))
                .isEqualTo(SingleObjectCodec.fingerprintOf(v1));

        ScoredWindow decoded = SingleObjectCodec.scoredWindows().decode(bytes);

        assertThat(decoded.getNoiseLevel()).as("default of the field v1 lacks").isEqualTo(-1f);
        assertThat(decoded.getShrinkage()).isEqualTo(0.37f);
        assertThat(decoded.getProbabilities()).isEqualTo(current.getProbabilities());
        assertThat(decoded.getScoredAt()).isEqualTo(current.getScoredAt());
        assertThat(decoded.getWindowStart()).isEqualTo(T0);
        assertThat(ScoredWindow.newBuilder(decoded).setNoiseLevel(0.42f).build())
                .isEqualTo(current);
    }

    @Test
    void deadLetterRoundTripKeepsBytesAsReceived() throws Exception {
        SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.deadLetters();
        byte[] garbage = {1, 2, 3, (byte) 0xFF};
        DeadLetter original =
                DeadLetter.newBuilder()
                        .setSourceTopic("sensor-chunks")
                        .setSourcePartition(3)
                        .setSourceOffset(123_456L)
                        .setSourceTimestamp(Instant.ofEpochMilli(1_764_000_000_000L))
                        .setKey(ByteBuffer.wrap("gearbox-7/acc-1".getBytes()))
                        .setPayload(ByteBuffer.wrap(garbage))
                        .setReason(DeadLetterReason.MALFORMED)
                        .setDetail("no single-object header")
                        .setSensorId(null)
                        .setRoutedAt(Instant.ofEpochMilli(1_764_000_000_500L))
                        .build();

        DeadLetter decoded = codec.decode(codec.encode(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getPayload().array()).containsExactly(garbage);
    }

    @Test
    void truncatedDeadLetterRoundTripKeepsTheOriginalSizeAndDigest() throws Exception {
        SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.deadLetters();
        String sha256 = "ab".repeat(32);
        DeadLetter original =
                DeadLetter.newBuilder()
                        .setSourceTopic("sensor-chunks")
                        .setSourcePartition(0)
                        .setSourceOffset(7L)
                        .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .setReason(DeadLetterReason.OVERSIZED)
                        .setDetail("too many samples")
                        .setRoutedAt(Instant.ofEpochMilli(1_764_000_000_500L))
                        .setPayloadTruncated(true)
                        .setOriginalPayloadBytes(1_048_000L)
                        .setPayloadSha256(sha256)
                        .build();

        byte[] bytes = codec.encode(original);

        List<Schema> released = SchemaHistory.releasedVersions("DeadLetter");
        assertThat(SingleObjectCodec.fingerprintOf(bytes))
                .as("written with the newest released version, v%d", released.size())
                .isEqualTo(SingleObjectCodec.fingerprintOf(released.get(released.size() - 1)));
        DeadLetter decoded = codec.decode(bytes);
        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getPayloadTruncated()).isTrue();
        assertThat(decoded.getOriginalPayloadBytes()).isEqualTo(1_048_000L);
        assertThat(decoded.getPayloadSha256()).isEqualTo(sha256);
    }

    @Test
    void deadLetterOfVersion1StillDecodesAsNotTruncated() throws Exception {
        // What a job from before truncation wrote: the released v1 schema, as shipped in the jar.
        Schema v1 = SchemaHistory.releasedVersions("DeadLetter").get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("sourceTopic", "sensor-chunks");
        old.put("sourcePartition", 1);
        old.put("sourceOffset", 99L);
        old.put("payload", ByteBuffer.wrap(new byte[] {4, 5}));
        old.put(
                "reason",
                new GenericData.EnumSymbol(v1.getField("reason").schema(), "SAMPLE_RATE_MISMATCH"));
        old.put("detail", "sampled at 25600.0 Hz");
        old.put("routedAt", 1_764_000_000_500L);
        byte[] bytes =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();
        assertThat(SingleObjectCodec.fingerprintOf(bytes))
                .isEqualTo(SingleObjectCodec.fingerprintOf(v1));

        DeadLetter decoded = SingleObjectCodec.deadLetters().decode(bytes);

        assertThat(decoded.getSourceOffset()).isEqualTo(99L);
        assertThat(decoded.getReason()).isEqualTo(DeadLetterReason.SAMPLE_RATE_MISMATCH);
        assertThat(decoded.getPayload().array()).containsExactly(4, 5);
        assertThat(decoded.getPayloadTruncated()).as("v1 never truncated").isFalse();
        assertThat(decoded.getOriginalPayloadBytes()).as("not recorded by v1").isNull();
        assertThat(decoded.getPayloadSha256()).as("not recorded by v1").isNull();
    }

    @Test
    void recordWrittenWithAnOlderSchemaIsResolvedIntoTheCurrentClass() throws Exception {
        Schema older = parse("/prerelease/SensorChunk-v0.avsc");
        GenericRecord old = new GenericData.Record(older);
        old.put("machineId", "m1");
        old.put("sensorId", "m1/s1");
        old.put("seq", 7L);
        old.put("startTime", 1_764_000_000_000_000L);
        old.put("sampleRateHz", 12_800.0);
        old.put(
                "samples",
                new GenericData.Array<>(older.getField("samples").schema(), List.of(1f, 2f)));
        byte[] bytes =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older)
                        .encode(old)
                        .array();

        SingleObjectCodec<SensorChunk> codec =
                SingleObjectCodec.sensorChunks().withWriterSchema(older);
        SensorChunk decoded = codec.decode(bytes);

        assertThat(decoded.getSeq()).isEqualTo(7L);
        assertThat(decoded.getSamples()).containsExactly(1f, 2f);
        assertThat(decoded.getUnit()).as("default of a field the old writer lacked").isEqualTo("g");
        assertThat(decoded.getShaftHz()).isNull();
        assertThat(decoded.getStartTime()).isEqualTo(Instant.ofEpochSecond(1_764_000_000L));
    }

    @Test
    void unknownFingerprintIsAClearUnknownSchemaError() throws Exception {
        Schema older = parse("/prerelease/SensorChunk-v0.avsc");
        GenericRecord old = new GenericData.Record(older);
        old.put("machineId", "m1");
        old.put("sensorId", "m1/s1");
        old.put("seq", 7L);
        old.put("startTime", 0L);
        old.put("sampleRateHz", 12_800.0);
        old.put(
                "samples",
                new GenericData.Array<>(older.getField("samples").schema(), List.of(1f)));
        byte[] bytes =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older)
                        .encode(old)
                        .array();

        // The released-versions-only codec has never heard of this writer.
        assertThatThrownBy(() -> SingleObjectCodec.sensorChunks().decode(bytes))
                .isInstanceOfSatisfying(
                        PayloadDecodingException.class,
                        e ->
                                assertThat(e.problem())
                                        .isEqualTo(PayloadDecodingException.Problem.UNKNOWN_SCHEMA))
                .hasMessageContaining("unknown schema fingerprint")
                .hasMessageContaining(SingleObjectCodec.fingerprintOf(older));
    }

    @Test
    void truncatedPayloadIsMalformed() {
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        byte[] bytes = codec.encode(chunk());
        for (int length : new int[] {0, 5, 10, 11, bytes.length / 2, bytes.length - 1}) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> codec.decode(truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOfSatisfying(
                            PayloadDecodingException.class,
                            e ->
                                    assertThat(e.problem())
                                            .isEqualTo(PayloadDecodingException.Problem.MALFORMED));
        }
    }

    @Test
    void bytesWithoutHeaderAreMalformed() {
        byte[] json = "{\"sensorId\":\"x\",\"samples\":[1,2,3]}".getBytes();
        assertThatThrownBy(() -> SingleObjectCodec.sensorChunks().decode(json))
                .isInstanceOfSatisfying(
                        PayloadDecodingException.class,
                        e ->
                                assertThat(e.problem())
                                        .isEqualTo(PayloadDecodingException.Problem.MALFORMED))
                .hasMessageContaining("single-object header");
        assertThatThrownBy(() -> SingleObjectCodec.sensorChunks().decode(null))
                .isInstanceOf(PayloadDecodingException.class)
                .hasMessageContaining("null value");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {2_147_483_647L, 100_000_000L, 3L})
    void corruptArrayLengthIsMalformed(long claimedItems) {
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        SensorChunk small =
                SensorChunk.newBuilder(chunk()).setMachineId("m").setSensorId("s").build();
        byte[] bytes = codec.encode(small);
        // Body: machineId "m" (2 bytes), sensorId "s" (2), seq 42 (1), startTime (8-9 bytes
        // varint),
        // sampleRate (8), then the array block count. Overwrite everything after the double with a
        // varint claiming ~2^31 items.
        int arrayStart =
                SingleObjectCodec.HEADER_BYTES
                        + 2
                        + 2
                        + 1
                        + varintLength(T0.toEpochMilli() * 1000 * 2)
                        + 8;
        byte[] corrupt = Arrays.copyOf(bytes, bytes.length);
        byte[] count = zigzagVarint(claimedItems);
        System.arraycopy(count, 0, corrupt, arrayStart, count.length);
        // Cut the body right after the count: the claimed items are not there.
        byte[] cut = Arrays.copyOf(corrupt, arrayStart + count.length + 2);

        assertThatThrownBy(() -> codec.decode(cut))
                .isInstanceOfSatisfying(
                        PayloadDecodingException.class,
                        e ->
                                assertThat(e.problem())
                                        .isEqualTo(PayloadDecodingException.Problem.MALFORMED));
    }

    private static byte[] zigzagVarint(long value) {
        long z = (value << 1) ^ (value >> 63);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    private static int varintLength(long zigzag) {
        int n = 1;
        while ((zigzag & ~0x7FL) != 0) {
            zigzag >>>= 7;
            n++;
        }
        return n;
    }

    private static Schema parse(String resource) throws IOException {
        try (InputStream in = SingleObjectCodecTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }
}
