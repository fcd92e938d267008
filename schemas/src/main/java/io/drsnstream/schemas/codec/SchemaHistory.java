package io.drsnstream.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of a record schema, as shipped in this jar under
 * {@code io/drsnstream/schemas/history/<Record>-v<N>.avsc} (N = 1, 2, ... without gaps).
 *
 * <p>Readers register all of them so that records written by an older producer still decode
 * through Avro schema resolution. A new schema version is released by copying the current
 * {@code .avsc} into {@code src/main/avro/history} with the next number.
 */
public final class SchemaHistory {

    private static final String FOLDER = "/io/drsnstream/schemas/history/";

    private SchemaHistory() {}

    /** The released versions of {@code recordName} (simple name, e.g. "SensorChunk"), oldest first. */
    public static List<Schema> releasedVersions(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = FOLDER + recordName + "-v" + version + ".avsc";
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + resource, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException(
                    "No released schema versions of "
                            + recordName
                            + " on the classpath under "
                            + FOLDER);
        }
        return versions;
    }
}
