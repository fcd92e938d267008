package io.drsnstream.job.chunk;

import io.drsnstream.schemas.DeadLetterReason;
import java.io.Serializable;
import java.util.Optional;

/**
 * Checks a decoded chunk against what the model can score. Returns the reason it cannot, or
 * empty when it is fine.
 */
public final class ChunkValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Relative tolerance on the sample rate: clocks are configured, not measured. */
    private static final double SAMPLE_RATE_TOLERANCE = 1e-6;

    private final double modelSampleRateHz;
    private final int maxSamplesPerChunk;

    public ChunkValidator(double modelSampleRateHz, int maxSamplesPerChunk) {
        this.modelSampleRateHz = modelSampleRateHz;
        this.maxSamplesPerChunk = maxSamplesPerChunk;
    }

    /** Why a chunk was rejected. */
    public record Rejection(DeadLetterReason reason, String detail) {}

    /** Checks a decoded chunk; works on its primitive samples (no boxing on the hot path). */
    public Optional<Rejection> validate(ChunkRecord chunk) {
        if (chunk.sensorId == null || chunk.sensorId.isBlank()) {
            return reject(DeadLetterReason.INVALID_VALUES, "sensorId is blank");
        }
        float[] samples = chunk.samples;
        if (samples.length == 0) {
            return reject(DeadLetterReason.EMPTY, "chunk seq " + chunk.seq + " has no samples");
        }
        if (samples.length > maxSamplesPerChunk) {
            return reject(
                    DeadLetterReason.OVERSIZED,
                    "chunk seq "
                            + chunk.seq
                            + " has "
                            + samples.length
                            + " samples, more than the limit of "
                            + maxSamplesPerChunk
                            + " (chunk.max-samples)");
        }
        double rate = chunk.sampleRateHz;
        if (!(Math.abs(rate - modelSampleRateHz) <= SAMPLE_RATE_TOLERANCE * modelSampleRateHz)) {
            return reject(
                    DeadLetterReason.SAMPLE_RATE_MISMATCH,
                    "chunk seq "
                            + chunk.seq
                            + " is sampled at "
                            + rate
                            + " Hz but the model expects "
                            + modelSampleRateHz
                            + " Hz");
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                return reject(
                        DeadLetterReason.INVALID_VALUES,
                        "chunk seq " + chunk.seq + " has sample[" + i + "] = " + samples[i]);
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(DeadLetterReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
