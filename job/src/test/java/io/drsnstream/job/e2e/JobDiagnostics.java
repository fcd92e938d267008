package io.drsnstream.job.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * What a failed end-to-end wait prints about the running job, read through Flink's REST API as an
 * operator would: each vertex's watermarks and the counters that say where a chunk went (windows
 * assembled, cut by gaps, restarts or the idle timeout, late, duplicate, dead letters). A count
 * alone ("63 of 64") says nothing about which operator held or dropped the missing one.
 */
final class JobDiagnostics {

    /** The metrics worth printing: where a chunk or window can end other than in a score. */
    private static final Pattern INTERESTING =
            Pattern.compile(
                    "windowsAssembled|CutBy|idleSensorsFreed|lateChunks|duplicateChunks|gaps"
                            + "|pendingChunkOverflows|sensorRestarts|windowsScored|deadLetters"
                            + "|numRecordsIn$|numRecordsOut$|currentInputWatermark");

    private static final Pattern VERTEX =
            Pattern.compile(
                    "\"id\"\\s*:\\s*\"([0-9a-f]{32})\"\\s*,\\s*\"(?:slotSharingGroupId\"\\s*:\\s*\"[0-9a-f]+\"\\s*,\\s*\")?name\"\\s*:\\s*\"([^\"]*)\"");

    private static final Pattern METRIC_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private JobDiagnostics() {}

    /** The job's vertices with their watermarks and chosen metrics; never throws. */
    static String describe(MiniCluster cluster, JobID job) {
        try {
            URI rest = cluster.getRestAddress().get();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            StringBuilder report = new StringBuilder("The job as its REST API shows it:\n");
            String overview = get(http, rest, "/jobs/" + job);
            Matcher vertices = VERTEX.matcher(overview);
            while (vertices.find()) {
                String id = vertices.group(1);
                report.append("- ").append(vertices.group(2)).append('\n');
                report.append("    watermarks: ")
                        .append(get(http, rest, "/jobs/" + job + "/vertices/" + id + "/watermarks"))
                        .append('\n');
                String metricPath = "/jobs/" + job + "/vertices/" + id + "/metrics";
                List<String> wanted = new ArrayList<>();
                Matcher ids = METRIC_ID.matcher(get(http, rest, metricPath));
                while (ids.find()) {
                    if (INTERESTING.matcher(ids.group(1)).find()) {
                        wanted.add(ids.group(1));
                    }
                }
                if (!wanted.isEmpty()) {
                    report.append("    metrics: ")
                            .append(
                                    get(
                                            http,
                                            rest,
                                            metricPath
                                                    + "?get="
                                                    + wanted.stream()
                                                            .map(
                                                                    m ->
                                                                            java.net.URLEncoder
                                                                                    .encode(
                                                                                            m,
                                                                                            StandardCharsets
                                                                                                    .UTF_8))
                                                            .collect(Collectors.joining(","))))
                            .append('\n');
                }
            }
            return report.toString();
        } catch (Exception e) {
            return "(the job's REST API could not be read: " + e + ")";
        }
    }

    private static String get(HttpClient http, URI rest, String path) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
