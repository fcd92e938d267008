package io.drsnstream.sim;

/**
 * The eight health states of the paper's planetary-gearbox experiment.
 *
 * <p>The declaration order is the class index used by every model of this project:
 * {@code HEALTHY = 0, INNER_RACE = 1, OUTER_RACE = 2, BALL = 3, ROOT_CRACK = 4,
 * SURFACE_PITTING = 5, BROKEN_TOOTH = 6, MISSING_TOOTH = 7}. Data set files store
 * {@link #classIndex()}, so reordering the constants would silently relabel stored data.
 */
public enum HealthState {
    /** No fault. */
    HEALTHY,
    /** Localised defect on the inner race of the input-shaft bearing. */
    INNER_RACE,
    /** Localised defect on the outer race of the input-shaft bearing. */
    OUTER_RACE,
    /** Localised defect on one rolling element of the input-shaft bearing. */
    BALL,
    /** Crack at the root of one tooth of the first-stage sun gear. */
    ROOT_CRACK,
    /** Surface pitting on one tooth of the first-stage sun gear. */
    SURFACE_PITTING,
    /** One tooth of the first-stage sun gear partly broken off. */
    BROKEN_TOOTH,
    /** One tooth of the first-stage sun gear missing entirely. */
    MISSING_TOOTH;

    private static final HealthState[] BY_INDEX = values();

    /** The class index used as the label by the models (the declaration order). */
    public int classIndex() {
        return ordinal();
    }

    /**
     * The state with the given class index.
     *
     * @throws IllegalArgumentException if the index is not in {@code 0..7}
     */
    public static HealthState fromClassIndex(int index) {
        if (index < 0 || index >= BY_INDEX.length) {
            throw new IllegalArgumentException(
                    "class index " + index + " is not in 0.." + (BY_INDEX.length - 1));
        }
        return BY_INDEX[index];
    }

    /** Number of health states (the number of classes). */
    public static int count() {
        return BY_INDEX.length;
    }

    /** True for the three rolling-bearing faults. */
    public boolean isBearingFault() {
        return this == INNER_RACE || this == OUTER_RACE || this == BALL;
    }

    /** True for the four gear-tooth faults. */
    public boolean isGearFault() {
        return this == ROOT_CRACK
                || this == SURFACE_PITTING
                || this == BROKEN_TOOTH
                || this == MISSING_TOOTH;
    }
}
