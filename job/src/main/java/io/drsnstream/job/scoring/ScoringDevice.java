package io.drsnstream.job.scoring;

import io.drsnstream.job.config.ScoringJobOptions.DeviceSetting;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * Where a scoring subtask runs the network: the {@code scoring.device} setting resolved against
 * the GPUs that Flink's external resource framework assigned to the TaskManager.
 *
 * <p>{@code auto} takes one of the assigned GPUs (property {@code index} of the "gpu" resource
 * infos, as Flink's {@code GPUDriverFactory} reports it) and falls back to the CPU when none is
 * assigned; {@code gpu} insists on one; {@code cpu} never looks.
 *
 * <p>Flink hands every slot of a TaskManager the same GPU infos (all the TaskManager's GPUs), so
 * the subtasks spread themselves over them: subtask {@code i} takes the {@code i mod n}-th of the
 * {@code n} indices in ascending order. Without that, every subtask of a TaskManager with
 * several GPUs would crowd onto the first.
 */
public final class ScoringDevice {

    /** The name of Flink's GPU external resource ({@code external-resources: gpu}). */
    public static final String GPU_RESOURCE = "gpu";

    private static final ScoringDevice CPU = new ScoringDevice(-1);

    private final int gpuIndex;

    private ScoringDevice(int gpuIndex) {
        this.gpuIndex = gpuIndex;
    }

    /**
     * Resolves the setting against the GPU resource infos of this subtask
     * ({@code getRuntimeContext().getExternalResourceInfos("gpu")}).
     *
     * @param subtaskIndex this subtask's index ({@code getTaskInfo().getIndexOfThisSubtask()}):
     *     picks which of the assigned GPUs it uses
     * @throws IllegalStateException for {@code gpu} when no GPU index is assigned, or when an
     *     assigned index is not a number
     */
    public static ScoringDevice resolve(
            DeviceSetting setting, Collection<ExternalResourceInfo> gpuInfos, int subtaskIndex) {
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException("subtask index must be >= 0, got " + subtaskIndex);
        }
        if (setting == DeviceSetting.CPU) {
            return CPU;
        }
        List<Integer> indices = gpuIndices(gpuInfos);
        if (!indices.isEmpty()) {
            return new ScoringDevice(indices.get(subtaskIndex % indices.size()));
        }
        if (setting == DeviceSetting.GPU) {
            throw new IllegalStateException(
                    "scoring.device=gpu but this TaskManager has no GPU assigned: "
                            + "configure external-resources: gpu with external-resource.gpu.amount >= 1 and the "
                            + "GPUDriverFactory plugin, or use scoring.device=auto to fall back to the CPU");
        }
        return CPU;
    }

    /** The distinct GPU indices, ascending: every subtask of a TaskManager sees the same order. */
    private static List<Integer> gpuIndices(Collection<ExternalResourceInfo> gpuInfos) {
        TreeSet<Integer> indices = new TreeSet<>();
        if (gpuInfos == null) {
            return List.of();
        }
        for (ExternalResourceInfo info : gpuInfos) {
            Optional<String> raw = info.getProperty("index");
            if (raw.isPresent()) {
                try {
                    indices.add(Integer.parseInt(raw.get().trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(
                            "GPU resource info has a non-numeric index '" + raw.get() + "'", e);
                }
            }
        }
        return List.copyOf(indices);
    }

    public boolean isGpu() {
        return gpuIndex >= 0;
    }

    /** The GPU index, or -1 for the CPU. */
    public int gpuIndex() {
        return gpuIndex;
    }

    @Override
    public String toString() {
        return isGpu() ? "gpu(" + gpuIndex + ")" : "cpu";
    }
}
