package io.drsnstream.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Checks a {@code CREATE MODEL} statement's {@code INPUT} and {@code OUTPUT} clauses against what
 * the {@code drsn} provider reads and writes: one input column of type {@code ARRAY<FLOAT>} (the
 * window's raw samples), and output columns among {@link DrsnOutputColumn}, each at most once.
 */
final class DrsnModelSchema {

    private DrsnModelSchema() {}

    /**
     * Checks the input schema.
     *
     * @throws ValidationException naming the offending column or count
     */
    static void checkInput(ResolvedSchema input) {
        List<Column> columns = input.getColumns();
        if (columns.size() != 1) {
            throw new ValidationException(
                    "A 'drsn' model takes exactly one input column, the window's samples as"
                            + " ARRAY<FLOAT>, but its INPUT clause declares "
                            + columns.size()
                            + ": "
                            + input.getColumnNames());
        }
        LogicalType type = columns.get(0).getDataType().getLogicalType();
        if (!(type instanceof ArrayType array)
                || !array.getElementType()
                        .copy(true)
                        .equals(DataTypes.FLOAT().getLogicalType().copy(true))) {
            throw new ValidationException(
                    "The input column '"
                            + columns.get(0).getName()
                            + "' of a 'drsn' model must be ARRAY<FLOAT> (the window's raw"
                            + " samples), not "
                            + type.asSummaryString());
        }
    }

    /**
     * Maps the output schema to the provider's columns.
     *
     * @return the columns in the order of the {@code OUTPUT} clause
     * @throws ValidationException naming an unknown column, a wrong type or a repeated column
     */
    static List<DrsnOutputColumn> outputColumns(ResolvedSchema output) {
        List<DrsnOutputColumn> result = new ArrayList<>();
        for (Column column : output.getColumns()) {
            DrsnOutputColumn known =
                    DrsnOutputColumn.byName(column.getName())
                            .orElseThrow(
                                    () ->
                                            new ValidationException(
                                                    "Unknown output column '"
                                                            + column.getName()
                                                            + "' of a 'drsn' model; it outputs "
                                                            + describe()));
            LogicalType type = column.getDataType().getLogicalType();
            if (!known.accepts(type)) {
                throw new ValidationException(
                        "The output column '"
                                + column.getName()
                                + "' of a 'drsn' model must be "
                                + known.dataType().getLogicalType().asSummaryString()
                                + ", not "
                                + type.asSummaryString());
            }
            if (result.contains(known)) {
                throw new ValidationException(
                        "The output column '" + column.getName() + "' is declared twice");
            }
            result.add(known);
        }
        if (result.isEmpty()) {
            throw new ValidationException(
                    "A 'drsn' model needs at least one output column of " + describe());
        }
        return result;
    }

    private static String describe() {
        return Arrays.stream(DrsnOutputColumn.values())
                .map(c -> c.columnName() + " " + c.dataType().getLogicalType().asSummaryString())
                .collect(Collectors.joining(", "));
    }
}
