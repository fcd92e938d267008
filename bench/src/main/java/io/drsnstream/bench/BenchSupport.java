package io.drsnstream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import io.drsnstream.drsn.model.EngineSettings;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import io.drsnstream.sim.HealthState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** What several benchmarks share: DJL engine settings, models, input data. */
public final class BenchSupport {

    /** System property naming a model artifact directory for {@link ScorerBenchmark}. */
    public static final String MODEL_PROPERTY = "bench.model";

    /** The simulator's (and the paper's) sample rate. */
    public static final double SAMPLE_RATE_HZ = 12_800.0;

    private BenchSupport() {}

    /**
     * Sets what DJL's PyTorch engine reads once, when it starts; call before the first DJL call
     * of the JVM. Offline always (natives come from the jar); one inter-op thread, as the job uses.
     *
     * @param intraOpThreads PyTorch intra-op threads, or 0 to keep {@code -Dai.djl.pytorch.num_threads}
     *     (or PyTorch's default, one per core, when that is not set either)
     */
    public static void configureEngine(int intraOpThreads) {
        if (intraOpThreads > 0) {
            EngineSettings.applyWithIntraOpThreads(intraOpThreads);
        } else {
            EngineSettings.applyDefaults(0);
        }
    }

    /** The engine settings in force, for result files. */
    public static Map<String, String> engineSettings() {
        Map<String, String> settings = new LinkedHashMap<>(EngineSettings.threadsInForce());
        settings.put("OMP_NUM_THREADS", System.getenv("OMP_NUM_THREADS"));
        return settings;
    }

    /** The class labels of the simulator, in class-index order (the paper's 8 health states). */
    public static List<String> labels() {
        return Arrays.stream(HealthState.values()).map(Enum::name).toList();
    }

    /**
     * The paper's network of an architecture with freshly initialised (untrained) parameters. For
     * speed it is as good as a trained one: same layers, same FLOPs, same native calls.
     *
     * @param architecture which network
     * @return an artifact held in memory (not saved)
     */
    public static ModelArtifact untrainedArtifact(Architecture architecture) {
        NetworkSpec spec = NetworkSpec.paper(architecture);
        Model model = Model.newInstance("bench-" + architecture, Device.cpu());
        DrsnNetwork network = DrsnNetwork.of(spec);
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32, spec.inputShape(1));
        return ModelArtifact.of(model, untrainedMetadata(spec));
    }

    /** Metadata for an untrained paper network: the simulator's labels, rate and normalisation. */
    public static ModelMetadata untrainedMetadata(NetworkSpec spec) {
        List<String> labels = labels();
        return ModelMetadata.builder()
                .setVersion("bench-untrained-" + spec.architecture().name().toLowerCase())
                .setNetwork(spec)
                .setLabels(labels)
                .setHealthyLabel(HealthState.HEALTHY.name())
                .setWindowLength(spec.inputLength())
                .setSampleRateHz(SAMPLE_RATE_HZ)
                .setNormalization(InputNormalization.PER_WINDOW_STANDARDIZE)
                .setTraining(Map.of("note", "untrained, for speed measurements only"))
                .setEvaluation(Map.of())
                .build();
    }

    /**
     * The model a benchmark should score with: the artifact of {@code -Dbench.model=DIR} when its
     * architecture is the one asked for, else an untrained paper network of that architecture.
     *
     * @param architecture the architecture the benchmark measures
     * @return the artifact; close it when done
     * @throws IllegalStateException if {@code bench.model} names a directory that does not load
     */
    public static ModelArtifact modelFor(Architecture architecture) {
        String dir = System.getProperty(MODEL_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            ModelArtifact artifact;
            try {
                artifact = ModelArtifact.load(Path.of(dir), Device.cpu());
            } catch (ModelArtifactException e) {
                throw new IllegalStateException(
                        "-D" + MODEL_PROPERTY + "=" + dir + ": " + e.getMessage(), e);
            }
            if (artifact.getMetadata().network().architecture() == architecture) {
                return artifact;
            }
            artifact.close();
        }
        return untrainedArtifact(architecture);
    }

    /**
     * Gaussian windows: the scorer normalises every window anyway, so the values only need to be
     * finite and non-constant.
     *
     * @param count windows
     * @param length samples per window
     * @param seed random seed
     * @return new arrays
     */
    public static float[][] randomWindows(int count, int length, long seed) {
        Random random = new Random(seed);
        float[][] windows = new float[count][length];
        for (float[] window : windows) {
            for (int i = 0; i < length; i++) {
                window[i] = (float) random.nextGaussian();
            }
        }
        return windows;
    }

    /**
     * The committed model, {@code models/drsn-cw}, in the first directory at or above the working
     * directory that has it.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static Path committedModel() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !Files.isRegularFile(
                        dir.resolve("models/drsn-cw").resolve(ModelArtifact.METADATA_FILE))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalArgumentException(
                    "No model: models/drsn-cw not found above "
                            + Path.of("").toAbsolutePath()
                            + "; pass --model DIR");
        }
        return dir.resolve("models/drsn-cw");
    }
}
