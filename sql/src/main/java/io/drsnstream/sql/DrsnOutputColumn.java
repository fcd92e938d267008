package io.drsnstream.sql;

import io.drsnstream.drsn.model.ScoreResult;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * The columns a {@code drsn} model can output, named like the fields of the {@code ScoredWindow}
 * record of the {@code sensor-scores} topic. A model's {@code OUTPUT} clause lists any of them, in
 * any order, each with its type here (nullability aside).
 */
public enum DrsnOutputColumn {
    /** The most probable class's label. */
    LABEL("label", DataTypes.STRING()),
    /** The probability of that class. */
    CONFIDENCE("confidence", DataTypes.FLOAT()),
    /** {@code 1 - P(healthy)}. */
    ANOMALY_SCORE("anomaly_score", DataTypes.FLOAT()),
    /** Whether {@code anomaly_score} is at or above the model's threshold. */
    ANOMALY("anomaly", DataTypes.BOOLEAN()),
    /** Estimated share of the window's power in its broadband noise floor, in [0, 1]. */
    NOISE_LEVEL("noise_level", DataTypes.FLOAT()),
    /** Share of the network's features zeroed by its soft thresholds. */
    SHRINKAGE("shrinkage", DataTypes.FLOAT()),
    /** The version in the model's {@code model.json}. */
    MODEL_VERSION("model_version", DataTypes.STRING()),
    /** The softmax probabilities in the order of the model's labels. */
    PROBABILITIES("probabilities", DataTypes.ARRAY(DataTypes.FLOAT()));

    private final String columnName;
    private final DataType dataType;

    DrsnOutputColumn(String columnName, DataType dataType) {
        this.columnName = columnName;
        this.dataType = dataType;
    }

    /** The column's name in the model's {@code OUTPUT} clause. */
    public String columnName() {
        return columnName;
    }

    /** The column's type. */
    public DataType dataType() {
        return dataType;
    }

    /** Whether {@code type} is this column's type, nullability of the column and elements aside. */
    boolean accepts(LogicalType type) {
        return nullable(dataType.getLogicalType()).equals(nullable(type));
    }

    private static LogicalType nullable(LogicalType type) {
        if (type instanceof ArrayType array) {
            return new ArrayType(true, array.getElementType().copy(true));
        }
        return type.copy(true);
    }

    /**
     * The column of that name.
     *
     * @param name a column name, case-insensitive
     * @return the column, or empty for a name that is none of them
     */
    public static Optional<DrsnOutputColumn> byName(String name) {
        return Arrays.stream(values())
                .filter(c -> c.columnName.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** The column's value for one result, in Flink's internal data structures. */
    Object value(ScoreResult result, float threshold, StringData modelVersion) {
        return switch (this) {
            case LABEL -> StringData.fromString(result.label());
            case CONFIDENCE -> result.confidence();
            case ANOMALY_SCORE -> result.anomalyScore();
            case ANOMALY -> result.anomalyScore() >= threshold;
            case NOISE_LEVEL -> result.noiseLevel();
            case SHRINKAGE -> result.shrinkage();
            case MODEL_VERSION -> modelVersion;
            case PROBABILITIES -> new GenericArrayData(result.probabilities().clone());
        };
    }
}
