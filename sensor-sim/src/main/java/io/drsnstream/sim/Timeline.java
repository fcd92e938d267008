package io.drsnstream.sim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A script of the machine's health (and of the added measurement noise) over time: a sequence
 * of phases, each with a health state, a severity that moves linearly from a start to an end
 * value over the phase, and a noise setting. The last phase lasts for ever.
 *
 * <pre>{@code
 * Timeline t = Timeline.builder()
 *         .healthy(30)                                 // 30 s healthy
 *         .onset(HealthState.INNER_RACE, 20, 0.0, 1.0) // fault grows over 20 s
 *         .noise(NoiseType.WHITE_GAUSSIAN, 0)          // from here on at 0 dB SNR
 *         .hold(HealthState.INNER_RACE, 10, 1.0)       // then stays
 *         .build();
 * }</pre>
 *
 * <p>Time is in seconds since the start of the generation.
 */
public final class Timeline {

    /**
     * One phase of a timeline.
     *
     * @param state the health state during the phase
     * @param durationSeconds length of the phase (the last phase is extended for ever)
     * @param severityFrom severity at the start of the phase, 0..1 (0 for HEALTHY)
     * @param severityTo severity at the end of the phase, 0..1 (0 for HEALTHY)
     * @param noise the added noise during the phase
     * @param snrDb the SNR of the added noise (ignored for {@link NoiseType#NONE})
     */
    public record Phase(
            HealthState state,
            double durationSeconds,
            double severityFrom,
            double severityTo,
            NoiseType noise,
            double snrDb) {

        /** Validates the phase. */
        public Phase {
            if (state == null || noise == null) {
                throw new IllegalArgumentException("state and noise are required");
            }
            if (!(durationSeconds > 0)) {
                throw new IllegalArgumentException(
                        "durationSeconds must be positive, was " + durationSeconds);
            }
            checkSeverity(severityFrom);
            checkSeverity(severityTo);
            if (state == HealthState.HEALTHY && (severityFrom != 0 || severityTo != 0)) {
                throw new IllegalArgumentException("a HEALTHY phase has severity 0");
            }
            if (noise != NoiseType.NONE && !Double.isFinite(snrDb)) {
                throw new IllegalArgumentException("snrDb must be finite when noise is " + noise);
            }
        }
    }

    private final List<Phase> phases;
    private final double[] startSeconds;

    private Timeline(List<Phase> phases) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a timeline needs at least one phase");
        }
        this.phases = List.copyOf(phases);
        this.startSeconds = new double[phases.size()];
        double t = 0;
        for (int i = 0; i < phases.size(); i++) {
            startSeconds[i] = t;
            t += phases.get(i).durationSeconds();
        }
    }

    /** One state at one severity for ever, without added noise. */
    public static Timeline constant(HealthState state, double severity) {
        return builder().hold(state, 1, state == HealthState.HEALTHY ? 0 : severity).build();
    }

    /** A builder; phases are appended in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The phases, in order. */
    public List<Phase> phases() {
        return phases;
    }

    /** Index of the phase in force at time {@code t} (the first phase for {@code t < 0}). */
    public int phaseIndexAt(double t) {
        int i = phases.size() - 1;
        while (i > 0 && t < startSeconds[i]) {
            i--;
        }
        return i;
    }

    /** The phase in force at time {@code t}. */
    public Phase phaseAt(double t) {
        return phases.get(phaseIndexAt(t));
    }

    /** Start of phase {@code index} in seconds. */
    public double phaseStart(int index) {
        return startSeconds[index];
    }

    /** The health state at time {@code t}. */
    public HealthState stateAt(double t) {
        return phaseAt(t).state();
    }

    /** The severity at time {@code t}, interpolated within its phase and held after the last one. */
    public double severityAt(double t) {
        return severityIn(phaseIndexAt(t), t);
    }

    /** The severity at time {@code t}, which must fall in phase {@code index}. */
    double severityIn(int index, double t) {
        Phase p = phases.get(index);
        double fraction = (t - startSeconds[index]) / p.durationSeconds();
        fraction = Math.max(0, Math.min(1, fraction));
        return p.severityFrom() + (p.severityTo() - p.severityFrom()) * fraction;
    }

    /** The fault states that occur anywhere in the timeline. */
    public Set<HealthState> faultStates() {
        Set<HealthState> states = EnumSet.noneOf(HealthState.class);
        for (Phase p : phases) {
            if (p.state() != HealthState.HEALTHY) {
                states.add(p.state());
            }
        }
        return states;
    }

    private static void checkSeverity(double severity) {
        if (!(severity >= 0 && severity <= 1)) {
            throw new IllegalArgumentException("severity must be in [0, 1], was " + severity);
        }
    }

    /** Builds a {@link Timeline} phase by phase. */
    public static final class Builder {
        private final List<Phase> phases = new ArrayList<>();
        private NoiseType noise = NoiseType.NONE;
        private double snrDb = Double.NaN;

        private Builder() {}

        /** Sets the noise of the phases added after this call. */
        public Builder noise(NoiseType type, double snrDb) {
            if (type != NoiseType.NONE && !Double.isFinite(snrDb)) {
                throw new IllegalArgumentException("snrDb must be finite, was " + snrDb);
            }
            this.noise = type;
            this.snrDb = type == NoiseType.NONE ? Double.NaN : snrDb;
            return this;
        }

        /** No added noise in the phases added after this call. */
        public Builder clean() {
            return noise(NoiseType.NONE, Double.NaN);
        }

        /** A healthy phase. */
        public Builder healthy(double seconds) {
            return add(new Phase(HealthState.HEALTHY, seconds, 0, 0, noise, snrDb));
        }

        /** A phase of one state at a constant severity. */
        public Builder hold(HealthState state, double seconds, double severity) {
            return add(new Phase(state, seconds, severity, severity, noise, snrDb));
        }

        /** A phase whose severity moves linearly from {@code from} to {@code to}. */
        public Builder onset(HealthState state, double seconds, double from, double to) {
            return add(new Phase(state, seconds, from, to, noise, snrDb));
        }

        /** Appends a phase as given. */
        public Builder add(Phase phase) {
            phases.add(phase);
            return this;
        }

        /** The timeline. */
        public Timeline build() {
            return new Timeline(phases);
        }
    }
}
