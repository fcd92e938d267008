package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFileTest {

    private static Dataset dataset;

    @TempDir Path dir;

    @BeforeAll
    static void generate() {
        DatasetSpec spec =
                DatasetSpec.builder()
                        .windowsPerCombination(2)
                        .windowLength(300)
                        .seed(17)
                        .loads(List.of(0.0, 1.0))
                        .noise(NoiseType.PINK, 3)
                        .build();
        dataset = new DatasetGenerator(spec).generate();
    }

    private Path written() throws IOException {
        Path file = dir.resolve("data.bin");
        DatasetFile.write(dataset, file);
        return file;
    }

    @Test
    void roundTripIsExact() throws IOException {
        Dataset back = DatasetFile.read(written());

        assertThat(back.spec()).isEqualTo(dataset.spec());
        assertThat(back.windows()).isDeepEqualTo(dataset.windows());
        assertThat(back.labels()).isEqualTo(dataset.labels());
        assertThat(back.shaftHz()).isEqualTo(dataset.shaftHz());
        assertThat(back.loads()).isEqualTo(dataset.loads());
        assertThat(back.severities()).isEqualTo(dataset.severities());
    }

    @Test
    void layoutIsTheDocumentedOne() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int header = b.getInt(12);
        int n = b.getInt(16);
        int length = b.getInt(20);

        assertThat(new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("DRSNSIM1");
        assertThat(bytes.length).isEqualTo(header + 16 * n + 4 * n * length + 8);
        assertThat(b.getInt(header + 4 * 20)).isEqualTo(dataset.labels()[20]);
        assertThat(b.getFloat(header + 16 * n + 4 * length * 5 + 4 * 7))
                .isEqualTo(dataset.windows()[5][7]);
    }

    @Test
    void truncatedFileIsRejectedWithItsSizes() throws IOException {
        Path file = written();
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 100);
        }

        assertThatThrownBy(() -> DatasetFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining(Long.toString(size));
    }

    @Test
    void fileCutInsideTheHeaderIsTruncated() throws IOException {
        Path file = written();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(30);
        }

        assertThatThrownBy(() -> DatasetFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void flippedSampleByteFailsTheChecksum() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 500] ^= 0x10;
        Files.write(file, bytes);

        assertThatThrownBy(() -> DatasetFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void otherFileIsNotADataset() throws IOException {
        Path file = dir.resolve("other.bin");
        Files.write(file, new byte[200]);

        assertThatThrownBy(() -> DatasetFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bad magic");
    }

    @Test
    void extraBytesAreReported() throws IOException {
        Path file = written();
        Files.write(file, new byte[3], java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> DatasetFile.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("trailing bytes");
    }
}
