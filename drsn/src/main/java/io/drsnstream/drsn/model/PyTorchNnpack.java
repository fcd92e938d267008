package io.drsnstream.drsn.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns PyTorch's NNPACK convolution backend off in the loaded native library, once per JVM.
 *
 * <p>Why: on CPUs NNPACK does not support (here an AMD EPYC with AVX-512), every convolution of a
 * small batch asks PyTorch whether NNPACK is available, and PyTorch 2.7 answers each time with a
 * warning on the process's stderr: "Could not initialize NNPACK! Reason: Unsupported hardware.",
 * 25 lines per inference of this network, over 100,000 lines in a 30-minute TaskManager log. It
 * is not a Java log: no logging setting filters it, and {@code TORCH_CPP_LOG_LEVEL} is read only
 * by PyTorch's Python start-up. PyTorch asks only while the user switch {@code
 * torch.backends.nnpack.enabled} is on; DJL 0.36 exposes no such switch, so this calls libtorch's
 * {@code at::globalContext().setUserEnabledNNPACK(false)} through JNA (DJL's own dependency), as
 * Python's {@code torch.backends.nnpack.set_flags(False)} does. Nothing else changes: where NNPACK
 * is unsupported it was never used, and where it is supported PyTorch's other CPU kernels
 * (oneDNN) take those convolutions, which the parity tests of the scorer cover.
 *
 * <p>Best effort: on a platform without {@code /proc/self/maps} or a libtorch without those
 * symbols it logs why and leaves PyTorch as it is.
 */
public final class PyTorchNnpack {

    private static final Logger LOG = LoggerFactory.getLogger(PyTorchNnpack.class);

    /** {@code at::globalContext()} and the two members of {@code at::Context}, Itanium-mangled. */
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";

    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String IS_ENABLED = "_ZNK2at7Context17userEnabledNNPACKEv";

    private static Boolean disabled;

    private PyTorchNnpack() {}

    /**
     * Switches NNPACK off in the libtorch this JVM has loaded (DJL loads it with the first model),
     * the first time it is called; later calls return the first outcome.
     *
     * @return true when NNPACK is now off
     */
    public static synchronized boolean disable() {
        if (disabled == null) {
            disabled = switchOff();
        }
        return disabled;
    }

    /** Whether the loaded libtorch has NNPACK on; empty when it cannot be asked. */
    public static Optional<Boolean> enabled() {
        return loadedLibTorch()
                .flatMap(
                        library -> {
                            try {
                                Pointer context = globalContext(library);
                                // A C++ bool comes back in the low byte of the return register.
                                int on =
                                        library.getFunction(IS_ENABLED)
                                                .invokeInt(new Object[] {context});
                                return Optional.of((on & 0xFF) != 0);
                            } catch (UnsatisfiedLinkError e) {
                                return Optional.empty();
                            }
                        });
    }

    private static boolean switchOff() {
        Optional<NativeLibrary> library = loadedLibTorch();
        if (library.isEmpty()) {
            LOG.info(
                    "libtorch_cpu is not among this process's mapped libraries (no /proc/self/maps, or"
                            + " not loaded yet): PyTorch's NNPACK stays as it is");
            return false;
        }
        try {
            library.get()
                    .getFunction(SET_ENABLED)
                    .invokeVoid(new Object[] {globalContext(library.get()), Boolean.FALSE});
            LOG.debug("PyTorch's NNPACK backend switched off");
            return true;
        } catch (UnsatisfiedLinkError e) {
            LOG.info(
                    "This libtorch has no {}: PyTorch's NNPACK stays as it is ({})",
                    SET_ENABLED,
                    e.getMessage());
            return false;
        }
    }

    private static Pointer globalContext(NativeLibrary library) {
        Function global = library.getFunction(GLOBAL_CONTEXT);
        return (Pointer) global.invoke(Pointer.class, new Object[0]);
    }

    /**
     * The libtorch_cpu that DJL loaded, by the path the process has mapped: DJL loads it from its
     * cache directory with {@code System.load}, whose symbols are not global, so JNA opens the
     * same file again (the dynamic loader hands back the loaded copy).
     */
    private static Optional<NativeLibrary> loadedLibTorch() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.endsWith("/libtorch_cpu.so"))
                    .findFirst()
                    .map(NativeLibrary::getInstance);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
