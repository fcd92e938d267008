package io.drsnstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsnstream.deploy.KubernetesManifests.Document;
import io.drsnstream.job.ScoringJob;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.schemas.Topics;
import io.drsnstream.testing.RepositoryLayout;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks deploy/kubernetes/ without a cluster: every manifest parses into the Flink operator's
 * CRD schema (operator 1.14) or Kubernetes' and Strimzi's model classes with unknown fields
 * failing, and the manifests agree with the code: job arguments that {@link ScoringJobConfig}
 * accepts, Flink keys that Flink has, the topics of {@link Topics}, the image and jar of
 * deploy/Dockerfile.
 */
class KubernetesManifestsTest {

    private static final String FLINK_CRD = "/crds/flinkdeployments.flink.apache.org-v1.yml";
    private static final String FLINK_API_VERSION = "flink.apache.org/v1beta1";
    private static final String MAIN_CONTAINER = "flink-main-container";
    private static final String CPU_DEPLOYMENT = "drsn-scoring";
    private static final String GPU_DEPLOYMENT = "drsn-scoring-gpu";
    private static final String GPU_RESOURCE = "nvidia.com/gpu";

    /** Keys only the GPU deployment sets, or sets differently. */
    private static final Set<String> GPU_ONLY_KEYS =
            Set.of(
                    "external-resources",
                    "external-resource.gpu.driver-factory.class",
                    "external-resource.gpu.amount",
                    "external-resource.gpu.param.discovery-script.path",
                    "external-resource.gpu.kubernetes.config-key");

    private static Path repoRoot;
    private static Path dir;
    private static KubernetesManifests manifests;
    private static CrdSchema flinkCrd;

    @BeforeAll
    static void load() throws IOException {
        repoRoot = RepositoryLayout.root();
        dir = repoRoot.resolve("deploy/kubernetes");
        manifests = KubernetesManifests.readFrom(dir);
        try (var crd = KubernetesManifestsTest.class.getResourceAsStream(FLINK_CRD)) {
            assertThat(crd).as(FLINK_CRD).isNotNull();
            flinkCrd = CrdSchema.of(KubernetesManifests.YAML.readTree(crd), "v1beta1");
        }
    }

    @Test
    void everyManifestIsOfAKindThatIsCheckedHere() {
        assertThat(manifests.documents()).isNotEmpty();
        for (Document d : manifests.documents()) {
            assertThat(d.kind())
                    .as("kind of %s", d)
                    .isIn(
                            "FlinkDeployment",
                            "PersistentVolumeClaim",
                            "KafkaTopic",
                            "Kustomization");
            assertThat(d.name().isEmpty() && !d.kind().equals("Kustomization"))
                    .as("%s has a name", d)
                    .isFalse();
        }
    }

    @Test
    void kustomizationListsTheManifestsThatExist() throws IOException {
        Document kustomization = manifests.ofKind("Kustomization").get(0);
        List<String> resources = new ArrayList<>();
        kustomization.tree().path("resources").forEach(r -> resources.add(r.asText()));
        for (String resource : resources) {
            assertThat(dir.resolve(resource)).as("kustomization resource").exists();
        }
        assertThat(resources)
                .as("the default set: volumes, topics and the CPU deployment")
                .contains("model-pvc.yaml", "kafka-topics.yaml", "flink-deployment.yaml")
                .doesNotContain("flink-deployment-gpu.yaml");
        assertThat(kustomization.tree().path("images").get(0).path("name").asText())
                .as("kustomize renames the job image")
                .isEqualTo(imageName(deployment(CPU_DEPLOYMENT)));
    }

    @Test
    void flinkDeploymentsMatchTheOperatorSchema() {
        List<Document> deployments = manifests.ofKind("FlinkDeployment");
        assertThat(deployments).extracting(Document::name).contains(CPU_DEPLOYMENT, GPU_DEPLOYMENT);
        for (Document d : deployments) {
            assertThat(d.tree().path("apiVersion").asText()).isEqualTo(FLINK_API_VERSION);
            assertThat(flinkCrd.violations(d.tree())).as("schema violations of %s", d).isEmpty();
            StrictModel.bind(d.tree().path("metadata"), ObjectMeta.class, d + " metadata");
        }
    }

