package io.drsnstream.drsn.nn;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The hyper-parameters that define a network's layers and thus its parameter shapes.
 *
 * <p>The stem convolution has as many filters as the first stage; every later stage starts with a
 * stride-2 unit, as does the first.
 *
 * @param architecture which of the four networks
 * @param inputLength the window length L of the input (N, 1, L)
 * @param stageWidths the channels of each stage, non-decreasing (the zero-padding shortcut
 *     cannot shrink channels)
 * @param unitsPerStage the residual units per stage
 * @param classes the number of output classes
 */
public record NetworkSpec(
        Architecture architecture,
        int inputLength,
        List<Integer> stageWidths,
        int unitsPerStage,
        int classes) {

    /** The paper's window length. */
    public static final int PAPER_INPUT_LENGTH = 2048;

    /** The paper's stage widths. */
    public static final List<Integer> PAPER_STAGE_WIDTHS = List.of(4, 8, 16);

    /** The paper's units per stage. */
    public static final int PAPER_UNITS_PER_STAGE = 4;

    /** The paper's number of health states. */
    public static final int PAPER_CLASSES = 8;

    /** Validates and copies. */
    public NetworkSpec {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture must not be null");
        }
        if (inputLength < 2) {
            throw new IllegalArgumentException("inputLength must be at least 2: " + inputLength);
        }
        if (stageWidths == null || stageWidths.isEmpty()) {
            throw new IllegalArgumentException("stageWidths must name at least one stage");
        }
        stageWidths = List.copyOf(stageWidths);
        int previous = 1;
        for (int width : stageWidths) {
            if (width < previous) {
                throw new IllegalArgumentException(
                        "stageWidths must be positive and non-decreasing: " + stageWidths);
            }
            previous = width;
        }
        if (unitsPerStage < 1) {
            throw new IllegalArgumentException("unitsPerStage must be positive: " + unitsPerStage);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2: " + classes);
        }
    }

    /**
     * The paper's Table II network: input 1 x 2048, stages 4/8/16 of 4 units, 8 classes.
     *
     * @param architecture which of the four networks
     * @return the specification
     */
    public static NetworkSpec paper(Architecture architecture) {
        return new NetworkSpec(
                architecture,
                PAPER_INPUT_LENGTH,
                PAPER_STAGE_WIDTHS,
                PAPER_UNITS_PER_STAGE,
                PAPER_CLASSES);
    }

    /**
     * The input shape for a batch.
     *
     * @param batchSize N
     * @return (N, 1, L)
     */
    public Shape inputShape(long batchSize) {
        return new Shape(batchSize, 1, inputLength);
    }
}
