package io.drsnstream.job.modelcontrol;

import io.drsnstream.schemas.ModelCommandKind;

/**
 * One record of the model-control topic as the job reads it: a command for the scoring
 * operator's models (a record the job refuses is an {@code Inbound} dead letter instead). A Flink
 * POJO; the Avro contract is {@code ModelCommand}.
 */
public class ModelControlRecord {

    public String commandId;
    public ModelCommandKind kind;

    /** DEPLOY and SHADOW: the version the artifact must declare; null otherwise. */
    public String version;

    /** DEPLOY and SHADOW: the artifact directory as a Flink file-system URI; null otherwise. */
    public String location;

    /** DEPLOY and SHADOW: the SHA-256 of the artifact's parameters; null otherwise. */
    public String sha256;

    public ModelControlRecord() {}

    public static ModelControlRecord command(
            String commandId,
            ModelCommandKind kind,
            String version,
            String location,
            String sha256) {
        ModelControlRecord record = new ModelControlRecord();
        record.commandId = commandId;
        record.kind = kind;
        record.version = version;
        record.location = location;
        record.sha256 = sha256;
        return record;
    }

    @Override
    public String toString() {
        return kind + " " + commandId + (version == null ? "" : " " + version + " at " + location);
    }
}
