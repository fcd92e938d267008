package io.drsnstream.kafka;

/** Thrown when the local broker cannot be started or a topic cannot be set up. */
public final class LocalKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalKafkaException(String message) {
        super(message);
    }

    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
