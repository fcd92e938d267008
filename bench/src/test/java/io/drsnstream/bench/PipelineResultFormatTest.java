package io.drsnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.bench.pipeline.DrainPhase;
import io.drsnstream.bench.pipeline.KafkaBaselinePhase;
import io.drsnstream.bench.pipeline.KafkaTools;
import io.drsnstream.bench.pipeline.LatencySummary;
import io.drsnstream.bench.pipeline.ModelOnlyPhase;
import io.drsnstream.bench.pipeline.PacedLoad;
import io.drsnstream.bench.pipeline.PacedPhase;
import io.drsnstream.bench.pipeline.SoakRecorder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The phases' result records, written as PipelineBenchmark writes them, have the fields (names and
 * order) that result files always had: PlotResults and earlier results depend on them.
 */
class PipelineResultFormatTest {

    private static final List<String> LATENCY_FIELDS =
            List.of(
                    "count",
                    "meanMs",
                    "minMs",
                    "p50Ms",
                    "p90Ms",
                    "p95Ms",
                    "p99Ms",
                    "p999Ms",
                    "maxMs",
                    "overflow");
    private static final List<String> BACKLOG_FIELDS =
            List.of("sensors", "chunksPerSensor", "chunks", "bytes", "produceSeconds");
    private static final List<String> PACED_FIELDS =
            List.of(
                    "fleet",
                    "targetWindowsPerSecond",
                    "warmupSeconds",
                    "measuredSeconds",
                    "chunksSent",
                    "expectedWindows",
                    "measuredWindows",
                    "complete",
                    "windowsBeforeSpan",
                    "windowsAfterSpan",
                    "achievedWindowsPerSecond",
                    "latency",
                    "latencyUntilScored",
                    "latencyScoredToReadable",
                    "producerLateness",
                    "cpuCoresByThread");

    private static final KafkaTools.Backlog BACKLOG =
            new KafkaTools.Backlog(8, 320, 2560, 2_828_288, 0.9);
    private static final LatencySummary LATENCY =
            new LatencySummary(704, 739.9, 12L, 749, 1108, 1161, 1225, 1229, 1229L, 0);
    private static final LatencySummary EMPTY =
            new LatencySummary(0, null, null, -1, -1, -1, -1, -1, null, 0);

    private static JsonObject written(Object result) {
        return JsonParser.parseString(PipelineBenchmark.resultGson().toJson(result))
                .getAsJsonObject();
    }

    @Test
    void modelAndKafkaPhases() {
        JsonObject model =
                written(
                        new ModelOnlyPhase.Result(
                                1,
                                Map.of("ai.djl.pytorch.num_threads", "1"),
                                List.of(new ModelOnlyPhase.BatchRun(64, 2112, 1.0, 2112.0))));
        assertThat(model.keySet()).containsExactly("threads", "engine", "runs");
        assertThat(model.getAsJsonArray("runs").get(0).getAsJsonObject().keySet())
                .containsExactly("batch", "windows", "seconds", "windowsPerSecond");

        JsonObject kafka =
                written(
                        new KafkaBaselinePhase.Result(
                                BACKLOG, 1, 2560, 320, 228, 0.2, 12_291, 1536, 13.8, 0.35));
        assertThat(kafka.keySet())
                .containsExactly(
                        "backlog",
                        "threads",
                        "records",
                        "outputRecords",
                        "outputRecordBytes",
                        "seconds",
                        "recordsPerSecond",
                        "windowsPerSecond",
                        "mbPerSecondIn",
                        "mbPerSecondOut");
        assertThat(kafka.getAsJsonObject("backlog").keySet())
                .containsExactlyElementsOf(BACKLOG_FIELDS);
    }

