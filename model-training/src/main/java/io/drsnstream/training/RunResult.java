package io.drsnstream.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One training + evaluation run of the reproduction, stored as runs/&lt;noise&gt;-&lt;arch&gt;.json. */
final class RunResult {
    String noise;
    String arch;
    String mode;
    String commandLine;
    int epochs;
    long epochsCompleted;
    boolean stopped;
    int windowsPerCombination;
    int trainWindows;
    int testWindows;
    long dataSeed;
    long testSeed;
    int trainSeed;
    double snrMinDb;
    double snrMaxDb;
    double cleanShare;
    double accuracyClean;
    double shrinkageClean;
    Map<String, Double> accuracyBySnr = new LinkedHashMap<>();
    Map<String, Double> shrinkageBySnr = new LinkedHashMap<>();
    Map<String, int[][]> confusionBySnr = new LinkedHashMap<>();
    int[][] confusionClean;
    double samplesPerSecond;
    double secondsPerEpoch;
    double secondsPerEpochOf25920Windows;
    double trainingSeconds;
    List<Map<String, Object>> history;
    String finishedAt;

    /** Whether this stored result was made with the same settings as the requested run. */
    boolean sameSettings(RunResult other) {
        return !stopped
                && epochs == other.epochs
                && windowsPerCombination == other.windowsPerCombination
                && testWindows == other.testWindows
                && dataSeed == other.dataSeed
                && testSeed == other.testSeed
                && trainSeed == other.trainSeed
                && snrMinDb == other.snrMinDb
                && snrMaxDb == other.snrMaxDb
                && cleanShare == other.cleanShare
                && noise.equals(other.noise)
                && arch.equals(other.arch);
    }

    /** Mean accuracy over the SNRs -5..+5 dB, NaN if any is missing. */
    double meanNoisy() {
        double sum = 0;
        for (int snr : PaperNumbers.SNRS) {
            Double a = accuracyBySnr.get(Integer.toString(snr));
            if (a == null) {
                return Double.NaN;
            }
            sum += a;
        }
        return sum / PaperNumbers.SNRS.length;
    }
}
