package io.drsnstream.schemas.codec;

import io.drsnstream.schemas.DeadLetterReason;

/**
 * A payload that could not be turned into a record. The {@link Problem} says which dead-letter
 * reason applies; the message says what exactly was wrong with the bytes.
 */
public final class PayloadDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of bad payload this was. */
    public enum Problem {
        /** Not Avro single-object encoding of a known record: bad header, truncated or corrupt body. */
        MALFORMED,
        /** A well-formed header whose schema fingerprint no released schema version has. */
        UNKNOWN_SCHEMA
    }

    private final Problem problem;

    public PayloadDecodingException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The reason a dead letter of this payload carries. */
    public DeadLetterReason deadLetterReason() {
        return problem == Problem.UNKNOWN_SCHEMA
                ? DeadLetterReason.UNKNOWN_SCHEMA
                : DeadLetterReason.MALFORMED;
    }
}