    @Test
    void drainPhaseLeavesOutTheSubmitTimesWhenNoScoreWasRead() {
        List<String> fields =
                List.of(
                        "backlog",
                        "expectedWindows",
                        "windows",
                        "complete",
                        "duplicates",
                        "windowsPerSecond",
                        "cpuCoresByThread",
                        "windowsPerSecondLaterHalf",
                        "samplesPerSecond",
                        "scoringSpanSeconds",
                        "visibleWindowsPerSecond",
                        "visibleSpanSeconds");
        JsonObject drain =
                written(
                        new DrainPhase.Result(
                                BACKLOG,
                                320,
                                320,
                                true,
                                0,
                                396.9,
                                Map.of("total", 1.19),
                                449.1,
                                812_849.6,
                                0.645,
                                Double.NaN,
                                0.0,
                                1.85,
                                1.85));
        assertThat(drain.keySet())
                .containsExactlyElementsOf(
                        concat(
                                fields,
                                List.of(
                                        "secondsFromSubmitToFirstScore",
                                        "secondsFromSubmitToLastScore")));
        assertThat(drain.get("visibleWindowsPerSecond").getAsDouble()).isNaN();

        JsonObject none =
                written(
                        new DrainPhase.Result(
                                BACKLOG,
                                320,
                                0,
                                false,
                                0,
                                Double.NaN,
                                Map.of(),
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                null,
                                null));
        assertThat(none.keySet()).containsExactlyElementsOf(fields);
    }

    @Test
    void latencyRunsHaveNoMemoryNoCsvAndANoteOnlyWhenSensorsWereRaised() {
        JsonObject latency = written(paced(null, null, null));
        assertThat(latency.keySet())
                .containsExactlyElementsOf(concat(PACED_FIELDS, List.of("load")));
        assertThat(latency.getAsJsonObject("fleet").keySet())
                .containsExactlyInAnyOrder(
                        "sensors",
                        "chunkSamples",
                        "windowLength",
                        "hop",
                        "offeredWindowsPerSecond");
        assertThat(latency.getAsJsonObject("latency").keySet())
                .containsExactlyElementsOf(LATENCY_FIELDS);
        // An empty histogram's figures are written as null, not left out.
        assertThat(latency.getAsJsonObject("producerLateness").keySet())
                .containsExactlyElementsOf(LATENCY_FIELDS);
        assertThat(latency.getAsJsonObject("producerLateness").get("meanMs").isJsonNull()).isTrue();

        JsonObject noted =
                written(paced("sensors raised from 1 to the partition count 2", null, null));
        assertThat(noted.keySet())
                .containsExactlyElementsOf(
                        concat(
                                List.of("fleet", "targetWindowsPerSecond", "note"),
                                concat(
                                        PACED_FIELDS.subList(2, PACED_FIELDS.size()),
                                        List.of("load"))));
    }

    @Test
    void soakRunsAddMemoryAndTheirCsv() {
        JsonObject soak =
                written(
                        paced(
                                null,
                                new SoakRecorder.MemorySummary(
                                        6, 428.5, 746.0, 1014.8, 1014.8, 1070.0),
                                "bench/results/pipeline-x-soak.csv"));
        assertThat(soak.keySet())
                .containsExactlyElementsOf(concat(PACED_FIELDS, List.of("memory", "load", "csv")));
        assertThat(soak.getAsJsonObject("memory").keySet())
                .containsExactly(
                        "samples",
                        "heapUsedMaxMb",
                        "rssFirstMb",
                        "rssLastMb",
                        "rssMaxMb",
                        "rssSlopeSecondHalfMbPerMinute");
    }

    private static PacedPhase.Result paced(
            String note, SoakRecorder.MemorySummary memory, String csv) {
        return new PacedPhase.Result(
                new PacedLoad.Fleet(32, 256, 2048, 2048, 200.0),
                200.0,
                note,
                2.0,
                3.46,
                3200,
                704,
                704,
                true,
                0,
                12,
                203.5,
                LATENCY,
                LATENCY,
                LATENCY,
                EMPTY,
                Map.of("total", 1.46),
                memory,
                0.5,
                csv);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
