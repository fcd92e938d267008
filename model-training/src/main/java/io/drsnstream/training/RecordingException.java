package io.drsnstream.training;

/**
 * A recording or its manifest cannot be imported. The message names the file, where in it (line,
 * sample or field) and what is wrong, in one line.
 */
final class RecordingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RecordingException(String message) {
        super(message);
    }

    RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
