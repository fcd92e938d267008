package io.drsnstream.job.config;

/** A setting of the scoring job that is missing or wrong. The message is meant for the user as is. */
public final class InvalidConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