    @Test
    void aMisspelledFieldFailsTheSchemaAndTheModelChecks() {
        ObjectNode typo = KubernetesManifests.copy(deployment(CPU_DEPLOYMENT));
        ((ObjectNode) typo.path("spec").path("taskManager")).put("replica", 2);
        assertThat(flinkCrd.violations(typo)).contains("spec.taskManager.replica: unknown field");

        ObjectNode badEnum = KubernetesManifests.copy(deployment(CPU_DEPLOYMENT));
        ((ObjectNode) badEnum.path("spec")).put("flinkVersion", "v2_9");
        assertThat(flinkCrd.violations(badEnum)).anyMatch(v -> v.startsWith("spec.flinkVersion"));

        ObjectNode pod =
                KubernetesManifests.copy(
                        deployment(CPU_DEPLOYMENT).path("spec").path("podTemplate"));
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        container.set("volumeMount", container.remove("volumeMounts"));
        assertThatThrownBy(() -> StrictModel.bind(pod, Pod.class, "pod template"))
                .hasMessageContaining("volumeMount");
    }

    @Test
    void flinkVersionIsTheOneTheBuildUses() throws IOException {
        String flinkVersion = pomProperty("flink.version");
        String[] parts = flinkVersion.split("\\.");
        String expected = "v" + parts[0] + "_" + parts[1];
        assertThat(flinkCrd.enumAt("spec.flinkVersion"))
                .as("operator's FlinkVersion")
                .contains(expected);
        for (Document d : manifests.ofKind("FlinkDeployment")) {
            assertThat(d.tree().path("spec").path("flinkVersion").asText())
                    .as("flinkVersion of %s (parent pom flink.version %s)", d, flinkVersion)
                    .isEqualTo(expected);
        }
    }

