package io.drsnstream.job.deadletter;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A rejected record's value as its dead letter carries it: whole up to a cap, else only its first
 * {@code maxBytes} bytes, so that a dead letter always fits the producer's and the topic's size
 * limits (a rejected value near those limits, plus the dead letter's metadata, would not, and its
 * sink would fail the job at every replay). The length and SHA-256 of the whole value are kept
 * either way, to match the dead letter with the record on its source topic.
 *
 * @param bytes the value or its first {@code maxBytes} bytes
 * @param truncated whether {@code bytes} is only the first part of the value
 * @param originalBytes length of the whole value
 * @param sha256 SHA-256 of the whole value, 64 lowercase hexadecimal digits
 */
public record DeadLetterPayload(
        ByteBuffer bytes, boolean truncated, long originalBytes, String sha256) {

    /** The value as a dead letter carries it; null for a record without value. */
    public static DeadLetterPayload of(byte[] value, int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (value == null) {
            return null;
        }
        boolean truncated = value.length > maxBytes;
        return new DeadLetterPayload(
                ByteBuffer.wrap(truncated ? Arrays.copyOf(value, maxBytes) : value),
                truncated,
                value.length,
                sha256(value));
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
