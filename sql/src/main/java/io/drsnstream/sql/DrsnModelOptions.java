package io.drsnstream.sql;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of {@code CREATE MODEL ... WITH ('provider' = 'drsn', ...)}.
 *
 * <pre>
 * CREATE MODEL drsn_model
 *   INPUT (samples ARRAY&lt;FLOAT&gt;)
 *   OUTPUT (label STRING, confidence FLOAT, anomaly_score FLOAT, anomaly BOOLEAN,
 *           noise_level FLOAT, model_version STRING, probabilities ARRAY&lt;FLOAT&gt;)
 *   WITH ('provider' = 'drsn', 'model.directory' = '/path/to/models/drsn-cw');
 * </pre>
 */
public final class DrsnModelOptions {

    private DrsnModelOptions() {}

    public static final ConfigOption<String> MODEL_DIRECTORY =
            ConfigOptions.key("model.directory")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Local directory of the model artifact (model.json and model.params); a relative path is resolved where the query is planned,"
                                    + " e.g. models/drsn-cw; it must be readable on the machine that"
                                    + " plans the query and on every TaskManager");

    public static final ConfigOption<Double> ANOMALY_THRESHOLD =
            ConfigOptions.key("anomaly.threshold")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "anomaly_score cut-off in (0, 1]: a window is an anomaly when its score"
                                    + " is at or above it. Default: the calibrated anomalyThreshold"
                                    + " in the model's model.json, else 0.5 (as the DataStream job)");

    public static final ConfigOption<Integer> THREADS =
            ConfigOptions.key("threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "PyTorch intra-op threads; read once per TaskManager JVM when the engine"
                                    + " starts (-Dai.djl.pytorch.num_threads wins when set). Keep"
                                    + " threads x busy slots <= cores");

    public static final ConfigOption<InvalidWindowHandling> INVALID_WINDOW =
            ConfigOptions.key("invalid-window")
                    .enumType(InvalidWindowHandling.class)
                    .defaultValue(InvalidWindowHandling.NULL)
                    .withDescription(
                            "What a row whose samples are null, of the wrong length or hold NaN or"
                                    + " infinite values gets: NULL (its output columns are all null"
                                    + " and the query goes on) or FAIL (the task fails with an error"
                                    + " naming the problem)");
}
