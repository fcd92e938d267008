package io.drsnstream.drsn.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    private static final String[] KEYS = {
        EngineSettings.OFFLINE, EngineSettings.INTRA_OP_THREADS, EngineSettings.INTER_OP_THREADS
    };

    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void clear() {
        for (String key : KEYS) {
            before.put(key, System.getProperty(key));
            System.clearProperty(key);
        }
    }

    @AfterEach
    void restore() {
        for (String key : KEYS) {
            if (before.get(key) == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before.get(key));
            }
        }
    }

    @Test
    void defaultsAreOfflineOneInterOpThreadAndTheThreadsAskedFor() {
        EngineSettings.applyDefaults(3);

        assertThat(System.getProperty(EngineSettings.OFFLINE)).isEqualTo("true");
        assertThat(System.getProperty(EngineSettings.INTRA_OP_THREADS)).isEqualTo("3");
        assertThat(System.getProperty(EngineSettings.INTER_OP_THREADS)).isEqualTo("1");
    }

    @Test
    void aValueGivenWithDashDWinsOverTheDefaults() {
        System.setProperty(EngineSettings.OFFLINE, "false");
        System.setProperty(EngineSettings.INTRA_OP_THREADS, "7");

        EngineSettings.applyDefaults(3);

        assertThat(System.getProperty(EngineSettings.OFFLINE)).isEqualTo("false");
        assertThat(System.getProperty(EngineSettings.INTRA_OP_THREADS)).isEqualTo("7");
        assertThat(EngineSettings.threadsInForce())
                .containsEntry(EngineSettings.INTRA_OP_THREADS, "7")
                .containsEntry(EngineSettings.INTER_OP_THREADS, "1");
    }

    @Test
    void zeroThreadsKeepsPyTorchsDefaultAndABenchmarksThreadsWinOverDashD() {
        EngineSettings.applyDefaults(0);
        assertThat(System.getProperty(EngineSettings.INTRA_OP_THREADS)).isNull();

        System.setProperty(EngineSettings.INTRA_OP_THREADS, "7");
        EngineSettings.applyWithIntraOpThreads(2);
        assertThat(System.getProperty(EngineSettings.INTRA_OP_THREADS)).isEqualTo("2");
    }
}
