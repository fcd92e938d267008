package io.drsnstream.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                ScoringDevice.resolve(ScoringDevice.Setting.AUTO, List.of(gpu("2"), gpu("3")));
        assertThat(device.isGpu()).isTrue();
        assertThat(device.gpuIndex()).isEqualTo(2);
    }

    @Test
    void autoFallsBackToCpuWithoutGpu() {
        assertThat(ScoringDevice.resolve(ScoringDevice.Setting.AUTO, List.of()).isGpu()).isFalse();
        assertThat(ScoringDevice.resolve(ScoringDevice.Setting.AUTO, null).toString())
                .isEqualTo("cpu");
    }

    @Test
    void cpuIgnoresAssignedGpus() {
        assertThat(ScoringDevice.resolve(ScoringDevice.Setting.CPU, List.of(gpu("0"))).isGpu())
                .isFalse();
    }

    @Test
    void gpuWithoutAssignmentIsAClearError() {
        assertThatThrownBy(() -> ScoringDevice.resolve(ScoringDevice.Setting.GPU, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no GPU assigned");
    }

    @Test
    void settingParsesCaseInsensitiveAndRejectsOthers() {
        assertThat(ScoringDevice.Setting.parse(" Auto ")).isEqualTo(ScoringDevice.Setting.AUTO);
        assertThatThrownBy(() -> ScoringDevice.Setting.parse("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scoring.device must be one of auto, cpu, gpu; got 'tpu'");
    }
}
