package io.drsnstream.job.modelcontrol;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.schemas.ModelOutcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one scoring subtask: the active one, which scores every window, an optional
 * shadow, which scores them as well for comparison, and the reference of the previous active
 * one, for ROLLBACK. Applies the model-control commands as a state machine: each new artifact is
 * loaded by the {@link ModelLoader} (fetched, verified, warmed up) before it replaces anything,
 * so that a bad artifact is refused with its reason and the current model scores on.
 *
 * <p>The caller (the scoring operator) applies a command only between two batches, on the task
 * thread; the load is synchronous, a few hundred milliseconds for this project's artifacts,
 * during which that subtask scores nothing.
 *
 * <p>{@link #references()} is what the operator keeps in its broadcast state; {@link #start}
 * loads them again after a restore, so a restarted job scores with the deployed model, not the
 * one on its command line. What loading an artifact takes, and checks, is {@link ModelLoader}'s.
 */
public final class ModelSlots implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSlots.class);

    /** Keys of {@link #references()}. */
    public static final String ACTIVE = "active";

    public static final String SHADOW = "shadow";
    public static final String PREVIOUS = "previous";

    /** The commandId of the status events a subtask sends about what it restored. */
    public static final String RESTORE = "restore";

    private final ModelLoader loader;
    private final int subtask;
    private final Consumer<ModelStatusEvent> status;

    private ScoringModel active;
    private ModelReference activeReference;
    private ScoringModel shadow;
    private ModelReference shadowReference;
    private ModelReference previousReference;

    private Counter swaps;
    private MetricGroup metrics;
    private final Set<String> versionsWithGauges = new HashSet<>();
    private long shadowCompared;
    private long shadowAgreed;

    /**
     * @param pipeline the metadata of the model the pipeline was built for (its windows and
     *     sample rate); every model must match it
     * @param status receives every status event
     */
    public ModelSlots(
            ModelMetadata pipeline,
            Device device,
            int batchSize,
            int subtask,
            Consumer<ModelStatusEvent> status) {
        this.loader = new ModelLoader(pipeline, device, batchSize);
        this.subtask = subtask;
        this.status = status;
    }

    /** Registers modelSwaps, modelLoadFailures, shadowAgreement and the version-info gauges. */
    public void registerMetrics(MetricGroup group) {
        metrics = group;
        swaps = group.counter("modelSwaps");
        loader.registerMetrics(group);
        group.gauge(
                "shadowAgreement",
                () -> shadowCompared == 0 ? Double.NaN : shadowAgreed / (double) shadowCompared);
        group.gauge("modelVersion", () -> active == null ? "" : active.version);
        group.gauge("shadowModelVersion", () -> shadow == null ? "" : shadow.version);
    }

    /**
     * Loads the restored models, or {@code commandLine} when nothing was restored or the restored
     * active model cannot be loaded (then a REJECTED status says why).
     *
     * @param restored the broadcast state's entries, empty on a fresh start
     * @throws ModelArtifactException when not even {@code commandLine} loads
     */
    public void start(ModelReference commandLine, Map<String, ModelReference> restored)
            throws ModelArtifactException {
        ModelReference restoredActive = restored.get(ACTIVE);
        if (restoredActive != null && !restoredActive.equals(commandLine)) {
            try {
                setActive(loader.load(restoredActive), restoredActive);
                previousReference = restored.get(PREVIOUS);
                emit(RESTORE, ModelOutcome.ACTIVE, restoredActive.version, null);
            } catch (RefusedArtifactException e) {
                LOG.warn(
                        "Subtask {} cannot load its restored model {} ({}); it scores with {}",
                        subtask,
                        restoredActive,
                        e.getMessage(),
                        commandLine);
                emit(RESTORE, ModelOutcome.REJECTED, restoredActive.version, e.getMessage());
            }
        } else if (restoredActive != null) {
            previousReference = restored.get(PREVIOUS);
        }
        if (active == null) {
            try {
                setActive(loader.load(commandLine), commandLine);
            } catch (RefusedArtifactException e) {
                if (e.getCause() instanceof ModelArtifactException artifactProblem) {
                    throw artifactProblem;
                }
                throw new ModelArtifactException(
                        ModelArtifactException.Reason.IO_ERROR, e.getMessage(), e);
            }
        }
        ModelReference restoredShadow = restored.get(SHADOW);
        if (restoredShadow != null) {
            try {
                setShadow(loader.load(restoredShadow), restoredShadow);
                emit(RESTORE, ModelOutcome.SHADOWING, restoredShadow.version, null);
            } catch (RefusedArtifactException e) {
                emit(RESTORE, ModelOutcome.REJECTED, restoredShadow.version, e.getMessage());
            }
        }
    }

    /** The model that scores every window; never null after {@link #start}. */
    public ScoringModel active() {
        return active;
    }

    /** The shadow model, or null. */
    public ScoringModel shadow() {
        return shadow;
    }

    /** Counts how many of the shadow's labels were the active model's, for shadowAgreement. */
    public void compareShadow(List<ScoreResult> activeResults, List<ScoreResult> shadowResults) {
        for (int i = 0; i < activeResults.size(); i++) {
            shadowCompared++;
            if (activeResults.get(i).label().equals(shadowResults.get(i).label())) {
                shadowAgreed++;
            }
        }
    }

    /** What the broadcast state holds: {@link #ACTIVE}, and {@link #SHADOW} and {@link #PREVIOUS} when set. */
    public Map<String, ModelReference> references() {
        Map<String, ModelReference> references = new HashMap<>();
        references.put(ACTIVE, activeReference);
        if (shadowReference != null) {
            references.put(SHADOW, shadowReference);
        }
        if (previousReference != null) {
            references.put(PREVIOUS, previousReference);
        }
        return references;
    }

    /** Applies one command; its outcome goes to the status consumer. */
    public void apply(ModelControlRecord command) {
        LOG.info("Subtask {} applies model command {}", subtask, command);
        switch (command.kind) {
            case DEPLOY -> deploy(command);
            case SHADOW -> shadow(command);
            case PROMOTE -> promote(command);
            case ROLLBACK -> rollback(command);
            default -> reject(command, null, "unknown command kind " + command.kind);
        }
    }

    private void deploy(ModelControlRecord command) {
        ModelReference reference =
                ModelReference.of(command.version, command.location, command.sha256);
        if (reference.equals(activeReference)) {
            // A command read again (a fresh start reads the whole topic): nothing to do.
            emit(command.commandId, ModelOutcome.ACTIVE, reference.version, null);
            return;
        }
        ScoringModel loaded;
        try {
            loaded = loader.load(reference);
        } catch (RefusedArtifactException e) {
            reject(command, reference.version, e.getMessage());
            return;
        }
        emit(command.commandId, ModelOutcome.ACCEPTED, reference.version, null);
        previousReference = activeReference;
        setActive(loaded, reference);
        emit(command.commandId, ModelOutcome.ACTIVE, reference.version, null);
    }

    private void shadow(ModelControlRecord command) {
        ModelReference reference =
                ModelReference.of(command.version, command.location, command.sha256);
        if (reference.equals(shadowReference)) {
            emit(command.commandId, ModelOutcome.SHADOWING, reference.version, null);
            return;
        }
        ScoringModel loaded;
        try {
            loaded = loader.load(reference);
        } catch (RefusedArtifactException e) {
            reject(command, reference.version, e.getMessage());
            return;
        }
        emit(command.commandId, ModelOutcome.ACCEPTED, reference.version, null);
        setShadow(loaded, reference);
        emit(command.commandId, ModelOutcome.SHADOWING, reference.version, null);
    }

    private void promote(ModelControlRecord command) {
        if (shadow == null) {
            reject(command, null, "no shadow model to promote");
            return;
        }
        ScoringModel promoted = shadow;
        ModelReference promotedReference = shadowReference;
        shadow = null;
        shadowReference = null;
        previousReference = activeReference;
        setActive(promoted, promotedReference);
        emit(command.commandId, ModelOutcome.ACTIVE, promotedReference.version, null);
    }

    private void rollback(ModelControlRecord command) {
        if (previousReference == null) {
            reject(command, null, "no previous version to roll back to");
            return;
        }
        ModelReference target = previousReference;
        ScoringModel loaded;
        try {
            loaded = loader.load(target);
        } catch (RefusedArtifactException e) {
            reject(command, target.version, e.getMessage());
            return;
        }
        // One step back only: a second ROLLBACK waits for the next DEPLOY or PROMOTE.
        previousReference = null;
        setActive(loaded, target);
        emit(command.commandId, ModelOutcome.ACTIVE, target.version, null);
    }

    private void setActive(ScoringModel model, ModelReference reference) {
        ScoringModel old = active;
        active = model;
        activeReference = reference;
        if (old != null) {
            old.close();
            if (swaps != null) {
                swaps.inc();
            }
            LOG.info("Subtask {} now scores with {} (was {})", subtask, model.version, old.version);
        }
        registerVersionGauge(model.version);
    }

    private void setShadow(ScoringModel model, ModelReference reference) {
        if (shadow != null) {
            shadow.close();
        }
        shadow = model;
        shadowReference = reference;
        shadowCompared = 0;
        shadowAgreed = 0;
        registerVersionGauge(model.version);
    }

    /**
     * A numeric info gauge per version seen, in a {@code model_version} group (a label in
     * Prometheus): modelActive is 1 for the active version, 0 otherwise; modelShadowing alike.
     */
    private void registerVersionGauge(String version) {
        if (metrics == null || !versionsWithGauges.add(version)) {
            return;
        }
        MetricGroup group = metrics.addGroup("model_version", version);
        group.gauge("modelActive", () -> active != null && version.equals(active.version) ? 1 : 0);
        group.gauge(
                "modelShadowing", () -> shadow != null && version.equals(shadow.version) ? 1 : 0);
    }

    private void reject(ModelControlRecord command, String version, String reason) {
        LOG.warn("Subtask {} refuses model command {}: {}", subtask, command, reason);
        emit(command.commandId, ModelOutcome.REJECTED, version, reason);
    }

    private void emit(String commandId, ModelOutcome outcome, String version, String reason) {
        status.accept(ModelStatusEvent.of(commandId, subtask, outcome, version, reason));
    }

    @Override
    public void close() {
        if (shadow != null) {
            shadow.close();
            shadow = null;
        }
        if (active != null) {
            active.close();
            active = null;
        }
    }
}
