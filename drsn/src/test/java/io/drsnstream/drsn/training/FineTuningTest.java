package io.drsnstream.drsn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.drsnstream.drsn.SyntheticSignals;
import io.drsnstream.drsn.TestModels;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DrsnTrainer} started from trained parameters, with early units frozen. */
class FineTuningTest {

    @TempDir Path tmp;

    private static final NetworkSpec SPEC =
            DrsnNetwork.builder()
                    .setArchitecture(Architecture.DRSN_CW)
                    .optInputLength(64)
                    .optStageWidths(4, 8)
                    .optUnitsPerStage(1)
                    .optClasses(TestModels.CLASSES)
                    .spec();

    private static TrainingConfig config(int seed) {
        return TrainingConfig.builder(SPEC).optEpochs(2).optBatchSize(8).optSeed(seed).build();
    }

    /** Parameter name -> values. */
    private static Map<String, float[]> parameters(TrainingOutcome outcome) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : outcome.model().getBlock().getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    @Test
    void startsFromTheParentAndKeepsFrozenUnitsAsTheyWere() throws Exception {
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        SyntheticSignals other = SyntheticSignals.generate(4, 10, 64, 0.3, 5);
        Path params = tmp.resolve("parent.params");
        Map<String, float[]> parent;
        try (TrainingOutcome base = new DrsnTrainer(config(1)).train(data.windows, data.labels)) {
            parent = parameters(base);
            try (OutputStream os = Files.newOutputStream(params);
                    DataOutputStream out = new DataOutputStream(os)) {
                base.model().getBlock().saveParameters(out);
            }
        }
        Map<String, float[]> tuned;
        try (TrainingOutcome child =
                new DrsnTrainer(config(2))
                        .setInitialParameters(params, "parent")
                        .setFrozenUnits(1)
                        .train(other.windows, other.labels)) {
            tuned = parameters(child);
        }
        int frozen = 0;
        int changed = 0;
        for (Map.Entry<String, float[]> e : tuned.entrySet()) {
            String name = e.getKey();
            boolean early = name.contains("stem") || name.contains("stage1unit1");
            boolean statistics = name.contains("running");
            if (early && !statistics) {
                assertThat(e.getValue()).as(name).containsExactly(parent.get(name));
                frozen++;
            } else if (name.contains("fc") && !statistics) {
                assertThat(e.getValue()).as(name).isNotEqualTo(parent.get(name));
                changed++;
            }
        }
        assertThat(frozen).isGreaterThan(2);
        assertThat(changed).isPositive();
    }

    @Test
    void fineTuningWithoutFreezingChangesTheStemButStartsFromTheParent() throws Exception {
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        Path params = tmp.resolve("parent.params");
        Map<String, float[]> parent;
        try (TrainingOutcome base = new DrsnTrainer(config(1)).train(data.windows, data.labels)) {
            parent = parameters(base);
            try (OutputStream os = Files.newOutputStream(params);
                    DataOutputStream out = new DataOutputStream(os)) {
                base.model().getBlock().saveParameters(out);
            }
        }
        Map<String, float[]> scratch;
        Map<String, float[]> tuned;
        try (TrainingOutcome a = new DrsnTrainer(config(2)).train(data.windows, data.labels)) {
            scratch = parameters(a);
        }
        try (TrainingOutcome b =
                new DrsnTrainer(config(2))
                        .setInitialParameters(params, "parent")
                        .train(data.windows, data.labels)) {
            tuned = parameters(b);
        }
        String stem =
                tuned.keySet().stream().filter(k -> k.contains("stem")).findFirst().orElseThrow();
        assertThat(tuned.get(stem)).isNotEqualTo(parent.get(stem));
        // From the parent, the stem stays near it; from scratch (seed 2) it lies elsewhere.
        assertThat(distance(tuned.get(stem), parent.get(stem)))
                .isLessThan(distance(scratch.get(stem), parent.get(stem)));
    }

    @Test
    void cannotFreezeMoreUnitsThanTheNetworkHas() {
        assertThatThrownBy(() -> new DrsnTrainer(config(1)).setFrozenUnits(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 2");
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
