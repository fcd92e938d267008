package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedWindowsTest {

    @TempDir Path tmp;

    @Test
    void recordedWindowsSurviveTheDataSetFileWithTheirLabelsInOrder() throws Exception {
        RecordedWindows recorded = new RecordedWindows(16, 12_800);
        HealthState[] states = {HealthState.HEALTHY, HealthState.BALL, HealthState.HEALTHY};
        for (int i = 0; i < states.length; i++) {
            float[] w = new float[16];
            w[0] = i;
            recorded.add(w, states[i], i == 1 ? Float.NaN : 25f + i, 0.5f, "s" + i, i * 0.1);
        }
        Path file = tmp.resolve("rec.drsnsim");
        DatasetFile.write(recorded.toDataset(), file);
        Dataset read = DatasetFile.read(file);

        assertThat(read.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(read.state(i)).isEqualTo(states[i]);
            assertThat(read.windows()[i][0]).isEqualTo(i);
            assertThat(read.severities()[i]).isNaN();
        }
        assertThat(read.shaftHz()[1]).isNaN();
        assertThat(read.shaftHz()[2]).isEqualTo(27f);
        assertThat(read.spec().speedsHz()).containsExactly(25.0, 27.0);
        assertThat(read.spec().loads()).containsExactly(0.5, 0.5);
        assertThat(read.spec().sampleRateHz()).isEqualTo(12_800);
        assertThat(recorded.sources().get("windowSensor"))
                .isEqualTo(java.util.List.of("s0", "s1", "s2"));
        assertThat(RecordedWindows.sourcesFile(file).getFileName().toString())
                .isEqualTo("rec.drsnsim.sources.json");
    }
}
