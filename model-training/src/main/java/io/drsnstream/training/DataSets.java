package io.drsnstream.training;

import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.NoiseInjector;
import io.drsnstream.sim.NoiseType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/** Data-set helpers shared by the commands: splits, noisy copies, descriptions. */
final class DataSets {

    private DataSets() {}

    /** Windows with labels. */
    record Labelled(float[][] windows, int[] labels) {
        int size() {
            return windows.length;
        }
    }

    /** A training part and a held-out part. */
    record Split(Labelled train, Labelled holdout) {}

    /** The class labels of every model: the health states in class order. */
    static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (HealthState s : HealthState.values()) {
            labels.add(s.name());
        }
        return labels;
    }

    /**
     * A stratified random split: about {@code share} of each class is held out (at least one
     * window per class when the class has two or more and share is positive).
     */
    static Split split(Dataset data, double share, long seed) {
        return split(new Labelled(data.windows(), data.labels()), share, seed);
    }

    /** As {@link #split(Dataset, double, long)}, for windows from more than one data set. */
    static Split split(Labelled data, double share, long seed) {
        float[][] windows = data.windows();
        int[] labels = data.labels();
        Map<Integer, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random rng = new Random(seed);
        boolean[] held = new boolean[labels.length];
        for (List<Integer> members : byClass.values()) {
            java.util.Collections.shuffle(members, rng);
            int k = (int) Math.round(members.size() * share);
            if (share > 0 && k == 0 && members.size() >= 2) {
                k = 1;
            }
            for (int j = 0; j < k; j++) {
                held[members.get(j)] = true;
            }
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> hold = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (held[i] ? hold : train).add(i);
        }
        return new Split(pick(windows, labels, train), pick(windows, labels, hold));
    }

    private static Labelled pick(float[][] windows, int[] labels, List<Integer> idx) {
        float[][] w = new float[idx.size()][];
        int[] l = new int[idx.size()];
        for (int j = 0; j < idx.size(); j++) {
            w[j] = windows[idx.get(j)];
            l[j] = labels[idx.get(j)];
        }
        return new Labelled(w, l);
    }

    /**
     * Noisy copies of windows, deterministic: window {@code i} gets noise from an injector seeded
     * by {@code seed}, the type, the SNR and {@code i}, so every model sees the same noisy windows.
     */
    static float[][] noisy(float[][] windows, NoiseType type, double snrDb, long seed) {
        if (type == NoiseType.NONE) {
            return windows;
        }
        float[][] out = new float[windows.length][];
        long base = mix(seed ^ mix(type.ordinal() + 1L) ^ mix(Double.doubleToLongBits(snrDb)));
        IntStream.range(0, windows.length)
                .parallel()
                .forEach(
                        i -> {
                            float[] copy = windows[i].clone();
                            if (NoiseInjector.meanSquare(copy, 0, copy.length) > 0) {
                                new NoiseInjector(mix(base + 0x9E3779B97F4A7C15L * (i + 1)))
                                        .addInPlace(copy, type, snrDb);
                            }
                            out[i] = copy;
                        });
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A JSON-ready description of a data set spec. */
    static Map<String, Object> describe(DatasetSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("states", spec.states().stream().map(Enum::name).toList());
        m.put("operatingPoints", spec.continuous() ? "continuous" : "grid");
        if (spec.continuous()) {
            m.put("speedRangeHz", spec.speedsHz());
            m.put("loadRange", spec.loads());
            m.put("windowsPerState", spec.windowsPerCombination());
        } else {
            m.put("speedsHz", spec.speedsHz());
            m.put("loads", spec.loads());
            m.put("windowsPerCombination", spec.windowsPerCombination());
        }
        m.put("windows", spec.windowCount());
        m.put("windowLength", spec.windowLength());
        m.put("sampleRateHz", spec.sampleRateHz());
        m.put("seed", spec.seed());
        m.put("severity", List.of(spec.minSeverity(), spec.maxSeverity()));
        m.put("noise", spec.noise().name());
        if (spec.noise() != NoiseType.NONE) {
            m.put("snrDb", spec.snrDb());
        }
        return m;
    }

    /** Parses a comma-separated list of numbers. */
    static List<Double> doubles(String csv, String option) {
        List<Double> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            try {
                out.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        option + ": '" + part.trim() + "' is not a number");
            }
        }
        return out;
    }

    /** Windows per label, for the labels present, in class order. */
    static Map<String, Integer> countsByLabel(int[] labels) {
        int[] counts = classCounts(labels, HealthState.count());
        Map<String, Integer> m = new LinkedHashMap<>();
        for (HealthState s : HealthState.values()) {
            if (counts[s.classIndex()] > 0) {
                m.put(s.name(), counts[s.classIndex()]);
            }
        }
        return m;
    }

    /** Index of every class present, to check a data set has all of them. */
    static int[] classCounts(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** "HEALTHY 32, INNER_RACE 202, ...": the windows per label present, in label order. */
    static String describeCounts(io.drsnstream.sim.Dataset data) {
        List<String> names = labels();
        int[] counts = classCounts(data.labels(), names.size());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                sb.append(sb.isEmpty() ? "" : ", ")
                        .append(names.get(i))
                        .append(' ')
                        .append(counts[i]);
            }
        }
        return sb.toString();
    }
}
