package io.drsnstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.schemas.Topics;
import io.drsnstream.testing.RepositoryLayout;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks the docker-compose deployment at the repository root. No Docker engine runs in CI, so
 * the file is parsed and its wiring checked here instead: the job's arguments against
 * {@link ScoringJobOptions}, the topics against {@link Topics}, the job image against
 * deploy/Dockerfile, mounts against what the build produces, loopback-only ports, volumes, restart
 * policies, health checks, the opt-in GPU TaskManager, and the metrics path: Flink's Prometheus
 * reporter, the Prometheus scrape configuration and the Grafana dashboard's metric names against
 * the metrics the job registers.
 */
class ComposeFileTest {

    private static final String JOB_MAIN_CLASS = "io.drsnstream.job.ScoringJob";
    private static final String JOB_JAR_SOURCE = "./job/target/drsn-stream-job.jar";

    /** The job image: the official Flink image + the job jar + DJL in lib/ (shared with Kubernetes). */
    private static final String JOB_DOCKERFILE = "deploy/Dockerfile";

    private static final String PROMETHEUS_REPORTER_FACTORY =
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    private static final String PROMETHEUS_CONFIG_SOURCE = "./deploy/compose/prometheus.yml";
    private static final String GRAFANA_PROVISIONING_SOURCE =
            "./deploy/compose/grafana/provisioning";
    private static final String GRAFANA_DASHBOARDS_SOURCE = "./deploy/compose/grafana/dashboards";

    /** Services that run once and exit; every other service is restarted unless stopped. */
    private static final Set<String> ONE_SHOT_SERVICES = Set.of("kafka-init", "flink-volumes-init");

    private static final String DEMO_JAR_SOURCE = "./demo/target/drsn-stream-demo.jar";
    private static final String MODEL_DIR_SOURCE = "./models/drsn-cw";
    private static final String GPU_DRIVER_FACTORY =
            "org.apache.flink.externalresource.gpu.GPUDriverFactory";
    private static final long KAFKA_DEFAULT_TRANSACTION_MAX_TIMEOUT_MS = 900_000L;

    /** Options of Flink's standalone-job entry point (not the job's): each takes a value. */
    private static final Set<String> FLINK_ENTRYPOINT_OPTIONS_WITH_VALUE =
            Set.of(
                    "--job-classname",
                    "-j",
                    "--jars",
                    "--job-id",
                    "-jid",
                    "--fromSavepoint",
                    "-s",
                    "--configDir",
                    "-c",
                    "--host",
                    "--webui-port",
                    "-r");

    private static final Set<String> FLINK_ENTRYPOINT_FLAGS =
            Set.of("--allowNonRestoredState", "-n");

    private static Path repoRoot;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void load() throws IOException {
        repoRoot = RepositoryLayout.root();
        Path composeFile = repoRoot.resolve("docker-compose.yml");
        try (Reader reader = Files.newBufferedReader(composeFile, StandardCharsets.UTF_8)) {
            compose =
                    map(
                            new Yaml(new SafeConstructor(new LoaderOptions())).load(reader),
                            "docker-compose.yml");
        }
        services = new LinkedHashMap<>();
        map(compose.get("services"), "services")
                .forEach((name, body) -> services.put(name, map(body, name)));
        assertThat(services).as("services in docker-compose.yml").isNotEmpty();
    }

    @Test
    void everyServiceHasAnImageOrABuild() {
        services.forEach(
                (name, service) ->
                        assertThat(service.containsKey("image") || service.containsKey("build"))
                                .as("service '%s' names an image or a build", name)
                                .isTrue());
    }

    @Test
    void imagesMatchTheVersionsTheBuildUses() throws IOException {
        String pom = Files.readString(repoRoot.resolve("pom.xml"));
        String flinkVersion = pomProperty(pom, "flink.version");
        String kafkaVersion = pomProperty(pom, "kafka.version");
        String projectVersion = pomProperty(pom, "version");
        services.forEach(
                (name, service) -> {
                    String image = string(service.get("image"));
                    if (image == null) {
                        return;
                    }
                    if (image.startsWith("flink:")) {
                        assertThat(image)
                                .as("Flink image of '%s' (parent pom flink.version)", name)
                                .startsWith("flink:" + flinkVersion + "-")
                                .contains("java17");
                    }
                    if (image.startsWith("drsn-stream-job:")) {
                        assertThat(image)
                                .as("job image of '%s' (the project version)", name)
                                .isEqualTo("drsn-stream-job:" + projectVersion);
                    }
                    if (image.startsWith("apache/kafka:")) {
                        assertThat(image)
                                .as("Kafka image of '%s' (parent pom kafka.version)", name)
                                .isEqualTo("apache/kafka:" + kafkaVersion);
                    }
                });
    }

    @Test
    void cpuPathIsTheDefault() {
        Set<String> withoutProfile =
                services.entrySet().stream()
                        .filter(e -> list(e.getValue().get("profiles")).isEmpty())
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(withoutProfile)
                .as("services that `docker compose up` starts")
                .contains(
                        "kafka",
                        "kafka-init",
                        "jobmanager",
                        "taskmanager",
                        "prometheus",
                        "grafana");

        Map<String, Object> cpuTaskManager = service("taskmanager");
        assertThat(gpuDevices(cpuTaskManager))
                .as("the default TaskManager reserves no GPU")
                .isEmpty();
        assertThat(flinkProperties(cpuTaskManager))
                .as("the default TaskManager has no GPU resource")
                .doesNotContainKey("external-resources");
        assertThat(commandText(cpuTaskManager)).contains("taskmanager");

        services.forEach(
                (name, service) -> {
                    if (!gpuDevices(service).isEmpty()) {
                        assertThat(list(service.get("profiles")))
                                .as("'%s' reserves a GPU, so it is opt-in", name)
                                .contains("gpu");
                    }
                });
    }

