package io.drsnstream.job.modelcontrol;

import io.drsnstream.drsn.model.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * Makes a model artifact directory given as a Flink file-system location ({@code file:///...},
 * a plain path, or {@code s3://...} and any other scheme of an installed Flink file-system
 * plugin) readable as a local directory, which is what DJL loads from: a local directory is used
 * where it is, any other one is copied (its {@value ModelArtifact#METADATA_FILE} and {@value
 * ModelArtifact#PARAMETERS_FILE}) into a fresh temporary directory.
 */
final class ArtifactFetcher {

    private static final String LOCAL_SCHEME = LocalFileSystem.getLocalFsURI().getScheme();

    private ArtifactFetcher() {}

    /** A local directory with the artifact's files; {@code copy}: a temporary one, see {@link #release}. */
    record LocalArtifact(java.nio.file.Path dir, boolean copy) {}

    static LocalArtifact fetch(String location) throws IOException {
        Path path = new Path(location);
        FileSystem fs = path.getFileSystem();
        // By the scheme, not the class: in a task the local file system comes wrapped (Flink's
        // safety net that closes the streams a task left open).
        Path qualified = path.makeQualified(fs);
        if (!fs.isDistributedFS() && LOCAL_SCHEME.equals(qualified.toUri().getScheme())) {
            return new LocalArtifact(java.nio.file.Path.of(qualified.toUri()), false);
        }
        java.nio.file.Path copy = Files.createTempDirectory("drsn-model-");
        for (String file :
                new String[] {ModelArtifact.METADATA_FILE, ModelArtifact.PARAMETERS_FILE}) {
            try (InputStream in = fs.open(new Path(path, file))) {
                Files.copy(in, copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                delete(copy);
                throw new IOException(new Path(path, file) + ": " + e.getMessage(), e);
            }
        }
        return new LocalArtifact(copy, true);
    }

    /** Deletes a temporary copy once the model is in memory; a local artifact is left alone. */
    static void release(LocalArtifact artifact) {
        if (artifact.copy()) {
            delete(artifact.dir());
        }
    }

    private static void delete(java.nio.file.Path copy) {
        try (var files = Files.list(copy)) {
            for (java.nio.file.Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the next fetch uses a new directory.
        }
    }
}
