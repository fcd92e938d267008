package io.drsnstream.training;

/** An expected failure (missing model, unreadable file...): reported as one line, exit code 1. */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, for the user */
    public CliFailure(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for the user
     * @param cause the underlying error
     */
    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
