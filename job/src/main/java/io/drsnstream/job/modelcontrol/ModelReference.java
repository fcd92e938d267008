package io.drsnstream.job.modelcontrol;

import java.util.Objects;

/**
 * Where a model version lives: what the scoring operator keeps in its broadcast state for the
 * active, shadow and previous models, so that a restore loads the same artifacts again.
 */
public class ModelReference {

    public String version;

    /** The artifact directory as a Flink file-system URI or a local path. */
    public String location;

    /** SHA-256 of the artifact's parameters. */
    public String sha256;

    public ModelReference() {}

    public static ModelReference of(String version, String location, String sha256) {
        ModelReference reference = new ModelReference();
        reference.version = version;
        reference.location = location;
        reference.sha256 = sha256;
        return reference;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelReference that
                && Objects.equals(version, that.version)
                && Objects.equals(location, that.location)
                && Objects.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, location, sha256);
    }

    @Override
    public String toString() {
        return version + " at " + location;
    }
}
