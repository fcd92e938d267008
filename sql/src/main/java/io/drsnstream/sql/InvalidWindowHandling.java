package io.drsnstream.sql;

/**
 * What the {@code drsn} model does with a row it cannot score: samples that are null, of another
 * length than the model's window, or that hold a null, NaN or infinite value.
 */
public enum InvalidWindowHandling {
    /** The row's output columns are all null; the query goes on. A warning is logged per row. */
    NULL,
    /** The task fails with an error that names the problem (Flink's restart strategy applies). */
    FAIL
}
