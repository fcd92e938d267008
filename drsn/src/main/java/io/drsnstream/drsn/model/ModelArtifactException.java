package io.drsnstream.drsn.model;

/** A model directory that cannot be loaded; {@link #getReason()} says why, the message in detail. */
public class ModelArtifactException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the artifact. */
    public enum Reason {
        /** The directory does not exist or is not a directory. */
        MISSING_DIRECTORY,
        /** model.json or the parameters file is missing. */
        MISSING_FILE,
        /** model.json is not valid JSON of the expected structure. */
        MALFORMED_JSON,
        /** model.json declares a format version this reader does not understand. */
        UNSUPPORTED_FORMAT_VERSION,
        /** model.json names an architecture this code does not know. */
        UNKNOWN_ARCHITECTURE,
        /** A field is missing or inconsistent (labels vs classes, healthy label, lengths...). */
        INVALID_METADATA,
        /** The parameters file does not have the declared SHA-256. */
        CHECKSUM_MISMATCH,
        /** The parameters do not fit the declared architecture. */
        SHAPE_MISMATCH,
        /** Reading failed. */
        IO_ERROR
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason the category
     * @param message what is wrong, naming the file and field
     */
    public ModelArtifactException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception.
     *
     * @param reason the category
     * @param message what is wrong, naming the file and field
     * @param cause the underlying error
     */
    public ModelArtifactException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Returns the category of the problem.
     *
     * @return the reason
     */
    public Reason getReason() {
        return reason;
    }
}
