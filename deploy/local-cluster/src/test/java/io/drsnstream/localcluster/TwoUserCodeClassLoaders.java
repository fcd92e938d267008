package io.drsnstream.localcluster;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.FlinkUserCodeClassLoaders;

/**
 * What a TaskManager does when a second job (or the same job restarted, or upgraded) arrives: the
 * job jar in a fresh user-code classloader made by Flink's own {@link FlinkUserCodeClassLoaders}
 * from the cluster's configuration, while the first job's classloader is still alive. Each
 * classloader loads the model from the job jar's classes and scores a window.
 *
 * <p>Run in a JVM of its own, on a Flink lib/ as the classpath (DJL natives load once per JVM):
 * {@code TwoUserCodeClassLoaders CONF_DIR JOB_JAR MODEL_DIR}. Prints one line per classloader,
 * {@code loader N: scored ... DJL from lib/|the job jar} or {@code loader N: FAILED ...}.
 */
public final class TwoUserCodeClassLoaders {

    private TwoUserCodeClassLoaders() {}

    public static void main(String[] args) throws Exception {
        Configuration config = GlobalConfiguration.loadConfiguration(args[0]);
        URL[] jobJar = {Path.of(args[1]).toUri().toURL()};
        Path modelDir = Path.of(args[2]);
        ClassLoader lib = TwoUserCodeClassLoaders.class.getClassLoader();
        // The first job's classloader stays reachable, as it does while its job runs.
        List<URLClassLoader> alive = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            URLClassLoader userCode = FlinkUserCodeClassLoaders.create(jobJar, lib, config);
            alive.add(userCode);
            Thread.currentThread().setContextClassLoader(userCode);
            try {
                float score = scoreOneWindow(userCode, modelDir);
                Class<?> engine = Class.forName("ai.djl.engine.Engine", false, userCode);
                System.out.println(
                        "loader "
                                + n
                                + ": scored "
                                + score
                                + ", DJL from "
                                + (engine.getClassLoader() == lib ? "lib/" : "the job jar"));
            } catch (Throwable t) {
                StringBuilder causes = new StringBuilder();
                for (Throwable c = t; c != null; c = c.getCause()) {
                    causes.append(" <- ").append(c);
                }
                System.out.println("loader " + n + ": FAILED" + causes);
            }
        }
        System.out.println("classloaders: " + alive.size());
    }

    /** The job's own model code, through the given classloader: load on the CPU, score zeros. */
    private static float scoreOneWindow(ClassLoader userCode, Path modelDir) throws Exception {
        Class<?> deviceClass = Class.forName("ai.djl.Device", true, userCode);
        Object cpu = deviceClass.getMethod("cpu").invoke(null);
        Class<?> artifactClass =
                Class.forName("io.drsnstream.drsn.model.ModelArtifact", true, userCode);
        Object artifact =
                artifactClass
                        .getMethod("load", Path.class, deviceClass)
                        .invoke(null, modelDir, cpu);
        Object scorer = artifactClass.getMethod("newScorer").invoke(artifact);
        int windowLength = (int) scorer.getClass().getMethod("getWindowLength").invoke(scorer);
        Method score = scorer.getClass().getMethod("score", float[].class);
        Object result = score.invoke(scorer, (Object) new float[windowLength]);
        return (float) result.getClass().getMethod("anomalyScore").invoke(result);
    }
}
