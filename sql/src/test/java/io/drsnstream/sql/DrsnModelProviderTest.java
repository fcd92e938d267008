package io.drsnstream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.sim.DatasetGenerator;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.NoiseType;
import io.drsnstream.testing.LoopbackFlink;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code drsn} model provider under {@code ML_PREDICT} on a real MiniCluster, in a streaming
 * table environment, with the committed model: its scores are the {@link Scorer}'s, bad rows get
 * what {@code invalid-window} says, and a bad model option fails the query when it is planned.
 */
class DrsnModelProviderTest {

    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(1, 2);

    private static final String OUTPUTS =
            "label STRING, confidence FLOAT, anomaly_score FLOAT, anomaly BOOLEAN,"
                    + " noise_level FLOAT, model_version STRING, probabilities ARRAY<FLOAT>";

    private static final String PREDICT =
            "SELECT id, label, confidence, anomaly_score, anomaly, noise_level, model_version,"
                    + " probabilities FROM ML_PREDICT(TABLE windows, MODEL drsn_model,"
                    + " DESCRIPTOR(samples))";

    /** 8 health states x 2 windows at 30 Hz, half load, 5 dB white noise. */
    private static float[][] windows;

    private static ModelMetadata metadata;

    @TempDir Path temp;

    @BeforeAll
    static void simulate() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        DatasetSpec spec =
                DatasetSpec.builder()
                        .speedsHz(List.of(30.0))
                        .loads(List.of(0.5))
                        .windowsPerCombination(2)
                        .noise(NoiseType.WHITE_GAUSSIAN, 5)
                        .seed(27)
                        .build();
        DatasetGenerator generator = new DatasetGenerator(spec);
        windows = new float[spec.windowCount()][];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = generator.window(i).samples();
        }
        metadata = ModelArtifact.verify(RepositoryLayout.committedModel());
    }

    @Test
    void mlPredictScoresEveryWindowAsTheScorerDoes() throws Exception {
        List<Row> inputs = new ArrayList<>();
        for (int i = 0; i < windows.length; i++) {
            inputs.add(Row.of(i, boxed(windows[i])));
        }
        StreamTableEnvironment tables = tables(inputs);
        tables.executeSql(createModel(RepositoryLayout.committedModel().toString(), Map.of()));

        Map<Integer, Row> scored = collect(tables);

        List<ScoreResult> expected;
        try (ModelArtifact model =
                        ModelArtifact.load(RepositoryLayout.committedModel(), Device.cpu());
                Scorer scorer = model.newScorer()) {
            expected = scorer.score(windows);
        }
        float threshold = (float) metadata.anomalyThreshold().orElseThrow();
        assertThat(scored.keySet()).hasSize(windows.length);
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < windows.length; i++) {
            Row row = scored.get(i);
            ScoreResult direct = expected.get(i);
            assertThat(row.getField("label")).as("label of window %s", i).isEqualTo(direct.label());
            assertThat((Float) row.getField("confidence"))
                    .as("confidence of window %s", i)
                    .isCloseTo(direct.confidence(), within(1e-5f));
            assertThat((Float) row.getField("anomaly_score"))
                    .as("anomaly_score of window %s", i)
                    .isCloseTo(direct.anomalyScore(), within(1e-5f));
            assertThat(row.getField("anomaly"))
                    .as("anomaly of window %s at the calibrated %s", i, threshold)
                    .isEqualTo(direct.anomalyScore() >= threshold);
            assertThat((Float) row.getField("noise_level"))
                    .as("noise_level of window %s", i)
                    .isCloseTo(direct.noiseLevel(), within(1e-5f));
            assertThat(row.getField("model_version")).isEqualTo(metadata.version());
            Float[] probabilities = (Float[]) row.getField("probabilities");
            assertThat(probabilities).hasSize(metadata.labels().size());
            for (int c = 0; c < probabilities.length; c++) {
                assertThat(probabilities[c])
                        .as("P(%s) of window %s", metadata.labels().get(c), i)
                        .isCloseTo(direct.probabilities()[c], within(1e-5f));
            }
            labels.add(direct.label());
        }
        assertThat(labels).as("labels of the simulated windows").hasSizeGreaterThan(2);
        assertThat(scored.values()).anyMatch(r -> Boolean.TRUE.equals(r.getField("anomaly")));
        assertThat(scored.values()).anyMatch(r -> Boolean.FALSE.equals(r.getField("anomaly")));
    }

    @Test
    void rowsThatCannotBeScoredGetNullOutputsAndTheQueryGoesOn() throws Exception {
        Float[] nan = boxed(windows[1]);
        nan[100] = Float.NaN;
        List<Row> inputs =
                List.of(
                        Row.of(0, boxed(windows[0])),
                        Row.of(1, boxed(Arrays.copyOf(windows[1], 100))),
                        Row.of(2, nan),
                        Row.of(3, null),
                        Row.of(4, boxed(windows[2])));
        StreamTableEnvironment tables = tables(inputs);
        // A relative model directory, as a SQL script would name it: resolved when planned.
        Path relative = Path.of("").toAbsolutePath().relativize(RepositoryLayout.committedModel());
        assertThat(relative.isAbsolute()).isFalse();
        tables.executeSql(createModel(relative.toString(), Map.of()));

        Map<Integer, Row> scored = collect(tables);

        assertThat(scored.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        for (int id : List.of(1, 2, 3)) {
            Row row = scored.get(id);
            for (String column :
                    List.of(
                            "label",
                            "confidence",
                            "anomaly_score",
                            "anomaly",
                            "noise_level",
                            "model_version",
                            "probabilities")) {
                assertThat(row.getField(column)).as("%s of invalid row %s", column, id).isNull();
            }
        }
        for (int id : List.of(0, 4)) {
            assertThat(scored.get(id).getField("label")).as("label of row %s", id).isNotNull();
            assertThat(scored.get(id).getField("model_version")).isEqualTo(metadata.version());
        }
    }

    @Test
    void withInvalidWindowFailAWrongLengthFailsTheQueryNamingTheLengths() {
        List<Row> inputs =
                List.of(
                        Row.of(0, boxed(windows[0])),
                        Row.of(1, boxed(Arrays.copyOf(windows[1], 100))));
        StreamTableEnvironment tables = tables(inputs);
        tables.executeSql(
                createModel(
                        RepositoryLayout.committedModel().toString(),
                        Map.of("invalid-window", "FAIL")));

        assertThatThrownBy(() -> collect(tables))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains(
                                                "cannot score a row: the window has 100 samples"
                                                        + " but the model expects windows of "
                                                        + metadata.windowLength()));
    }

    @Test
    void aModelDirectoryThatDoesNotExistFailsWhenTheQueryIsPlanned() {
        Path missing = temp.resolve("no-such-model");
        StreamTableEnvironment tables = tables(List.of(Row.of(0, boxed(windows[0]))));
        tables.executeSql(createModel(missing.toString(), Map.of()));

        assertThatThrownBy(() -> tables.explainSql(PREDICT))
                .satisfies(
                        e ->
                                assertThat(rootValidationMessage(e))
                                        .contains("'model.directory'")
                                        .contains("names no directory")
                                        .contains(missing.toString()));
    }

    @Test
    void aMissingModelDirectoryOptionFailsWhenTheQueryIsPlanned() {
        StreamTableEnvironment tables = tables(List.of(Row.of(0, boxed(windows[0]))));
        tables.executeSql(
                "CREATE MODEL drsn_model INPUT (samples ARRAY<FLOAT>) OUTPUT ("
                        + OUTPUTS
                        + ") WITH ('provider' = 'drsn')");

        assertThatThrownBy(() -> tables.explainSql(PREDICT))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("model.directory"));
    }

    @Test
    void anOutputColumnTheModelDoesNotHaveFailsWhenTheQueryIsPlanned() {
        StreamTableEnvironment tables = tables(List.of(Row.of(0, boxed(windows[0]))));
        tables.executeSql(
                "CREATE MODEL drsn_model INPUT (samples ARRAY<FLOAT>) OUTPUT (label STRING,"
                        + " severity FLOAT) WITH ('provider' = 'drsn', 'model.directory' = '"
                        + RepositoryLayout.committedModel()
                        + "')");

        assertThatThrownBy(
                        () ->
                                tables.explainSql(
                                        "SELECT id, label FROM ML_PREDICT(TABLE windows,"
                                                + " MODEL drsn_model, DESCRIPTOR(samples))"))
                .satisfies(
                        e ->
                                assertThat(rootValidationMessage(e))
                                        .contains("Unknown output column 'severity'")
                                        .contains("anomaly_score FLOAT"));
    }

    /** A streaming table environment on the MiniCluster with the rows as view {@code windows}. */
    private static StreamTableEnvironment tables(List<Row> rows) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.getConfig().set("restart-strategy.type", "none");
        DataStream<Row> stream =
                env.fromData(rows)
                        .returns(
                                Types.ROW_NAMED(
                                        new String[] {"id", "samples"},
                                        Types.INT,
                                        Types.OBJECT_ARRAY(Types.FLOAT)));
        tables.createTemporaryView("windows", tables.fromDataStream(stream));
        return tables;
    }

    private static String createModel(String directory, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.put("provider", "drsn");
        all.put("model.directory", directory);
        StringBuilder with = new StringBuilder();
        all.forEach(
                (k, v) ->
                        with.append(with.length() == 0 ? "" : ", ")
                                .append('\'')
                                .append(k)
                                .append("' = '")
                                .append(v.replace("'", "''"))
                                .append('\''));
        return "CREATE MODEL drsn_model INPUT (samples ARRAY<FLOAT>) OUTPUT ("
                + OUTPUTS
                + ") WITH ("
                + with
                + ")";
    }

    private static Map<Integer, Row> collect(StreamTableEnvironment tables) throws Exception {
        Map<Integer, Row> rows = new HashMap<>();
        try (CloseableIterator<Row> it = tables.executeSql(PREDICT).collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                Row previous = rows.put((Integer) row.getField("id"), row);
                assertThat(previous).as("a second row for id %s", row.getField("id")).isNull();
            }
        }
        return rows;
    }

    /** The message of the innermost {@link ValidationException}: the provider's own. */
    private static String rootValidationMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ValidationException) {
                message = t.getMessage();
            }
        }
        assertThat(message).as("a ValidationException in %s", e).isNotNull();
        return message;
    }

    private static Float[] boxed(float[] samples) {
        Float[] boxed = new Float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            boxed[i] = samples[i];
        }
        return boxed;
    }
}