    @Test
    void gpuTaskManagerIsOptInAndGetsAGpuFromDockerAndFlink() {
        Map<String, Object> gpu = service("taskmanager-gpu");
        assertThat(list(gpu.get("profiles")))
                .as("profiles of taskmanager-gpu")
                .containsExactly("gpu");

        List<Map<String, Object>> devices = gpuDevices(gpu);
        assertThat(devices)
                .as("deploy.resources.reservations.devices of taskmanager-gpu")
                .isNotEmpty();
        assertThat(devices)
                .anySatisfy(
                        device -> {
                            assertThat(device.get("driver")).isEqualTo("nvidia");
                            assertThat(list(device.get("capabilities"))).contains("gpu");
                        });

        Map<String, String> props = flinkProperties(gpu);
        assertThat(Arrays.asList(props.getOrDefault("external-resources", "").split("[;,]")))
                .as("external-resources")
                .contains("gpu");
        assertThat(props.get("external-resource.gpu.amount"))
                .as("external-resource.gpu.amount")
                .isNotNull()
                .matches("[1-9][0-9]*");
        assertThat(props.get("external-resource.gpu.driver-factory.class"))
                .isEqualTo(GPU_DRIVER_FACTORY);
        assertThat(commandText(gpu)).contains("taskmanager");

        // The GPU driver is a Flink plugin: the container must make sure its jar is under plugins/.
        String startup = commandText(gpu);
        assertThat(startup)
                .as("taskmanager-gpu puts the GPU plugin jar into plugins/")
                .containsPattern(
                        "cp\\s+/opt/flink/opt/flink-external-resource-gpu-\\*\\.jar\\s+"
                                + "/opt/flink/plugins/external-resource-gpu/?");
        String discovery =
                props.getOrDefault(
                        "external-resource.gpu.param.discovery-script.path",
                        "plugins/external-resource-gpu/nvidia-gpu-discovery.sh");
        assertThat(discovery)
                .as("discovery script (default: the plugin's own)")
                .contains("plugins/");

        Map<String, String> env = environment(gpu);
        assertThat(env).as("taskmanager-gpu environment").containsKey("PYTORCH_FLAVOR");
        assertThat(env.get("PYTORCH_FLAVOR")).startsWith("cu");
        assertThat(env.get("PYTORCH_LIBRARY_PATH"))
                .as("PYTORCH_LIBRARY_PATH (the CUDA natives, provided)")
                .isNotNull();
        assertThat(mountTargets(gpu))
                .as("taskmanager-gpu mounts the CUDA natives")
                .contains(env.get("PYTORCH_LIBRARY_PATH"));
    }

