package io.drsnstream.bench.alerts;

import io.drsnstream.job.config.AlertPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The measurement on one seed set's sensors under one condition: the healthy sensors' windows
 * scored once and replayed through every policy; the faulty sensors' windows fed to every policy
 * as they are scored, each sensor retired once every policy has raised its alert (or at the cap),
 * which gives the same outcome as a replay of its whole sequence.
 */
public final class SeedSetRun {

    private final SequenceScorer scorer;
    private final List<PolicySpec> specs;
    private final List<AlertPolicy> policies;
    private final float calibratedThreshold;
    private final double windowSeconds;
    private final long startTimeMicros;
    private final double capSeconds;
    private final Consumer<String> log;

    /**
     * @param specs the grid, in report order
     * @param policies the job's policy for each point of the grid
     * @param windowSeconds duration of one window (2048 samples at the model's rate)
     * @param startTimeMicros event time of every sensor's first sample (as given to the scorer)
     * @param capSeconds how long after its onset a faulty sensor may take to raise
     */
    public SeedSetRun(
            SequenceScorer scorer,
            List<PolicySpec> specs,
            List<AlertPolicy> policies,
            float calibratedThreshold,
            double windowSeconds,
            long startTimeMicros,
            double capSeconds,
            Consumer<String> log) {
        if (specs.size() != policies.size()) {
            throw new IllegalArgumentException("one policy per point of the grid");
        }
        this.scorer = scorer;
        this.specs = List.copyOf(specs);
        this.policies = List.copyOf(policies);
        this.calibratedThreshold = calibratedThreshold;
        this.windowSeconds = windowSeconds;
        this.startTimeMicros = startTimeMicros;
        this.capSeconds = capSeconds;
        this.log = log;
    }

