package io.drsnstream.job.modelcontrol;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads each model artifact once per TaskManager JVM (per directory, parameters and device) and
 * shares it
 * read-only between the scoring subtasks of that JVM; the last subtask to release it frees its
 * native memory. Each subtask still creates its own {@code Scorer}.
 *
 * <p>Static because Flink has no per-TaskManager object for user code; the registry lives in the
 * job's class loader and so goes away with the job.
 */
public final class SharedModels {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);

    /**
     * The parameters' SHA-256 belongs to the key: a directory whose files were replaced by another
     * version (deployed again from the same path) is loaded anew, not served from an older load
     * still in use.
     */
    private record Key(Path dir, String parametersSha256, String device) {}

    private static final class Entry {
        final ModelArtifact artifact;
        int users;

        Entry(ModelArtifact artifact) {
            this.artifact = artifact;
        }
    }

    private static final Map<Key, Entry> LOADED = new HashMap<>();

    private SharedModels() {}

    /**
     * Returns the loaded artifact, loading it on first use; pair every call with {@link #release}.
     *
     * @param parametersSha256 the SHA-256 of the parameters as verified just before; the artifact
     *     loaded must have it
     */
    public static synchronized ModelArtifact acquire(
            Path dir, String parametersSha256, Device device) throws ModelArtifactException {
        Key key = new Key(dir.toAbsolutePath().normalize(), parametersSha256, device.toString());
        Entry entry = LOADED.get(key);
        if (entry == null) {
            long start = System.nanoTime();
            ModelArtifact loaded = ModelArtifact.load(key.dir(), device);
            if (!parametersSha256.equals(loaded.getMetadata().parametersSha256())) {
                loaded.close();
                throw new ModelArtifactException(
                        ModelArtifactException.Reason.CHECKSUM_MISMATCH,
                        "The files in "
                                + key.dir()
                                + " changed while they were loaded (parameters' SHA-256 now "
                                + loaded.getMetadata().parametersSha256()
                                + ", verified "
                                + parametersSha256
                                + ")");
            }
            entry = new Entry(loaded);
            LOADED.put(key, entry);
            LOG.info(
                    "Loaded model {} version {} on {} in {} ms",
                    key.dir(),
                    entry.artifact.getMetadata().version(),
                    device,
                    (System.nanoTime() - start) / 1_000_000);
        }
        entry.users++;
        return entry.artifact;
    }

    /** Gives back one use; the model is closed when nobody uses it any more. */
    public static synchronized void release(ModelArtifact artifact) {
        var iterator = LOADED.entrySet().iterator();
        while (iterator.hasNext()) {
            var entry = iterator.next();
            if (entry.getValue().artifact == artifact && --entry.getValue().users == 0) {
                iterator.remove();
                artifact.close();
                LOG.info("Closed model {}", entry.getKey().dir());
                return;
            }
        }
    }

    /** How many distinct models are loaded in this JVM (for tests and metrics). */
    public static synchronized int loadedCount() {
        return LOADED.size();
    }
}
