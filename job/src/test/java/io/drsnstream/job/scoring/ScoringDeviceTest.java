package io.drsnstream.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.job.config.ScoringJobOptions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

class ScoringDeviceTest {

    /** Stands in for what Flink's GPUDriver reports for one assigned GPU. */
    private static ExternalResourceInfo gpu(String index) {
        return new ExternalResourceInfo() {
            @Override
            public Optional<String> getProperty(String key) {
                return Optional.ofNullable(Map.of("index", index).get(key));
            }

            @Override
            public Collection<String> getKeys() {
                return List.of("index");
            }
        };
    }

    @Test
    void autoTakesTheAssignedGpu() {
        ScoringDevice device =
                ScoringDevice.resolve(ScoringJobOptions.DeviceSetting.AUTO, List.of(gpu("2")), 0);
        assertThat(device.isGpu()).isTrue();
        assertThat(device.gpuIndex()).isEqualTo(2);
    }

    @Test
    void subtasksSpreadOverTheTaskManagersGpusByIndex() {
        // Every slot of a TaskManager sees all its GPUs, in whatever order the driver reported.
        List<ExternalResourceInfo> gpus = List.of(gpu("3"), gpu("1"), gpu("2"));
        int[] chosen = new int[6];
        for (int subtask = 0; subtask < chosen.length; subtask++) {
            chosen[subtask] =
                    ScoringDevice.resolve(ScoringJobOptions.DeviceSetting.GPU, gpus, subtask)
                            .gpuIndex();
        }
        assertThat(chosen).containsExactly(1, 2, 3, 1, 2, 3);
    }

    @Test
    void aGpuReportedTwiceCountsOnce() {
        List<ExternalResourceInfo> gpus = List.of(gpu("0"), gpu(" 0"), gpu("1"));
        assertThat(ScoringDevice.resolve(ScoringJobOptions.DeviceSetting.AUTO, gpus, 1).gpuIndex())
                .isEqualTo(1);
        assertThat(ScoringDevice.resolve(ScoringJobOptions.DeviceSetting.AUTO, gpus, 2).gpuIndex())
                .isEqualTo(0);
    }

    @Test
    void autoFallsBackToCpuWithoutGpu() {
        assertThat(
                        ScoringDevice.resolve(ScoringJobOptions.DeviceSetting.AUTO, List.of(), 3)
                                .isGpu())
                .isFalse();
        assertThat(ScoringDevice.resolve(ScoringJobOptions.DeviceSetting.AUTO, null, 0).toString())
                .isEqualTo("cpu");
    }

    @Test
    void cpuIgnoresAssignedGpus() {
        assertThat(
                        ScoringDevice.resolve(
                                        ScoringJobOptions.DeviceSetting.CPU, List.of(gpu("0")), 0)
                                .isGpu())
                .isFalse();
    }

    @Test
    void gpuWithoutAssignmentIsAClearError() {
        assertThatThrownBy(
                        () ->
                                ScoringDevice.resolve(
                                        ScoringJobOptions.DeviceSetting.GPU, List.of(), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no GPU assigned");
    }

    @Test
    void aNonNumericIndexIsAClearError() {
        assertThatThrownBy(
                        () ->
                                ScoringDevice.resolve(
                                        ScoringJobOptions.DeviceSetting.AUTO,
                                        List.of(gpu("GPU-7f3a")),
                                        0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("GPU resource info has a non-numeric index 'GPU-7f3a'");
    }

    @Test
    void settingParsesCaseInsensitiveAndRejectsOthers() {
        assertThat(ScoringJobOptions.DeviceSetting.parse(" Auto "))
                .isEqualTo(ScoringJobOptions.DeviceSetting.AUTO);
        assertThatThrownBy(() -> ScoringJobOptions.DeviceSetting.parse("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scoring.device must be one of auto, cpu, gpu; got 'tpu'");
    }
}
