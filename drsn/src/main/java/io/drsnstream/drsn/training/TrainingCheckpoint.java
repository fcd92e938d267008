package io.drsnstream.drsn.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The state of a training run after its last completed epoch, kept in a directory so that a long
 * run survives interruption: {@code checkpoint.params} (the network's parameters, DJL's block
 * format) and {@code checkpoint.json} (epochs completed, history, the shuffling and noise random
 * source, and what the run was started with, to refuse resuming a different run).
 *
 * <p>Both files are written to temporary names and moved into place, parameters first, so a
 * crash while writing leaves the previous checkpoint readable. Not saved: SGD's momentum buffers,
 * which DJL keeps private; a resumed run starts them from zero, which costs a few batches.
 */
public final class TrainingCheckpoint {

    /** File of the parameters. */
    public static final String PARAMS_FILE = "checkpoint.params";

    /** File of the progress. */
    public static final String STATE_FILE = "checkpoint.json";

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** What {@code checkpoint.json} holds. */
    record State(String run, int epochsCompleted, List<EpochResult> history, String random) {}

    private final Path dir;

    /**
     * A checkpoint kept in {@code dir} (created when first written).
     *
     * @param dir the directory
     */
    public TrainingCheckpoint(Path dir) {
        this.dir = dir;
    }

    /** @return the directory */
    public Path dir() {
        return dir;
    }

    /** @return true when a completed checkpoint is in the directory */
    public boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE_FILE))
                && Files.isRegularFile(dir.resolve(PARAMS_FILE));
    }

    /** Writes the state after a completed epoch. */
    void write(String run, Block block, List<EpochResult> history, Random random) {
        try {
            Files.createDirectories(dir);
            Path params = dir.resolve(PARAMS_FILE + ".tmp");
            try (OutputStream os = Files.newOutputStream(params);
                    DataOutputStream out = new DataOutputStream(os)) {
                block.saveParameters(out);
            }
            State state = new State(run, history.size(), history, serialize(random));
            Path json = dir.resolve(STATE_FILE + ".tmp");
            Files.writeString(json, GSON.toJson(state), StandardCharsets.UTF_8);
            Files.move(
                    params,
                    dir.resolve(PARAMS_FILE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(
                    json,
                    dir.resolve(STATE_FILE),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the training checkpoint to " + dir, e);
        }
    }

    /**
     * Reads the state and loads the parameters into {@code model}'s initialised block.
     *
     * @throws IllegalStateException if the checkpoint belongs to another run or is unreadable
     */
    State restore(String run, Model model) {
        State state;
        try {
            state =
                    GSON.fromJson(
                            Files.readString(dir.resolve(STATE_FILE), StandardCharsets.UTF_8),
                            State.class);
        } catch (IOException | JsonParseException e) {
            throw new IllegalStateException(
                    "Cannot read the training checkpoint "
                            + dir.resolve(STATE_FILE)
                            + ": "
                            + e.getMessage(),
                    e);
        }
        if (state == null || state.history() == null || state.random() == null) {
            throw new IllegalStateException(
                    "The training checkpoint " + dir.resolve(STATE_FILE) + " is incomplete");
        }
        if (!run.equals(state.run())) {
            throw new IllegalStateException(
                    "The checkpoint in "
                            + dir
                            + " belongs to another run ("
                            + state.run()
                            + "); this run is "
                            + run);
        }
        try (InputStream is = Files.newInputStream(dir.resolve(PARAMS_FILE));
                DataInputStream in = new DataInputStream(is)) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException(
                    "Cannot read the checkpoint's parameters "
                            + dir.resolve(PARAMS_FILE)
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return state;
    }

    static String serialize(Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static Random deserialize(String base64) {
        try (ObjectInputStream in =
                new ObjectInputStream(
                        new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return (Random) in.readObject();
        } catch (IOException
                | ClassNotFoundException
                | ClassCastException
                | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "The checkpoint's random state is corrupt: " + e.getMessage(), e);
        }
    }
}
