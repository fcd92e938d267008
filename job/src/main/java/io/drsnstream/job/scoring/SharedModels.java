package io.drsnstream.job.scoring;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads each model artifact once per TaskManager JVM (per directory and device) and shares it
 * read-only between the scoring subtasks of that JVM; the last subtask to release it frees its
 * native memory. Each subtask still creates its own {@code Scorer}.
 *
 * <p>Static because Flink has no per-TaskManager object for user code; the registry lives in the
 * job's class loader and so goes away with the job.
 */
public final class SharedModels {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);

    private record Key(Path dir, String device) {}

    private static final class Entry {
        final ModelArtifact artifact;
        int users;

        Entry(ModelArtifact artifact) {
            this.artifact = artifact;
        }
    }

    private static final Map<Key, Entry> LOADED = new HashMap<>();

    private SharedModels() {}

    /** Returns the loaded artifact, loading it on first use; pair every call with {@link #release}. */
    public static synchronized ModelArtifact acquire(Path dir, Device device)
            throws ModelArtifactException {
        Key key = new Key(dir.toAbsolutePath().normalize(), device.toString());
        Entry entry = LOADED.get(key);
        if (entry == null) {
            long start = System.nanoTime();
            entry = new Entry(ModelArtifact.load(key.dir(), device));
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
