package io.drsnstream.drsn.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.drsnstream.testing.RepositoryLayout;
import org.junit.jupiter.api.Test;

class PyTorchNnpackTest {

    /**
     * With NNPACK's user switch on, every small-batch convolution on a CPU NNPACK does not support
     * writes a warning to stderr (25 lines per inference); loading a model switches it off in the
     * libtorch the JVM loaded. The switch is read back from libtorch itself.
     */
    @Test
    void loadingAModelSwitchesNnpackOffInTheLoadedLibTorch() throws Exception {
        try (ModelArtifact model =
                ModelArtifact.load(RepositoryLayout.committedModel(), Device.cpu())) {
            assertThat(PyTorchNnpack.disable()).isTrue();
            assertThat(PyTorchNnpack.enabled()).contains(false);
            try (Scorer scorer = model.newScorer(1)) {
                assertThat(scorer.score(new float[1][model.getMetadata().windowLength()]))
                        .hasSize(1);
            }
        }
    }
}
