package io.drsnstream.drsn;

import ai.djl.nn.Block;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import io.drsnstream.drsn.training.DrsnTrainer;
import io.drsnstream.drsn.training.TrainingConfig;
import io.drsnstream.drsn.training.TrainingOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Small networks and models for tests. */
public final class TestModels {

    /**
     * A block's parameter values, flattened in parameter order.
     *
     * @param block an initialised block
     * @param names which parameters, by name (e.g. {@code name -> name.endsWith("weight")})
     * @return their values, one after the other
     */
    public static float[] parameterValues(Block block, Predicate<String> names) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (var p : block.getParameters()) {
            if (names.test(p.getKey())) {
                float[] values = p.getValue().getArray().toFloatArray();
                parts.add(values);
                total += values.length;
            }
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Window length of the small test networks. */
    public static final int LENGTH = 128;

    /** Classes of the small test networks. */
    public static final int CLASSES = 4;

    /** Labels of the small test networks. */
    public static final List<String> LABELS = List.of("healthy", "inner", "outer", "ball");

    private TestModels() {}

    /**
     * A small network spec: 2 stages (4, 8) of 1 unit, input 128, 4 classes.
     *
     * @param architecture which network
     * @return the spec
     */
    public static NetworkSpec smallSpec(Architecture architecture) {
        return DrsnNetwork.builder()
                .setArchitecture(architecture)
                .optInputLength(LENGTH)
                .optStageWidths(4, 8)
                .optUnitsPerStage(1)
                .optClasses(CLASSES)
                .spec();
    }

    /**
     * Trains a small network briefly (1 epoch on 48 windows): real parameters and BN statistics.
     *
     * @param architecture which network
     * @return the outcome; close it
     */
    public static TrainingOutcome briefTraining(Architecture architecture) {
        SyntheticSignals data = SyntheticSignals.generate(CLASSES, 12, LENGTH, 0.3, 11);
        TrainingConfig config =
                TrainingConfig.builder(smallSpec(architecture))
                        .optEpochs(1)
                        .optBatchSize(16)
                        .build();
        return new DrsnTrainer(config).train(data.windows, data.labels);
    }

    /**
     * Metadata for a small network.
     *
     * @param architecture which network
     * @return metadata without checksum
     */
    public static ModelMetadata metadata(Architecture architecture) {
        return ModelMetadata.builder()
                .setVersion("test-1")
                .setNetwork(smallSpec(architecture))
                .setLabels(LABELS)
                .setHealthyLabel("healthy")
                .setSampleRateHz(12800)
                .setNormalization(InputNormalization.PER_WINDOW_STANDARDIZE)
                .setTraining(Map.of("data", "synthetic", "seed", 42))
                .setEvaluation(Map.of("accuracy", 0.5))
                .build();
    }
}
