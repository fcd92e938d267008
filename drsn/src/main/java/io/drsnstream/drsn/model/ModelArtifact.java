package io.drsnstream.drsn.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.drsnstream.drsn.model.ModelArtifactException.Reason;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A trained network with its metadata: a directory holding {@value #PARAMETERS_FILE} (DJL block
 * parameters) and {@value #METADATA_FILE} ({@link ModelMetadata}).
 *
 * <p>{@link #load} verifies everything before it returns: files present, JSON well-formed, format
 * version, architecture known, metadata consistent, checksum, and that every parameter has the
 * shape the declared architecture gives it. The loaded network is only read by inference, so one
 * artifact can be shared by several {@link Scorer}s on different threads; each Scorer keeps its own
 * managers and buffers.
 *
 * <p>The artifact owns its DJL {@link Model}: closing the artifact closes the model.
 */
public final class ModelArtifact implements AutoCloseable {

    /** The metadata file in the directory. */
    public static final String METADATA_FILE = "model.json";

    /** The parameters file in the directory. */
    public static final String PARAMETERS_FILE = "model.params";

    private final Model model;
    private final DrsnNetwork network;
    private volatile ModelMetadata metadata;

    private ModelArtifact(Model model, DrsnNetwork network, ModelMetadata metadata) {
        this.model = model;
        this.network = network;
        this.metadata = metadata;
    }

    /**
     * Wraps a trained model, e.g. the one {@code DrsnTrainer} returns, so it can be saved and
     * scored. The artifact takes ownership of the model.
     *
     * @param model a model whose block is an initialised {@link DrsnNetwork}
     * @param metadata its metadata; the checksum and creation time are set by {@link #save}
     * @return the artifact
     * @throws IllegalArgumentException if the model does not match the metadata's network
     */
    public static ModelArtifact of(Model model, ModelMetadata metadata) {
        if (!(model.getBlock() instanceof DrsnNetwork network)) {
            throw new IllegalArgumentException("The model's block is not a DrsnNetwork");
        }
        if (!network.isInitialized()) {
            throw new IllegalArgumentException("The network has no parameters yet");
        }
        if (!network.getSpec().equals(metadata.network())) {
            throw new IllegalArgumentException(
                    "The network "
                            + network.getSpec()
                            + " does not match the metadata's "
                            + metadata.network());
        }
        return new ModelArtifact(model, network, metadata);
    }

    /**
     * Writes the parameters and {@value #METADATA_FILE} into a directory (created if missing),
     * parameters first so that a complete {@value #METADATA_FILE} implies complete parameters.
     *
     * @param dir the directory
     * @return the metadata as written, with checksum and creation time
     * @throws IOException if writing fails
     */
    public ModelMetadata save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path params = dir.resolve(PARAMETERS_FILE);
        Path tmp = dir.resolve(PARAMETERS_FILE + ".tmp");
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            network.saveParameters(out);
        }
        Files.move(tmp, params, StandardCopyOption.REPLACE_EXISTING);
        ModelMetadata saved =
                metadata.toBuilder()
                        .setParametersSha256(sha256(params))
                        .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                        .build();
        Path json = dir.resolve(METADATA_FILE);
        Path jsonTmp = dir.resolve(METADATA_FILE + ".tmp");
        Files.writeString(jsonTmp, saved.toJson(), StandardCharsets.UTF_8);
        Files.move(jsonTmp, json, StandardCopyOption.REPLACE_EXISTING);
        metadata = saved;
        return saved;
    }

    /**
     * Replaces the {@value #METADATA_FILE} of a saved artifact, e.g. to add a calibrated threshold
     * or evaluation figures, leaving the parameters as they are. The new metadata must describe
     * the same network and parameters (checksum and creation time are kept from the old file).
     *
     * @param dir the artifact directory
     * @param updated the new metadata
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if {@code updated} changes the parameters' checksum or the
     *     network
     */
    public static void updateMetadata(Path dir, ModelMetadata updated) throws IOException {
        ModelMetadata current;
        try {
            current =
                    ModelMetadata.fromJson(
                            Files.readString(dir.resolve(METADATA_FILE), StandardCharsets.UTF_8));
        } catch (ModelArtifactException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!current.network().equals(updated.network())
                || (updated.parametersSha256() != null
                        && !updated.parametersSha256().equals(current.parametersSha256()))) {
            throw new IllegalArgumentException(
                    "The new metadata describes other parameters or another network");
        }
        ModelMetadata merged =
                updated.toBuilder()
                        .setParametersSha256(current.parametersSha256())
                        .setCreatedAt(current.createdAt())
                        .build();
        Path jsonTmp = dir.resolve(METADATA_FILE + ".tmp");
        Files.writeString(jsonTmp, merged.toJson(), StandardCharsets.UTF_8);
        Files.move(jsonTmp, dir.resolve(METADATA_FILE), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Checks an artifact without loading the network: the directory and both files exist, the
     * metadata is valid, and the parameters' SHA-256 is the one the metadata declares. What
     * {@link #load} checks first; a job runs it at submission, so that a corrupt artifact stops
     * it there instead of failing every task that loads it.
     *
     * @return the artifact's metadata
     * @throws ModelArtifactException naming the first problem found
     */
    public static ModelMetadata verify(Path dir) throws ModelArtifactException {
        if (!Files.isDirectory(dir)) {
            throw new ModelArtifactException(
                    Reason.MISSING_DIRECTORY, "Model directory does not exist: " + dir);
        }
        Path json = dir.resolve(METADATA_FILE);
        Path params = dir.resolve(PARAMETERS_FILE);
        if (!Files.isRegularFile(json)) {
            throw new ModelArtifactException(
                    Reason.MISSING_FILE, "Missing " + METADATA_FILE + " in " + dir);
        }
        ModelMetadata metadata;
        try {
            metadata = ModelMetadata.fromJson(Files.readString(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelArtifactException(
                    Reason.IO_ERROR, "Cannot read " + json + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(params)) {
            throw new ModelArtifactException(
                    Reason.MISSING_FILE, "Missing " + PARAMETERS_FILE + " in " + dir);
        }
        String actual;
        try {
            actual = sha256(params);
        } catch (IOException e) {
            throw new ModelArtifactException(
                    Reason.IO_ERROR, "Cannot read " + params + ": " + e.getMessage(), e);
        }
        if (!actual.equals(metadata.parametersSha256())) {
            throw new ModelArtifactException(
                    Reason.CHECKSUM_MISMATCH,
                    "Checksum mismatch: "
                            + params
                            + " has SHA-256 "
                            + actual
                            + " but "
                            + METADATA_FILE
                            + " declares "
                            + metadata.parametersSha256());
        }
        return metadata;
    }

    /**
     * Loads and verifies an artifact.
     *
     * @param dir the directory written by {@link #save}
     * @param device where the parameters go, e.g. {@code Device.cpu()} or {@code Device.gpu(0)}
     * @return the artifact, ready for {@link #newScorer()}
     * @throws ModelArtifactException naming the first problem found
     */
    public static ModelArtifact load(Path dir, Device device) throws ModelArtifactException {
        ModelMetadata metadata = verify(dir);
        Path params = dir.resolve(PARAMETERS_FILE);
        NetworkSpec spec = metadata.network();
        DrsnNetwork network = DrsnNetwork.of(spec);
        Model model = Model.newInstance("drsn-" + metadata.version(), device);
        try {
            loadParameters(network, model.getNDManager(), params, spec);
            model.setBlock(network);
            return new ModelArtifact(model, network, metadata);
        } catch (ModelArtifactException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Loads the parameters and checks each shape against a freshly initialised network. */
    private static void loadParameters(
            DrsnNetwork network, NDManager manager, Path params, NetworkSpec spec)
            throws ModelArtifactException {
        // Initialising on a throw-away manager gives the shapes the architecture demands;
        // DJL's loader itself only checks parameter names, not shapes.
        try (NDManager scratch = NDManager.newBaseManager(manager.getDevice())) {
            network.initialize(scratch, DataType.FLOAT32, spec.inputShape(1));
            List<Shape> expected = new ArrayList<>();
            for (Pair<String, Parameter> p : network.getParameters()) {
                expected.add(p.getValue().getArray().getShape());
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(params));
                    DataInputStream data = new DataInputStream(in)) {
                network.loadParameters(manager, data);
                if (data.read() != -1) {
                    throw new ModelArtifactException(
                            Reason.SHAPE_MISMATCH,
                            PARAMETERS_FILE
                                    + " holds more parameters than architecture "
                                    + describe(spec)
                                    + " has");
                }
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new ModelArtifactException(
                        Reason.SHAPE_MISMATCH,
                        PARAMETERS_FILE
                                + " does not fit architecture "
                                + describe(spec)
                                + ": "
                                + (e.getMessage() == null
                                        ? e.getClass().getSimpleName()
                                        : e.getMessage()),
                        e);
            }
            int i = 0;
            for (Pair<String, Parameter> p : network.getParameters()) {
                Shape actual = p.getValue().getArray().getShape();
                if (!actual.equals(expected.get(i))) {
                    throw new ModelArtifactException(
                            Reason.SHAPE_MISMATCH,
                            "Shape mismatch: parameter "
                                    + p.getKey()
                                    + " is "
                                    + actual
                                    + " in "
                                    + PARAMETERS_FILE
                                    + " but "
                                    + expected.get(i)
                                    + " in architecture "
                                    + describe(spec));
                }
                i++;
            }
        }
    }

    private static String describe(NetworkSpec spec) {
        return spec.architecture()
                + " (input "
                + spec.inputLength()
                + ", widths "
                + spec.stageWidths()
                + ", "
                + spec.unitsPerStage()
                + " units/stage, "
                + spec.classes()
                + " classes)";
    }

    /**
     * The SHA-256 of a file.
     *
     * @param file the file
     * @return lower-case hex
     * @throws IOException if reading fails
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
                OutputStream sink = OutputStream.nullOutputStream()) {
            in.transferTo(sink);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Creates a scorer for one thread with the default maximum batch.
     *
     * @return a new scorer; close it when done
     */
    public Scorer newScorer() {
        return new Scorer(this, Scorer.DEFAULT_MAX_BATCH);
    }

    /**
     * Creates a scorer for one thread.
     *
     * @param maxBatchSize larger calls are split into forward passes of at most this many windows
     * @return a new scorer; close it when done
     */
    public Scorer newScorer(int maxBatchSize) {
        return new Scorer(this, maxBatchSize);
    }

    /**
     * The metadata (after {@link #save}, with checksum and creation time).
     *
     * @return the metadata
     */
    public ModelMetadata getMetadata() {
        return metadata;
    }

    /**
     * The DJL model holding the parameters.
     *
     * @return the model
     */
    public Model getModel() {
        return model;
    }

    /**
     * The network.
     *
     * @return the block of {@link #getModel()}
     */
    public DrsnNetwork getNetwork() {
        return network;
    }

    /**
     * Where the parameters live.
     *
     * @return the device
     */
    public Device getDevice() {
        return model.getNDManager().getDevice();
    }

    /** Closes the model and frees its parameters; scorers must be closed before. */
    @Override
    public void close() {
        model.close();
    }
}
