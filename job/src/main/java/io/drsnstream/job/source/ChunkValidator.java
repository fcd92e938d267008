package io.drsnstream.job.source;

import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.SensorChunk;
import java.io.Serializable;
import java.util.List;
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

    public Optional<Rejection> validate(SensorChunk chunk) {
        if (chunk.getSensorId() == null || chunk.getSensorId().isBlank()) {
            return reject(DeadLetterReason.INVALID_VALUES, "sensorId is blank");
        }
        List<Float> samples = chunk.getSamples();
        if (samples.isEmpty()) {
            return reject(DeadLetterReason.EMPTY, "chunk seq " + chunk.getSeq() + " has no samples");
        }
        if (samples.size() > maxSamplesPerChunk) {
            return reject(DeadLetterReason.OVERSIZED, "chunk seq " + chunk.getSeq() + " has " + samples.size()
                    + " samples, more than the limit of " + maxSamplesPerChunk + " (chunk.max-samples)");
        }
        double rate = chunk.getSampleRateHz();
        if (!(Math.abs(rate - modelSampleRateHz) <= SAMPLE_RATE_TOLERANCE * modelSampleRateHz)) {
            return reject(DeadLetterReason.SAMPLE_RATE_MISMATCH, "chunk seq " + chunk.getSeq() + " is sampled at "
                    + rate + " Hz but the model expects " + modelSampleRateHz + " Hz");
        }
        for (int i = 0; i < samples.size(); i++) {
            float value = samples.get(i);
            if (!Float.isFinite(value)) {
                return reject(DeadLetterReason.INVALID_VALUES, "chunk seq " + chunk.getSeq() + " has sample["
                        + i + "] = " + value);
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(DeadLetterReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
