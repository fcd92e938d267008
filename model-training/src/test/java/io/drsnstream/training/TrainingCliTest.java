package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainingCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpDescribesTheTool() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: drsn-train").contains("--version");
    }

    @Test
    void unknownOptionIsOneLineWithExitCode2() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("drsn-train: Unknown option: '--frobnicate'")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }
}