    @Test
    void jobArgumentsAreKnownJobOptionsWithTheRequiredOnes() {
        Map<String, String> args = jobArguments();
        Set<String> known =
                ScoringJobOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toSet());
        args.keySet()
                .forEach(
                        key ->
                                assertThat(
                                                known.contains(key)
                                                        || key.startsWith(
                                                                ScoringJobOptions
                                                                        .KAFKA_PASSTHROUGH_PREFIX))
                                        .as(
                                                "job argument --%s is a current ScoringJobOptions key or a kafka.* passthrough",
                                                key)
                                        .isTrue());
        assertThat(args)
                .as("job arguments")
                .containsKeys(
                        ScoringJobOptions.BOOTSTRAP_SERVERS.key(),
                        ScoringJobOptions.MODEL_DIR.key());
        args.forEach((key, value) -> assertThat(value).as("value of --%s", key).isNotBlank());
    }

    @Test
    void jobReadsAndWritesTheComposeKafkaOnItsInternalListener() {
        Map<String, String> args = jobArguments();
        assertThat(args.get(ScoringJobOptions.BOOTSTRAP_SERVERS.key()))
                .as("--bootstrap.servers")
                .isEqualTo(internalKafkaAddress());
        Set<String> created = kafkaInitTopics().keySet();
        Configuration jobConfiguration = Configuration.fromMap(args);
        for (ConfigOption<String> topic :
                List.of(
                        ScoringJobOptions.TOPIC_CHUNKS,
                        ScoringJobOptions.TOPIC_SCORES,
                        ScoringJobOptions.TOPIC_DEAD_LETTERS,
                        ScoringJobOptions.TOPIC_ALERTS,
                        ScoringJobOptions.TOPIC_ALERT_CONFIG,
                        ScoringJobOptions.TOPIC_MODEL_CONTROL,
                        ScoringJobOptions.TOPIC_MODEL_STATUS,
                        ScoringJobOptions.TOPIC_SCORES_SHADOW)) {
            String name = jobConfiguration.get(topic);
            assertThat(created)
                    .as("--%s=%s is created by kafka-init", topic.key(), name)
                    .contains(name);
        }
    }

    @Test
    void modelDirectoryArgumentIsTheMountedModel() {
        String modelDir = jobArguments().get(ScoringJobOptions.MODEL_DIR.key());
        Map<String, Object> jobManager = jobService().getValue();
        assertThat(mounts(jobManager))
                .as("the JobManager mounts the model where --model.dir points")
                .anySatisfy(
                        m -> {
                            assertThat(m.source).isEqualTo(MODEL_DIR_SOURCE);
                            assertThat(m.target).isEqualTo(modelDir);
                            assertThat(m.readOnly).as("model mounted read-only").isTrue();
                        });
        for (String tm : taskManagers()) {
            assertThat(mounts(service(tm)))
                    .as("'%s' mounts the model at %s", tm, modelDir)
                    .anySatisfy(
                            m -> {
                                assertThat(m.source).isEqualTo(MODEL_DIR_SOURCE);
                                assertThat(m.target).isEqualTo(modelDir);
                                assertThat(m.readOnly).isTrue();
                            });
        }
    }

    @Test
    void transactionTimeoutFitsTheBrokerMaximum() {
        long jobTimeout =
                Configuration.fromMap(jobArguments())
                        .get(ScoringJobOptions.TRANSACTION_TIMEOUT)
                        .toMillis();
        String brokerValue = environment(service("kafka")).get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS");
        long brokerMax =
                brokerValue != null
                        ? Long.parseLong(brokerValue)
                        : KAFKA_DEFAULT_TRANSACTION_MAX_TIMEOUT_MS;
        assertThat(jobTimeout)
                .as("job transaction.timeout <= broker transaction.max.timeout.ms")
                .isLessThanOrEqualTo(brokerMax);
    }

    @Test
    void jarsAndModelAreMountedFromWhatTheBuildProducesOrTheRepoHolds() throws IOException {
        Set<String> sources =
                services.values().stream()
                        .flatMap(s -> mounts(s).stream())
                        .filter(m -> m.bind)
                        .map(m -> m.source)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(sources).as("bind-mount sources").contains(DEMO_JAR_SOURCE, MODEL_DIR_SOURCE);

        // The jars exist only after `package`: their names must be the ones the shade plugin
        // writes.
        assertThat(Files.readString(repoRoot.resolve("job/pom.xml")))
                .as("job/pom.xml shade outputFile")
                .containsPattern(
                        "<outputFile>\\$\\{project\\.build\\.directory\\}/drsn-stream-job\\.jar</outputFile>");
        String demoPom = Files.readString(repoRoot.resolve("demo/pom.xml"));
        if (demoPom.contains("maven-shade-plugin")) {
            assertThat(demoPom)
                    .as("demo/pom.xml shade outputFile")
                    .contains("drsn-stream-demo.jar");
        }
        Path model = repoRoot.resolve("models/drsn-cw");
        if (Files.isDirectory(model)) {
            assertThat(model.resolve("model.json")).as("committed model artifact").exists();
        }

        for (String source : sources) {
            assertThat(source)
                    .as("bind-mount source is relative to the repository")
                    .startsWith("./");
            if (source.equals(JOB_JAR_SOURCE)
                    || source.equals(DEMO_JAR_SOURCE)
                    || source.equals(MODEL_DIR_SOURCE)) {
                continue;
            }
            assertThat(repoRoot.resolve(source))
                    .as("bind-mount source %s exists in the repository", source)
                    .exists();
        }
        services.forEach(
                (name, service) ->
                        mounts(service).stream()
                                .filter(
                                        m ->
                                                m.bind
                                                        && (m.source.equals(JOB_JAR_SOURCE)
                                                                || m.source.equals(
                                                                        DEMO_JAR_SOURCE)))
                                .forEach(
                                        m ->
                                                assertThat(m.readOnly)
                                                        .as(
                                                                "'%s' mounts %s read-only",
                                                                name, m.source)
                                                        .isTrue()));
    }

    @Test
    void everyFlinkProcessRunsTheJobImageWithTheJarWhereTheJobManagerLooksForIt()
            throws IOException {
        Map.Entry<String, Map<String, Object>> job = jobService();
        String jar =
                command(job.getValue()).stream()
                        .filter(a -> a.endsWith(".jar"))
                        .findFirst()
                        .orElse("/opt/flink/usrlib/drsn-stream-job.jar");
        assertThat(jar)
                .as("application mode reads the user jar from usrlib")
                .startsWith("/opt/flink/usrlib/");

        // One image for every Flink process, built from the Dockerfile Kubernetes uses too.
        Map<String, Object> build = map(job.getValue().get("build"), job.getKey() + ".build");
        assertThat(string(build.get("context"))).as("build context").isEqualTo(".");
        assertThat(string(build.get("dockerfile"))).as("dockerfile").isEqualTo(JOB_DOCKERFILE);
        String image = string(job.getValue().get("image"));
        List<String> flink = new ArrayList<>(taskManagers());
        flink.add(job.getKey());
        for (String name : flink) {
            assertThat(string(service(name).get("image")))
                    .as("image of '%s'", name)
                    .isEqualTo(image);
            assertThat(mounts(service(name)))
                    .as("'%s' takes the job jar from the image, not from a mount", name)
                    .noneSatisfy(m -> assertThat(m.source).isEqualTo(JOB_JAR_SOURCE));
        }

        // The image puts the shaded jar where --jars points, and DJL into Flink's lib/.
        Map<String, String> copies = dockerfileCopies();
        assertThat(copies)
                .as("COPY instructions of %s (source -> target)", JOB_DOCKERFILE)
                .containsEntry(JOB_JAR_SOURCE.substring(2), jar)
                .containsEntry("job/target/flink-lib/", "/opt/flink/lib/");
        assertThat(Files.readString(repoRoot.resolve("job/pom.xml")))
                .as("job/pom.xml writes the jar the Dockerfile copies")
                .containsPattern(
                        "<outputFile>\\$\\{project\\.build\\.directory\\}/drsn-stream-job\\.jar</outputFile>");
    }

    @Test
    void djlAndPyTorchLoadOnceFromLibOnEveryFlinkProcess() {
        List<String> flink = new ArrayList<>(taskManagers());
        flink.add(jobService().getKey());
        for (String name : flink) {
            // A native library binds to one classloader per JVM: DJL must come from lib/, parent
            // first, or a job restart on a surviving TaskManager fails with UnsatisfiedLinkError.
            assertThat(
                            Arrays.asList(
                                    flinkProperties(service(name))
                                            .getOrDefault(
                                                    "classloader.parent-first-patterns.additional",
                                                    "")
                                            .split(";")))
                    .as("classloader.parent-first-patterns.additional of '%s'", name)
                    .contains("ai.djl.");
        }
    }

    @Test
    void kafkaKeepsItsDataOnANamedVolume() {
        Map<String, Object> kafka = service("kafka");
        String logDirs = environment(kafka).get("KAFKA_LOG_DIRS");
        assertThat(logDirs).as("KAFKA_LOG_DIRS").isNotNull();
        Set<String> declared = map(compose.getOrDefault("volumes", Map.of()), "volumes").keySet();
        for (String dir : logDirs.split(",")) {
            assertThat(mounts(kafka))
                    .as("kafka mounts a named volume at its log directory %s", dir)
                    .anySatisfy(
                            m -> {
                                assertThat(m.target).isEqualTo(dir);
                                assertThat(m.bind).isFalse();
                                assertThat(m.readOnly).isFalse();
                                assertThat(declared).contains(m.source);
                            });
        }
    }

    @Test
    void longRunningServicesRestartAndOneShotServicesDoNot() {
        services.forEach(
                (name, service) -> {
                    String restart = string(service.get("restart"));
                    if (ONE_SHOT_SERVICES.contains(name)) {
                        assertThat(restart).as("restart of one-shot '%s'", name).isEqualTo("no");
                    } else {
                        assertThat(restart)
                                .as("restart of long-running '%s'", name)
                                .isIn("unless-stopped", "always");
                    }
                });
    }

    @Test
    void everyFlinkProcessReportsToPrometheusAndPrometheusScrapesIt() throws IOException {
        Map<String, Object> prometheus = service("prometheus");
        Mount config =
                mounts(prometheus).stream()
                        .filter(m -> m.source.equals(PROMETHEUS_CONFIG_SOURCE))
                        .findFirst()
                        .orElseGet(() -> fail("prometheus mounts %s", PROMETHEUS_CONFIG_SOURCE));
        assertThat(command(prometheus))
                .as("prometheus reads the mounted configuration")
                .contains("--config.file=" + config.target);
        Map<String, Set<Integer>> scraped = prometheusTargets();

        List<String> flink = new ArrayList<>(taskManagers());
        flink.add(jobService().getKey());
        for (String name : flink) {
            Map<String, String> props = flinkProperties(service(name));
            assertThat(props.get("metrics.reporter.prom.factory.class"))
                    .as("Prometheus reporter of '%s'", name)
                    .isEqualTo(PROMETHEUS_REPORTER_FACTORY);
            String port = props.get("metrics.reporter.prom.port");
            assertThat(port).as("metrics.reporter.prom.port of '%s'", name).matches("\\d+");
            assertThat(scraped)
                    .as("Prometheus scrape targets (service name -> ports)")
                    .containsKey(name);
            assertThat(scraped.get(name))
                    .as("ports Prometheus scrapes on '%s'", name)
                    .contains(Integer.parseInt(port));
        }
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboard() throws IOException {
        Map<String, Object> grafana = service("grafana");
        assertThat(dependsOn("grafana")).containsKey("prometheus");
        Mount provisioning = bindMount(grafana, GRAFANA_PROVISIONING_SOURCE);
        assertThat(provisioning.target).isEqualTo("/etc/grafana/provisioning");
        Mount dashboards = bindMount(grafana, GRAFANA_DASHBOARDS_SOURCE);

        Path provisioningDir = repoRoot.resolve(GRAFANA_PROVISIONING_SOURCE);
        Map<String, Object> datasources =
                yaml(provisioningDir.resolve("datasources/prometheus.yml"));
        List<Object> sources = list(datasources.get("datasources"));
        assertThat(sources).as("provisioned data sources").hasSize(1);
        Map<String, Object> datasource = map(sources.get(0), "datasource");
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat(string(datasource.get("url")))
                .as("data source url: the compose Prometheus on its container port")
                .isEqualTo("http://prometheus:" + containerPort(service("prometheus")));

        Map<String, Object> providers = yaml(provisioningDir.resolve("dashboards/drsn-stream.yml"));
        assertThat(list(providers.get("providers")))
                .as("dashboard providers read the mounted dashboards directory")
                .anySatisfy(
                        p ->
                                assertThat(map(map(p, "provider").get("options"), "options"))
                                        .containsEntry("path", dashboards.target));

        Map<String, Object> dashboard = dashboard();
        assertThat(string(dashboard.get("uid"))).as("dashboard uid").isNotBlank();
        List<Map<String, Object>> panels = panels(dashboard);
        assertThat(panels).as("dashboard panels").isNotEmpty();
        for (Map<String, Object> panel : panels) {
            assertThat(map(panel.get("datasource"), "datasource").get("uid"))
                    .as("data source of panel '%s'", panel.get("title"))
                    .isEqualTo(datasource.get("uid"));
            assertThat(list(panel.get("targets")))
                    .as("queries of panel '%s'", panel.get("title"))
                    .isNotEmpty();
        }
        Set<String> titles =
                panels.stream()
                        .map(p -> string(p.get("title")).toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet());
        assertThat(titles)
                .as("what the dashboard shows")
                .anySatisfy(t -> assertThat(t).contains("throughput"))
                .anySatisfy(t -> assertThat(t).contains("lag"))
                .anySatisfy(t -> assertThat(t).contains("latency"))
                .anySatisfy(t -> assertThat(t).contains("dead letters"))
                .anySatisfy(t -> assertThat(t).contains("alerts"));
    }

    @Test
    void dashboardQueriesOnlyMetricsThatTheJobOrFlinkRegisters() throws IOException {
        Set<String> jobMetrics = JobMetricNames.registeredIn(repoRoot.resolve("job/src/main/java"));
        assertThat(jobMetrics)
                .as("metrics the job registers")
                .contains("windowsScored", "inferenceLatencyMs", "deadLetters_", "activeAlerts");
        Set<String> dashboardMetrics = new LinkedHashSet<>();
        for (Map<String, Object> panel : panels(dashboard())) {
            for (Object target : list(panel.get("targets"))) {
                String expr = string(map(target, "target").get("expr"));
                assertThat(expr).as("query of panel '%s'", panel.get("title")).isNotBlank();
                dashboardMetrics.addAll(JobMetricNames.prometheusNamesIn(expr));
            }
        }
        assertThat(dashboardMetrics).as("metric names in the dashboard's queries").isNotEmpty();
        for (String metric : dashboardMetrics) {
            assertThat(JobMetricNames.isKnown(metric, jobMetrics))
                    .as(
                            "%s is a metric the job registers (operator scope) or one of Flink's own that the dashboard uses",
                            metric)
                    .isTrue();
        }
        assertThat(dashboardMetrics)
                .as("the dashboard shows every dead-letter reason (a name pattern over the group)")
                .contains(JobMetricNames.OPERATOR_SCOPE + "deadLetters_");
    }

    @Test
    void publishedPortsAreBoundToLoopback() {
        services.forEach(
                (name, service) -> {
                    for (Object port : list(service.get("ports"))) {
                        String hostIp;
                        if (port instanceof Map<?, ?> longSyntax) {
                            hostIp = string(longSyntax.get("host_ip"));
                        } else {
                            String[] parts = String.valueOf(port).split(":");
                            hostIp = parts.length == 3 ? parts[0] : null;
                        }
                        assertThat(hostIp)
                                .as("host address of port %s of '%s'", port, name)
                                .isEqualTo("127.0.0.1");
                    }
                });
        assertThat(list(service("jobmanager").get("ports"))).as("Flink web UI").isNotEmpty();
        assertThat(list(service("kafka").get("ports"))).as("Kafka for host clients").isNotEmpty();
    }

    @Test
    void kafkaInitCreatesExactlyTheJobsTopicsAfterKafkaIsHealthy() {
        Map<String, Integer> topics = kafkaInitTopics();
        assertThat(topics.keySet())
                .as("topics created by kafka-init")
                .containsExactlyInAnyOrder(
                        Topics.SENSOR_CHUNKS,
                        Topics.SENSOR_SCORES,
                        Topics.DEAD_LETTERS,
                        Topics.SENSOR_ALERTS,
                        Topics.SENSOR_ALERT_CONFIG,
                        Topics.MODEL_CONTROL,
                        Topics.MODEL_STATUS,
                        Topics.SENSOR_SCORES_SHADOW);
        topics.forEach(
                (topic, partitions) ->
                        assertThat(partitions).as("partitions of %s", topic).isPositive());
        String init = commandText(service("kafka-init"));
        assertThat(init).contains("--if-not-exists");
        assertThat(dependsOn("kafka-init")).containsEntry("kafka", "service_healthy");
        assertThat(environment(service("kafka")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))
                .as("topics come from kafka-init only")
                .isEqualTo("false");
    }

    @Test
    void jobStartsOnlyAfterTheTopicsExist() {
        String job = jobService().getKey();
        assertThat(dependsOn(job))
                .as("depends_on of '%s'", job)
                .containsEntry("kafka-init", "service_completed_successfully");
        for (String tm : taskManagers()) {
            assertThat(dependsOn(tm)).as("depends_on of '%s'", tm).containsKey(job);
        }
    }

    @Test
    void checkpointsGoToADeclaredNamedVolumeMountedByEveryFlinkProcess() {
        Map.Entry<String, Map<String, Object>> job = jobService();
        String dir = flinkProperties(job.getValue()).get("execution.checkpointing.dir");
        assertThat(dir)
                .as("execution.checkpointing.dir of '%s'", job.getKey())
                .isNotNull()
                .startsWith("file://");
        String path = dir.substring("file://".length());
        Set<String> declared = map(compose.getOrDefault("volumes", Map.of()), "volumes").keySet();

        List<String> flink = new ArrayList<>(taskManagers());
        flink.add(job.getKey());
        for (String name : flink) {
            Map<String, Object> service = service(name);
            assertThat(flinkProperties(service).get("execution.checkpointing.dir"))
                    .as("'%s' uses the same checkpoint directory", name)
                    .isEqualTo(dir);
            Mount mount =
                    mounts(service).stream()
                            .filter(m -> path.equals(m.target) || path.startsWith(m.target + "/"))
                            .findFirst()
                            .orElseGet(
                                    () ->
                                            fail(
                                                    "'%s' mounts nothing at the checkpoint directory %s",
                                                    name, path));
            assertThat(mount.bind)
                    .as("checkpoint mount of '%s' is a named volume, not a host path", name)
                    .isFalse();
            assertThat(declared).as("top-level volumes").contains(mount.source);
        }
    }

    @Test
    void djlRunsOfflineWithAWritableCacheVolume() {
        Set<String> declared = map(compose.getOrDefault("volumes", Map.of()), "volumes").keySet();
        for (String tm : taskManagers()) {
            Map<String, Object> service = service(tm);
            assertThat(flinkProperties(service).getOrDefault("env.java.opts.all", ""))
                    .as("JVM options of '%s'", tm)
                    .contains("-Dai.djl.offline=true");
            String cacheDir = environment(service).get("DJL_CACHE_DIR");
            assertThat(cacheDir).as("DJL_CACHE_DIR of '%s'", tm).isNotNull();
            assertThat(mounts(service))
                    .as("'%s' mounts a named volume at DJL_CACHE_DIR", tm)
                    .anySatisfy(
                            m -> {
                                assertThat(m.target).isEqualTo(cacheDir);
                                assertThat(m.bind).isFalse();
                                assertThat(m.readOnly).isFalse();
                                assertThat(declared).contains(m.source);
                            });
        }
    }

    @Test
    void kafkaAndJobManagerHaveHealthChecks() {
        for (String name : List.of("kafka", jobService().getKey())) {
            Map<String, Object> healthcheck =
                    map(service(name).get("healthcheck"), name + ".healthcheck");
            List<Object> test = list(healthcheck.get("test"));
            assertThat(test).as("healthcheck.test of '%s'", name).isNotEmpty();
            assertThat(test.get(0))
                    .as("healthcheck of '%s' runs a command", name)
                    .isIn("CMD", "CMD-SHELL");
            assertThat(healthcheck.get("disable"))
                    .as("healthcheck of '%s' is enabled", name)
                    .isNotEqualTo(true);
        }
        assertThat(String.valueOf(service(jobService().getKey()).get("healthcheck")))
                .contains("/overview");
    }

    @Test
    void demoToolsUseTheInternalListenerAndTheTopicNames() {
        String bootstrap = internalKafkaAddress();
        Map<String, String> expectedTopic =
                Map.of("produce", Topics.SENSOR_CHUNKS, "tail", Topics.SENSOR_SCORES);
        Set<String> seen = new LinkedHashSet<>();
        services.forEach(
                (name, service) -> {
                    List<String> cmd = command(service);
                    int cli = cmd.indexOf("io.drsnstream.demo.DemoCli");
                    if (cli < 0 || cli + 1 >= cmd.size()) {
                        return;
                    }
                    String subcommand = cmd.get(cli + 1);
                    seen.add(subcommand);
                    assertThat(service.get("image"))
                            .as("image of '%s'", name)
                            .isEqualTo("eclipse-temurin:17-jre");
                    assertThat(cmd)
                            .as("classpath of '%s'", name)
                            .contains("/opt/drsn/drsn-stream-demo.jar");
                    assertThat(mounts(service))
                            .as("'%s' mounts the demo jar", name)
                            .anySatisfy(m -> assertThat(m.source).isEqualTo(DEMO_JAR_SOURCE));
                    assertThat(optionValue(cmd, "--bootstrap-servers"))
                            .as("--bootstrap-servers of '%s'", name)
                            .contains(bootstrap);
                    if (expectedTopic.containsKey(subcommand)) {
                        assertThat(optionValue(cmd, "--topic"))
                                .as("--topic of '%s'", name)
                                .contains(expectedTopic.get(subcommand));
                    }
                    assertThat(dependsOn(name))
                            .as("depends_on of '%s'", name)
                            .containsEntry("kafka-init", "service_completed_successfully");
                });
        assertThat(seen).as("demo subcommands run by compose").contains("produce", "tail");
    }

    // ------------------------------------------------------------------------------------------
    // The job: the one service whose command starts Flink's standalone-job with ScoringJob.

    private static Map.Entry<String, Map<String, Object>> jobService() {
        List<Map.Entry<String, Map<String, Object>>> jobs =
                services.entrySet().stream()
                        .filter(e -> command(e.getValue()).contains(JOB_MAIN_CLASS))
                        .collect(Collectors.toList());
        assertThat(jobs).as("services that run %s", JOB_MAIN_CLASS).hasSize(1);
        Map.Entry<String, Map<String, Object>> job = jobs.get(0);
        assertThat(command(job.getValue())).as("application mode").startsWith("standalone-job");
        return job;
    }

    /** The job's own {@code --key value} arguments: what follows Flink's entry-point options. */
    private static Map<String, String> jobArguments() {
        List<String> cmd = command(jobService().getValue());
        int i = 1; // past "standalone-job"
        while (i < cmd.size()) {
            String token = cmd.get(i);
            if (FLINK_ENTRYPOINT_OPTIONS_WITH_VALUE.contains(token)) {
                i += 2;
            } else if (FLINK_ENTRYPOINT_FLAGS.contains(token) || token.startsWith("-D")) {
                i += 1;
            } else {
                break;
            }
        }
        Map<String, String> args = new LinkedHashMap<>();
        while (i < cmd.size()) {
            String token = cmd.get(i);
            assertThat(token).as("job argument #%d is a --key", i).startsWith("--");
            assertThat(i + 1).as("--%s has a value", token).isLessThan(cmd.size());
            String value = cmd.get(i + 1);
            assertThat(value).as("value of %s", token).doesNotStartWith("--");
            String key = token.substring(2);
            assertThat(args).as("job argument --%s given once", key).doesNotContainKey(key);
            args.put(key, value);
            i += 2;
        }
        return args;
    }

    private static List<String> taskManagers() {
        List<String> tms =
                services.entrySet().stream()
                        .filter(
                                e ->
                                        commandText(e.getValue())
                                                        .matches("(?s).*\\btaskmanager\\b.*")
                                                && string(e.getValue().get("image")) != null
                                                && string(e.getValue().get("image"))
                                                        .startsWith("drsn-stream-job:"))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toList());
        assertThat(tms).as("TaskManager services").contains("taskmanager", "taskmanager-gpu");
        return tms;
    }

    // ------------------------------------------------------------------------------------------
    // Kafka

    /** host:port of the listener named by KAFKA_INTER_BROKER_LISTENER_NAME, as advertised. */
    private static String internalKafkaAddress() {
        Map<String, String> env = environment(service("kafka"));
        String listenerName = env.get("KAFKA_INTER_BROKER_LISTENER_NAME");
        assertThat(listenerName).as("KAFKA_INTER_BROKER_LISTENER_NAME").isNotNull();
        String advertised = env.get("KAFKA_ADVERTISED_LISTENERS");
        assertThat(advertised).as("KAFKA_ADVERTISED_LISTENERS").isNotNull();
        for (String listener : advertised.split(",")) {
            String[] parts = listener.trim().split("://", 2);
            if (parts.length == 2 && parts[0].equals(listenerName)) {
                String address = parts[1];
                assertThat(address)
                        .as("internal listener is addressed by the service name")
                        .startsWith("kafka:");
                assertThat(env.getOrDefault("KAFKA_LISTENERS", ""))
                        .as("KAFKA_LISTENERS opens the internal listener's port")
                        .contains(listenerName + "://:" + address.substring("kafka:".length()));
                return address;
            }
        }
        return fail("no advertised listener named %s in %s", listenerName, advertised);
    }

    private static Map<String, Integer> kafkaInitTopics() {
        String script = commandText(service("kafka-init"));
        Map<String, Integer> topics = new LinkedHashMap<>();
        Pattern create = Pattern.compile("kafka-topics\\.sh[^\\n]*--create[^\\n]*");
        Matcher lines = create.matcher(script);
        while (lines.find()) {
            String line = lines.group();
            Matcher topic = Pattern.compile("--topic\\s+(\\S+)").matcher(line);
            Matcher partitions = Pattern.compile("--partitions\\s+(\\d+)").matcher(line);
            assertThat(topic.find()).as("--topic in: %s", line).isTrue();
            assertThat(partitions.find()).as("--partitions in: %s", line).isTrue();
            assertThat(line)
                    .as("bootstrap of kafka-init")
                    .contains("--bootstrap-server " + internalKafkaAddress());
            topics.put(topic.group(1), Integer.parseInt(partitions.group(1)));
        }
        return topics;
    }

    // ------------------------------------------------------------------------------------------
    // Compose structure helpers

    private record Mount(String source, String target, boolean readOnly, boolean bind) {}

    private static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : list(service.get("volumes"))) {
            if (volume instanceof Map<?, ?> longSyntax) {
                String type = string(longSyntax.get("type"));
                String source = string(longSyntax.get("source"));
                mounts.add(
                        new Mount(
                                source,
                                string(longSyntax.get("target")),
                                Boolean.TRUE.equals(longSyntax.get("read_only")),
                                "bind".equals(type) || (source != null && isPath(source))));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                assertThat(parts.length).as("volume entry %s", volume).isBetween(2, 3);
                boolean readOnly =
                        parts.length == 3 && Arrays.asList(parts[2].split(",")).contains("ro");
                mounts.add(new Mount(parts[0], parts[1], readOnly, isPath(parts[0])));
            }
        }
        return mounts;
    }

    private static Set<String> mountTargets(Map<String, Object> service) {
        return mounts(service).stream().map(Mount::target).collect(Collectors.toSet());
    }

    private static boolean isPath(String source) {
        return source.startsWith(".")
                || source.startsWith("/")
                || source.startsWith("~")
                || source.startsWith("$");
    }

    private static List<Map<String, Object>> gpuDevices(Map<String, Object> service) {
        Object devices =
                Optional.ofNullable(service.get("deploy"))
                        .map(d -> map(d, "deploy").get("resources"))
                        .map(r -> map(r, "resources").get("reservations"))
                        .map(r -> map(r, "reservations").get("devices"))
                        .orElse(null);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object device : list(devices)) {
            Map<String, Object> d = map(device, "device");
            if (list(d.get("capabilities")).contains("gpu")) {
                result.add(d);
            }
        }
        return result;
    }

    private static Map<String, String> dependsOn(String name) {
        Object dependsOn = service(name).get("depends_on");
        Map<String, String> result = new LinkedHashMap<>();
        if (dependsOn instanceof Map<?, ?> longSyntax) {
            longSyntax.forEach(
                    (k, v) ->
                            result.put(
                                    String.valueOf(k),
                                    v instanceof Map<?, ?> m && m.get("condition") != null
                                            ? String.valueOf(m.get("condition"))
                                            : "service_started"));
        } else {
            list(dependsOn).forEach(d -> result.put(String.valueOf(d), "service_started"));
        }
        return result;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach(
                    (k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else {
            for (Object entry : list(env)) {
                String[] kv = String.valueOf(entry).split("=", 2);
                result.put(kv[0], kv.length == 2 ? kv[1] : null);
            }
        }
        return result;
    }

    /** FLINK_PROPERTIES: "key: value" lines that the Flink image merges into conf/config.yaml. */
    private static Map<String, String> flinkProperties(Map<String, Object> service) {
        String properties = environment(service).get("FLINK_PROPERTIES");
        Map<String, String> result = new LinkedHashMap<>();
        if (properties == null) {
            return result;
        }
        for (String line : properties.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(": ");
            assertThat(colon)
                    .as("FLINK_PROPERTIES line '%s' is 'key: value'", trimmed)
                    .isPositive();
            String value = trimmed.substring(colon + 2).strip();
            // The image's entrypoint drops whitespace inside a line: a value must be one token.
            assertThat(value)
                    .as("FLINK_PROPERTIES value of %s has no spaces", trimmed)
                    .doesNotContainPattern("\\s");
            result.put(trimmed.substring(0, colon).strip(), value);
        }
        return result;
    }

    /** The container command (entrypoint + command) as tokens. */
    private static List<String> command(Map<String, Object> service) {
        Object command = service.get("command");
        if (command == null) {
            return List.of();
        }
        if (command instanceof List<?> tokens) {
            return tokens.stream().map(String::valueOf).collect(Collectors.toList());
        }
        return Arrays.asList(String.valueOf(command).trim().split("\\s+"));
    }

    private static String commandText(Map<String, Object> service) {
        return list(service.get("entrypoint")).stream()
                        .map(String::valueOf)
                        .collect(Collectors.joining(" "))
                + " "
                + String.join("\n", command(service));
    }

    private static Optional<String> optionValue(List<String> cmd, String option) {
        int i = cmd.indexOf(option);
        return i >= 0 && i + 1 < cmd.size() ? Optional.of(cmd.get(i + 1)) : Optional.empty();
    }

    // ------------------------------------------------------------------------------------------
    // Files next to the compose file: the job image's Dockerfile, Prometheus, Grafana

    /** COPY instructions of the job's Dockerfile: source (relative to the context) -> target. */
    private static Map<String, String> dockerfileCopies() throws IOException {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : Files.readAllLines(repoRoot.resolve(JOB_DOCKERFILE))) {
            List<String> words = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
            if (!words.get(0).equals("COPY")) {
                continue;
            }
            words.removeIf(w -> w.startsWith("--"));
            assertThat(words).as("COPY with one source: %s", line).hasSize(3);
            copies.put(words.get(1), words.get(2));
        }
        return copies;
    }

    /** Compose service name -> ports that Prometheus scrapes on it (static and DNS targets). */
    private static Map<String, Set<Integer>> prometheusTargets() throws IOException {
        Map<String, Object> config = yaml(repoRoot.resolve(PROMETHEUS_CONFIG_SOURCE));
        Map<String, Set<Integer>> targets = new LinkedHashMap<>();
        for (Object scrape : list(config.get("scrape_configs"))) {
            Map<String, Object> job = map(scrape, "scrape_config");
            for (Object dns : list(job.get("dns_sd_configs"))) {
                Map<String, Object> sd = map(dns, "dns_sd_config");
                assertThat(sd.get("type"))
                        .as("DNS record type (A: one per container)")
                        .isEqualTo("A");
                for (Object name : list(sd.get("names"))) {
                    targets.computeIfAbsent(String.valueOf(name), n -> new LinkedHashSet<>())
                            .add(((Number) sd.get("port")).intValue());
                }
            }
            for (Object stat : list(job.get("static_configs"))) {
                for (Object target : list(map(stat, "static_config").get("targets"))) {
                    String[] hostPort = String.valueOf(target).split(":");
                    targets.computeIfAbsent(hostPort[0], n -> new LinkedHashSet<>())
                            .add(Integer.parseInt(hostPort[1]));
                }
            }
        }
        return targets;
    }

    private static Map<String, Object> dashboard() throws IOException {
        // JSON is YAML: one parser for every file here.
        return yaml(repoRoot.resolve(GRAFANA_DASHBOARDS_SOURCE).resolve("drsn-stream.json"));
    }

    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> panels = new ArrayList<>();
        for (Object panel : list(dashboard.get("panels"))) {
            panels.add(map(panel, "panel"));
        }
        return panels;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        assertThat(file).as("file referenced by docker-compose.yml").exists();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return map(
                    new Yaml(new SafeConstructor(new LoaderOptions())).load(reader),
                    file.toString());
        }
    }

    private static Mount bindMount(Map<String, Object> service, String source) {
        return mounts(service).stream()
                .filter(m -> m.bind && m.source.equals(source))
                .findFirst()
                .orElseGet(() -> fail("bind mount of %s", source));
    }

    /** The container port that a service publishes (its first "host:hostPort:containerPort"). */
    private static int containerPort(Map<String, Object> service) {
        List<Object> ports = list(service.get("ports"));
        assertThat(ports).as("published ports").isNotEmpty();
        String[] parts = String.valueOf(ports.get(0)).split(":");
        return Integer.parseInt(parts[parts.length - 1]);
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("services").containsKey(name);
        return services.get(name);
    }

    private static String pomProperty(String pom, String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("%s in the parent pom", property).isTrue();
        return m.group(1).trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (value == null) {
            return Map.of();
        }
        assertThat(value).as("%s is a mapping", what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?>) {
            return (List<Object>) value;
        }
        return List.of(value);
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
