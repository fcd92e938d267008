package io.drsnstream.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a sensor's samples into windows as the scoring job's WindowAssembler cuts a sensor's
 * stream: {@code length} contiguous samples every {@code hop} samples from the first sample. Of
 * those, a window is kept when it lies wholly within one labelled span; a window across a span
 * boundary or in an unlabelled stretch is dropped (its label would be a guess).
 */
final class RecordingWindows {

    /** A window's first sample and its label. */
    record Cut(int start, String label) {}

    private RecordingWindows() {}

    static List<Cut> cut(
            int samples,
            double sampleRateHz,
            int length,
            int hop,
            List<RecordingManifest.LabelSpan> spans) {
        List<Cut> cuts = new ArrayList<>();
        for (RecordingManifest.LabelSpan span : spans) {
            long from = (long) Math.ceil(span.fromSeconds() * sampleRateHz - 1e-6);
            long to = Math.min(samples, (long) Math.floor(span.toSeconds() * sampleRateHz + 1e-6));
            // The first window start of the job's grid at or after the span's start.
            long start = (from + hop - 1) / hop * hop;
            for (; start + length <= to; start += hop) {
                cuts.add(new Cut((int) start, span.label()));
            }
        }
        return cuts;
    }
}