    @Test
    void podTemplatesAreKubernetesPodsWithTheirVolumesDefined() {
        Set<String> claims =
                manifests.ofKind("PersistentVolumeClaim").stream()
                        .map(
                                d ->
                                        StrictModel.bind(
                                                d.tree(),
                                                PersistentVolumeClaim.class,
                                                d.toString()))
                        .map(pvc -> pvc.getMetadata().getName())
                        .collect(Collectors.toSet());
        for (Document d : manifests.ofKind("FlinkDeployment")) {
            Pod shared = pod(d, "spec.podTemplate", d.tree().path("spec").path("podTemplate"));
            JsonNode tmTemplate = d.tree().path("spec").path("taskManager").path("podTemplate");
            List<Pod> pods = new ArrayList<>(List.of(shared));
            if (!tmTemplate.isMissingNode()) {
                pods.add(pod(d, "spec.taskManager.podTemplate", tmTemplate));
            }
            Map<String, Volume> volumes = new LinkedHashMap<>();
            pods.forEach(p -> p.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v)));
            for (Pod p : pods) {
                assertThat(p.getSpec().getContainers())
                        .as("containers of %s: the operator merges %s", d, MAIN_CONTAINER)
                        .extracting(Container::getName)
                        .containsOnly(MAIN_CONTAINER);
                for (VolumeMount mount : p.getSpec().getContainers().get(0).getVolumeMounts()) {
                    assertThat(volumes).as("volumes of %s", d).containsKey(mount.getName());
                }
            }
            for (Volume v : volumes.values()) {
                if (v.getPersistentVolumeClaim() != null) {
                    assertThat(claims)
                            .as("claims defined in model-pvc.yaml")
                            .contains(v.getPersistentVolumeClaim().getClaimName());
                }
            }
            assertThat(env(shared)).as("DJL of %s", d).containsEntry("DJL_OFFLINE", "true");
        }
    }

    @Test
    void flinkConfigurationKeysAreFlinkSettingsWithValuesFlinkParses() {
        FlinkConfigKeys known = new FlinkConfigKeys();
        for (Document d : manifests.ofKind("FlinkDeployment")) {
            Map<String, String> config = flinkConfiguration(d);
            List<String> resources =
                    config.containsKey("external-resources")
                            ? Arrays.asList(config.get("external-resources").split(";"))
                            : List.of();
            Configuration parsed = Configuration.fromMap(config);
            config.forEach(
                    (key, value) -> {
                        assertThat(known.isKnown(key, resources))
                                .as("%s of %s is a Flink setting", key, d)
                                .isTrue();
                        known.option(key)
                                .ifPresent(
                                        option ->
                                                assertThat(parse(parsed, option))
                                                        .as("%s: %s of %s", key, value, d)
                                                        .isNotNull());
                    });
        }
    }

    @Test
    void checkpointsSavepointsAndHaAreOnDurableStorage() throws IOException {
        String presto = "flink-s3-fs-presto-" + pomProperty("flink.version") + ".jar";
        for (Document d : manifests.ofKind("FlinkDeployment")) {
            Map<String, String> config = flinkConfiguration(d);
            for (String key :
                    List.of(
                            "execution.checkpointing.dir",
                            "execution.checkpointing.savepoint-dir",
                            "high-availability.storageDir")) {
                assertThat(config.get(key)).as("%s of %s", key, d).startsWith("s3://");
            }
            assertThat(config).containsEntry("high-availability.type", "kubernetes");
            assertThat(config)
                    .containsEntry(
                            "execution.checkpointing.externalized-checkpoint-retention",
                            "RETAIN_ON_CANCELLATION");
            Pod shared = pod(d, "spec.podTemplate", d.tree().path("spec").path("podTemplate"));
            assertThat(env(shared))
                    .as("%s enables the S3 file system plugin the image ships in opt/", d)
                    .containsEntry("ENABLE_BUILT_IN_PLUGINS", presto);
            assertThat(d.tree().path("spec").path("job").path("upgradeMode").asText())
                    .as("upgrades of %s keep state through a savepoint", d)
                    .isEqualTo("savepoint");
        }
    }

    @Test
    void djlLoadsParentFirstAndMetricsGoToPrometheus() {
        for (Document d : manifests.ofKind("FlinkDeployment")) {
            Map<String, String> config = flinkConfiguration(d);
            assertThat(
                            Arrays.asList(
                                    config.getOrDefault(
                                                    "classloader.parent-first-patterns.additional",
                                                    "")
                                            .split(";")))
                    .as("parent-first patterns of %s (DJL natives load once per TaskManager)", d)
                    .contains("ai.djl.");
            assertThat(config.get("env.java.opts.all")).contains("-Dai.djl.offline=true");
            assertThat(config)
                    .containsEntry(
                            "metrics.reporter.prom.factory.class",
                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            int port = Integer.parseInt(config.get("metrics.reporter.prom.port"));
            Pod shared = pod(d, "spec.podTemplate", d.tree().path("spec").path("podTemplate"));
            assertThat(shared.getSpec().getContainers().get(0).getPorts())
                    .as("container ports of %s", d)
                    .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(port));
            assertThat(shared.getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/port", String.valueOf(port));
        }
    }

    @Test
    void jobArgumentsAreAcceptedByTheJobAndUseTheTopicsAndTheModelVolume() {
        Map<String, String> topics = topicsFromKafkaTopics();
        for (Document d : manifests.ofKind("FlinkDeployment")) {
            JsonNode job = d.tree().path("spec").path("job");
            assertThat(job.path("entryClass").asText()).isEqualTo(ScoringJob.class.getName());
            Map<String, String> args = jobArguments(d);

            // The model path is a mount of the model volume; here it is the committed model.
            String modelDir = args.get(ScoringJobOptions.MODEL_DIR.key());
            Pod shared = pod(d, "spec.podTemplate", d.tree().path("spec").path("podTemplate"));
            VolumeMount model =
                    shared.getSpec().getContainers().get(0).getVolumeMounts().stream()
                            .filter(m -> m.getName().equals("model"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no model mount in " + d));
            assertThat(modelDir).as("--model.dir of %s", d).startsWith(model.getMountPath() + "/");
            Path committed = RepositoryLayout.committedModel();
            assertThat(modelDir).endsWith("/" + committed.getFileName());
            Map<String, String> local = new LinkedHashMap<>(args);
            local.put(ScoringJobOptions.MODEL_DIR.key(), committed.toString());
            ScoringJobConfig config = ScoringJobConfig.fromMap(local);

            assertThat(config.chunksTopic).isIn(topics.keySet());
            assertThat(
                            Set.of(
                                    config.chunksTopic,
                                    config.scoresTopic,
                                    config.deadLettersTopic,
                                    config.alertsTopic,
                                    config.alertConfigTopic,
                                    config.modelControlTopic,
                                    config.modelStatusTopic,
                                    config.shadowScoresTopic))
                    .as("topics of %s", d)
                    .isEqualTo(topics.keySet());
            String cluster = topics.values().iterator().next();
            assertThat(config.bootstrapServers)
                    .as("--bootstrap.servers of %s: the Strimzi cluster's bootstrap service", d)
                    .isEqualTo(cluster + "-kafka-bootstrap:9092");
            assertThat(job.path("parallelism").asInt())
                    .as("parallelism of %s", d)
                    .isLessThanOrEqualTo(config.maxParallelism)
                    .isLessThanOrEqualTo(partitions(Topics.SENSOR_CHUNKS));
        }
    }

    @Test
    void gpuDeploymentIsTheCpuOneWithFlinksGpuResource() {
        Document cpu = manifests.named("FlinkDeployment", CPU_DEPLOYMENT);
        Document gpu = manifests.named("FlinkDeployment", GPU_DEPLOYMENT);

        Map<String, String> cpuArgs = jobArguments(cpu);
        Map<String, String> gpuArgs = jobArguments(gpu);
        assertThat(gpuArgs.get("scoring.device")).isEqualTo("gpu");
        cpuArgs.remove("scoring.device");
        gpuArgs.remove("scoring.device");
        assertThat(gpuArgs).as("job arguments but --scoring.device").isEqualTo(cpuArgs);

        Map<String, String> cpuConfig = flinkConfiguration(cpu);
        Map<String, String> gpuConfig = new TreeMap<>(flinkConfiguration(gpu));
        assertThat(cpuConfig.keySet())
                .as("the CPU deployment has no GPU keys")
                .doesNotContainAnyElementsOf(GPU_ONLY_KEYS);
        assertThat(gpuConfig).containsAllEntriesOf(cpuConfig);
        assertThat(gpuConfig.keySet()).containsAll(GPU_ONLY_KEYS);
        assertThat(gpuConfig).containsEntry("external-resources", "gpu");
        assertThat(gpuConfig)
                .containsEntry(
                        "external-resource.gpu.driver-factory.class",
                        "org.apache.flink.externalresource.gpu.GPUDriverFactory");
        assertThat(gpuConfig.get("external-resource.gpu.param.discovery-script.path"))
                .as("the discovery script of the GPU plugin the image ships")
                .isEqualTo("plugins/external-resource-gpu/nvidia-gpu-discovery.sh");
        assertThat(gpuConfig)
                .containsEntry("external-resource.gpu.kubernetes.config-key", GPU_RESOURCE);
        assertThat(gpuConfig)
                .as(
                        "pod templates merge by name, so the GPU template adds to the shared env and volumes")
                .containsEntry(FlinkConfigKeys.OPERATOR_MERGE_ARRAYS_BY_NAME, "true");

        Pod tm =
                pod(
                        gpu,
                        "spec.taskManager.podTemplate",
                        gpu.tree().path("spec").path("taskManager").path("podTemplate"));
        Container main = tm.getSpec().getContainers().get(0);
        assertThat(main.getResources().getLimits())
                .as("GPU limit of the TaskManager pods")
                .containsKey(GPU_RESOURCE);
        assertThat(main.getResources().getLimits().get(GPU_RESOURCE).getAmount())
                .as("GPUs per pod = external-resource.gpu.amount")
                .isEqualTo(gpuConfig.get("external-resource.gpu.amount"));
        assertThat(env(tm)).containsKeys("PYTORCH_FLAVOR", "PYTORCH_LIBRARY_PATH");
        assertThat(main.getVolumeMounts())
                .anySatisfy(
                        m ->
                                assertThat(m.getMountPath())
                                        .isEqualTo(env(tm).get("PYTORCH_LIBRARY_PATH")));
        assertThat(cpu.tree().path("spec").path("taskManager").has("podTemplate"))
                .as("the CPU deployment's TaskManagers ask for no GPU")
                .isFalse();
    }

    @Test
    void imageAndJarAreTheOnesTheDockerfileBuilds() throws IOException {
        String version = pomProperty("version");
        Map<String, String> copies = JobDockerfile.read(repoRoot).copies();
        for (Document d : manifests.ofKind("FlinkDeployment")) {
            assertThat(d.tree().path("spec").path("image").asText())
                    .as("image of %s", d)
                    .isEqualTo("drsn-stream-job:" + version);
            String jarUri = d.tree().path("spec").path("job").path("jarURI").asText();
            assertThat(jarUri).startsWith("local://");
            assertThat(copies.values())
                    .as("the Dockerfile puts the jar at %s", jarUri)
                    .contains(jarUri.substring("local://".length()));
        }
    }

    @Test
    void kafkaTopicsAreStrimziTopicsForEveryTopicTheJobUses() throws IOException {
        Set<String> configKeys = topicConfigKeys();
        List<Document> topics = manifests.ofKind("KafkaTopic");
        for (Document d : topics) {
            KafkaTopic topic = StrictModel.bind(d.tree(), KafkaTopic.class, d.toString());
            String apiVersion = d.tree().path("apiVersion").asText();
            assertThat(KafkaTopic.VERSIONS.stream().map(v -> KafkaTopic.RESOURCE_GROUP + "/" + v))
                    .as("Strimzi API versions")
                    .contains(apiVersion);
            assertThat(topic.getSpec().getPartitions()).as("partitions of %s", d).isPositive();
            assertThat(topic.getSpec().getReplicas())
                    .as("replicas of %s", d)
                    .isGreaterThanOrEqualTo(3);
            topic.getSpec()
                    .getConfig()
                    .keySet()
                    .forEach(k -> assertThat(configKeys).as("topic config of %s", d).contains(k));
        }
        assertThat(topicsFromKafkaTopics().keySet())
                .as("KafkaTopic names")
                .containsExactlyInAnyOrder(
                        Topics.SENSOR_CHUNKS,
                        Topics.SENSOR_SCORES,
                        Topics.DEAD_LETTERS,
                        Topics.SENSOR_ALERTS,
                        Topics.SENSOR_ALERT_CONFIG,
                        Topics.MODEL_CONTROL,
                        Topics.MODEL_STATUS,
                        Topics.SENSOR_SCORES_SHADOW);
        assertThat(
                        manifests
                                .named("KafkaTopic", Topics.SENSOR_ALERT_CONFIG)
                                .tree()
                                .path("spec")
                                .path("config")
                                .path(TopicConfig.CLEANUP_POLICY_CONFIG)
                                .asText())
                .as("alert overrides are compacted: the latest per key is kept")
                .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(new java.util.HashSet<>(topicsFromKafkaTopics().values()))
                .as("every topic belongs to one Strimzi cluster")
                .hasSize(1);
    }

    // ------------------------------------------------------------------------------------------

    private static JsonNode deployment(String name) {
        return manifests.named("FlinkDeployment", name).tree();
    }

    private static String imageName(JsonNode deployment) {
        String image = deployment.path("spec").path("image").asText();
        return image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
    }

    private static Pod pod(Document d, String where, JsonNode template) {
        assertThat(template.isObject()).as("%s of %s", where, d).isTrue();
        return StrictModel.bind(template, Pod.class, d + " " + where);
    }

    private static Map<String, String> env(Pod pod) {
        Map<String, String> env = new LinkedHashMap<>();
        pod.getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    private static Map<String, String> flinkConfiguration(Document d) {
        Map<String, String> config = new LinkedHashMap<>();
        d.tree()
                .path("spec")
                .path("flinkConfiguration")
                .fields()
                .forEachRemaining(
                        e -> {
                            assertThat(e.getValue().isTextual())
                                    .as(
                                            "%s of %s is a string (the operator's map of strings)",
                                            e.getKey(), d)
                                    .isTrue();
                            config.put(e.getKey(), e.getValue().asText());
                        });
        return config;
    }

    private static Map<String, String> jobArguments(Document d) {
        JsonNode args = d.tree().path("spec").path("job").path("args");
        assertThat(args).as("job.args of %s", d).isInstanceOf(ArrayNode.class);
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String key = args.get(i).asText();
            assertThat(key).as("job argument #%d of %s", i, d).startsWith("--");
            assertThat(i + 1).as("%s has a value", key).isLessThan(args.size());
            assertThat(result).doesNotContainKey(key.substring(2));
            result.put(key.substring(2), args.get(i + 1).asText());
        }
        return result;
    }

    /** Topic name -> Strimzi cluster label. */
    private static Map<String, String> topicsFromKafkaTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (Document d : manifests.ofKind("KafkaTopic")) {
            String name = d.tree().path("spec").path("topicName").asText(d.name());
            topics.put(
                    name,
                    d.tree().path("metadata").path("labels").path("strimzi.io/cluster").asText());
        }
        return topics;
    }

    private static int partitions(String topic) {
        return manifests.named("KafkaTopic", topic).tree().path("spec").path("partitions").asInt();
    }

    private static Set<String> topicConfigKeys() {
        Set<String> keys = new java.util.HashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (field.getName().endsWith("_CONFIG") && field.getType() == String.class) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private static Object parse(Configuration config, ConfigOption<?> option) {
        return config.getOptional(option).orElse(null);
    }

    private static String pomProperty(String property) throws IOException {
        String pom = Files.readString(repoRoot.resolve("pom.xml"));
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("%s in the parent pom", property).isTrue();
        return m.group(1).trim();
    }
}
