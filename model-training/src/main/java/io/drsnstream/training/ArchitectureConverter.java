package io.drsnstream.training;

import io.drsnstream.drsn.nn.Architecture;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Command-line names of the architectures: drsn-cw, drsn-cs, resnet, convnet. */
final class ArchitectureConverter implements CommandLine.ITypeConverter<Architecture> {

    @Override
    public Architecture convert(String value) {
        return parse(value);
    }

    static Architecture parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Architecture a : Architecture.values()) {
            if (cliName(a).equals(v)) {
                return a;
            }
        }
        throw new CommandLine.TypeConversionException(
                "unknown architecture '" + value + "', expected one of " + names());
    }

    static String cliName(Architecture a) {
        return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Display name as in the paper. */
    static String displayName(Architecture a) {
        return switch (a) {
            case DRSN_CW -> "DRSN-CW";
            case DRSN_CS -> "DRSN-CS";
            case RESNET -> "ResNet";
            case CONVNET -> "ConvNet";
        };
    }

    static String names() {
        return Arrays.stream(Architecture.values())
                .map(ArchitectureConverter::cliName)
                .collect(Collectors.joining(", "));
    }
}