    /**
     * Measures every policy under {@code condition}.
     *
     * @param healthySeconds sensor time per healthy sensor (at most its span)
     */
    public ConditionResult run(
            SensorPopulation population, Condition condition, double healthySeconds) {
        long started = System.nanoTime();
        long scoredBefore = scorer.windowsScored();
        double scoreBefore = scorer.scoreSeconds();
        double generateBefore = scorer.generateSeconds();

        // Healthy sensors: score once, replay every policy over the stored windows.
        int healthyWindows = (int) Math.round(healthySeconds / windowSeconds);
        List<ScoredSequence> healthy =
                scorer.score(population.healthy(), condition, healthyWindows, (s, q, n) -> true);
        long healthyCount = 0;
        long healthyAnomalies = 0;
        double healthySensorSeconds = 0;
        for (ScoredSequence sequence : healthy) {
            healthyCount += sequence.size();
            for (int i = 0; i < sequence.size(); i++) {
                healthyAnomalies += sequence.anomalyScore(i) >= calibratedThreshold ? 1 : 0;
            }
            if (sequence.size() > 0) {
                healthySensorSeconds +=
                        (sequence.endMicros(sequence.size() - 1) - sequence.startMicros(0)) / 1e6;
            }
        }
        List<List<PolicyRun.Outcome>> healthyOutcomes = new ArrayList<>();
        for (AlertPolicy policy : policies) {
            List<PolicyRun.Outcome> outcomes = new ArrayList<>();
            for (ScoredSequence sequence : healthy) {
                PolicyRun run = new PolicyRun(policy, sequence.sensorId(), Long.MAX_VALUE);
                run.accept(sequence, 0, sequence.size());
                outcomes.add(run.outcome());
            }
            healthyOutcomes.add(outcomes);
        }
        healthy = null; // an hour of windows per sensor: free it before the faulty part

        // Faulty sensors: every policy follows each sensor's windows as they are scored.
        List<SimulatedSensor> faulty = population.faulty();
        List<List<PolicyRun>> runs = new ArrayList<>();
        for (SimulatedSensor sensor : faulty) {
            long onset = onsetMicros(sensor);
            List<PolicyRun> perPolicy = new ArrayList<>();
            for (AlertPolicy policy : policies) {
                perPolicy.add(new PolicyRun(policy, sensor.sensorId(), onset));
            }
            runs.add(perPolicy);
        }
        long[] afterOnset = new long[1];
        long[] afterOnsetAnomalies = new long[1];
        long[] afterOnsetRight = new long[1];
        int maxFaultyWindows = 1;
        for (SimulatedSensor sensor : faulty) {
            maxFaultyWindows =
                    Math.max(
                            maxFaultyWindows,
                            (int) Math.ceil((sensor.onsetSeconds() + capSeconds) / windowSeconds)
                                    + 1);
        }
        scorer.score(
                faulty,
                condition,
                maxFaultyWindows,
                (s, sequence, added) -> {
                    SimulatedSensor sensor = faulty.get(s);
                    long onset = onsetMicros(sensor);
                    for (int i = sequence.size() - added; i < sequence.size(); i++) {
                        if (sequence.startMicros(i) >= onset) {
                            afterOnset[0]++;
                            afterOnsetAnomalies[0] +=
                                    sequence.anomalyScore(i) >= calibratedThreshold ? 1 : 0;
                            afterOnsetRight[0] +=
                                    sequence.label(i).equals(sensor.fault().name()) ? 1 : 0;
                        }
                    }
                    boolean allRaised = true;
                    for (PolicyRun run : runs.get(s)) {
                        run.accept(sequence, sequence.size() - added, sequence.size());
                        allRaised &= run.raisedAfterOnset();
                    }
                    long last = sequence.endMicros(sequence.size() - 1);
                    return !allRaised && last < onset + (long) (capSeconds * 1e6);
                });

        List<String> faults = faulty.stream().map(f -> f.fault().name()).toList();
        List<PolicyResult> results = new ArrayList<>();
        for (int p = 0; p < policies.size(); p++) {
            List<PolicyRun.Outcome> outcomes = new ArrayList<>();
            Map<String, List<PolicyRun.Outcome>> byFault = new LinkedHashMap<>();
            for (int s = 0; s < faulty.size(); s++) {
                PolicyRun.Outcome outcome = runs.get(s).get(p).outcome();
                outcomes.add(outcome);
                byFault.computeIfAbsent(faults.get(s), f -> new ArrayList<>()).add(outcome);
            }
            Map<String, DetectionFigures> perFault = new LinkedHashMap<>();
            byFault.forEach(
                    (fault, list) ->
                            perFault.put(
                                    fault,
                                    DetectionFigures.of(
                                            list,
                                            java.util.Collections.nCopies(list.size(), fault))));
            results.add(
                    new PolicyResult(
                            specs.get(p).toString(),
                            policies.get(p).anomalyThreshold(),
                            FalseAlertFigures.of(healthyOutcomes.get(p), healthySensorSeconds),
                            DetectionFigures.of(outcomes, faults),
                            perFault,
                            outcomes.stream().map(PolicyRun.Outcome::detectionSeconds).toList()));
        }
        double wall = (System.nanoTime() - started) / 1e9;
        long scored = scorer.windowsScored() - scoredBefore;
        log.accept(
                String.format(
                        java.util.Locale.ROOT,
                        "  %-18s %,9d windows in %6.1f s (%,.0f windows/s; generating %.1f s, scoring %.1f s)",
                        condition,
                        scored,
                        wall,
                        scored / wall,
                        scorer.generateSeconds() - generateBefore,
                        scorer.scoreSeconds() - scoreBefore));
        return new ConditionResult(
                condition.toString(),
                healthySensorSeconds / Math.max(1, population.healthy().size()),
                new WindowFigures(
                        healthyCount,
                        healthyCount == 0 ? 0 : healthyAnomalies / (double) healthyCount,
                        afterOnset[0],
                        afterOnset[0] == 0 ? 0 : afterOnsetAnomalies[0] / (double) afterOnset[0],
                        afterOnset[0] == 0 ? 0 : afterOnsetRight[0] / (double) afterOnset[0]),
                results,
                wall,
                scored);
    }

    private long onsetMicros(SimulatedSensor sensor) {
        return startTimeMicros + (long) Math.round(sensor.onsetSeconds() * 1e6);
    }
}
