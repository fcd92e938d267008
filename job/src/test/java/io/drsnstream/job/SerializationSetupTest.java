package io.drsnstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.alert.AlertEvent;
import io.drsnstream.job.alert.AlertOverride;
import io.drsnstream.job.alert.SensorHealth;
import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.job.window.PartialWindow;
import io.drsnstream.job.window.RunExtent;
import io.drsnstream.job.window.SampleWindow;
import io.drsnstream.job.window.SensorActivity;
import io.drsnstream.job.window.StreamPosition;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What keeps records cheap to move: Flink's POJO serializer on every hot type, no copies between chained operators. */
class SerializationSetupTest {

    @ParameterizedTest
    @ValueSource(
            classes = {
                ChunkRecord.class,
                SourceCoordinates.class,
                RejectedRecord.class,
                SampleWindow.class,
                ScoringResult.class,
                StreamPosition.class,
                PartialWindow.class,
                RunExtent.class,
                SensorActivity.class,
                AlertEvent.class,
                AlertConfigUpdate.class,
                ModelControlRecord.class,
                AlertOverride.class,
                SensorHealth.class
            })
    void everyTypeOfThePipelineAndItsStateIsAFlinkPojo(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }

    @ParameterizedTest
    @ValueSource(classes = {ChunkRecord.class, AlertConfigUpdate.class, ModelControlRecord.class})
    void whatEverySourceEmitsIsAFlinkPojo(Class<?> valueType) {
        assertThat(Inbound.typeOf(valueType)).isInstanceOf(PojoTypeInfo.class);
        assertThat(((PojoTypeInfo<?>) Inbound.typeOf(valueType)).getTypeAt("value"))
                .isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void theJobReusesObjectsAndRefusesKryoFallbacks() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(
                env,
                ScoringJobConfig.fromMap(
                        Map.of(
                                "bootstrap.servers",
                                "127.0.0.1:9092",
                                "model.dir",
                                System.getProperty("java.io.tmpdir"))));
        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    }
}
