package io.drsnstream.job.modelcontrol;

/** Why an artifact was refused, in one line. */
final class RefusedArtifactException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
