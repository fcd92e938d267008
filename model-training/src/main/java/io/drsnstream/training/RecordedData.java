package io.drsnstream.training;

import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A data set file of recorded windows ({@code import}'s output) read for scoring by a model:
 * refused, in one line naming the file, when its windows are not the model's length or rate or
 * carry a label the model does not have.
 */
final class RecordedData {

    private RecordedData() {}

    static Dataset read(Path file, ModelMetadata meta) {
        Dataset d;
        try {
            d = DatasetFile.read(file);
        } catch (NoSuchFileException e) {
            throw new CliFailure("Data set file does not exist: " + file);
        } catch (IOException e) {
            throw new CliFailure("Cannot read data set " + file + ": " + e.getMessage(), e);
        }
        if (d.size() == 0) {
            throw new CliFailure("Data set " + file + " holds no window");
        }
        if (d.spec().windowLength() != meta.windowLength()) {
            throw new CliFailure(
                    "Data set "
                            + file
                            + " has windows of "
                            + d.spec().windowLength()
                            + " samples; the model takes "
                            + meta.windowLength()
                            + " (import with --model DIR)");
        }
        if (Math.abs(d.spec().sampleRateHz() - meta.sampleRateHz()) > 1e-6) {
            throw new CliFailure(
                    "Data set "
                            + file
                            + " is at "
                            + d.spec().sampleRateHz()
                            + " Hz; the model's rate is "
                            + meta.sampleRateHz()
                            + " Hz (import with --model DIR)");
        }
        for (int label : d.labels()) {
            if (label < 0 || label >= meta.labels().size()) {
                throw new CliFailure(
                        "Data set "
                                + file
                                + " has label "
                                + label
                                + "; the model has "
                                + meta.labels().size()
                                + " classes");
            }
        }
        return d;
    }
}
