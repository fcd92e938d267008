package io.drsnstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalKafkaBrokerMainTest {

    @Test
    void topicsAreNameColonPartitions() {
        assertThat(LocalKafkaBrokerMain.parseTopics(List.of("sensor-chunks:4", "a:b:1")))
                .containsExactly(Map.entry("sensor-chunks", 4), Map.entry("a:b", 1));
    }

    @Test
    void aTopicWithoutPartitionsIsAClearError() {
        assertThatThrownBy(() -> LocalKafkaBrokerMain.parseTopics(List.of("sensor-chunks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--topic must be NAME:PARTITIONS, e.g. sensor-chunks:4; got 'sensor-chunks'");
        assertThatThrownBy(() -> LocalKafkaBrokerMain.parseTopics(List.of("t:0")))
                .hasMessage("--topic t:0: partitions must be a number >= 1");
    }
}
