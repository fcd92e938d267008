package io.drsnstream.job.modelcontrol;

import io.drsnstream.schemas.ModelOutcome;
import org.apache.flink.util.OutputTag;

/**
 * What one scoring subtask did with one model command, on its way to the model-status topic. A
 * Flink POJO; the Avro contract is {@code ModelStatus}.
 */
public class ModelStatusEvent {

    /** The scoring operator's side output of these events. */
    public static final OutputTag<ModelStatusEvent> SIDE_OUTPUT =
            new OutputTag<>("model-status") {};

    public String commandId;
    public int subtask;
    public ModelOutcome outcome;
    public String version;
    public String reason;
    public long atMillis;

    public ModelStatusEvent() {}

    public static ModelStatusEvent of(
            String commandId, int subtask, ModelOutcome outcome, String version, String reason) {
        ModelStatusEvent event = new ModelStatusEvent();
        event.commandId = commandId;
        event.subtask = subtask;
        event.outcome = outcome;
        event.version = version;
        event.reason = reason;
        event.atMillis = System.currentTimeMillis();
        return event;
    }

    @Override
    public String toString() {
        return commandId
                + " subtask "
                + subtask
                + ": "
                + outcome
                + (version == null ? "" : " " + version)
                + (reason == null ? "" : " (" + reason + ")");
    }
}
