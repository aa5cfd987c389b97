package org.djlvulkan.shaders.build;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.djlvulkan.shaders.BindingInfo;
import org.djlvulkan.shaders.KernelFeature;
import org.djlvulkan.shaders.KernelIndex;
import org.djlvulkan.shaders.SpecConstantInfo;

/**
 * Compiles the kernels of {@code kernels.json} to SPIR-V and writes {@code <name>.spv} for each,
 * plus the {@code index.json} that {@link KernelIndex} reads.
 *
 * <p>Maven runs {@link #main(String[])} in the {@code process-classes} phase with the GLSL root and
 * the output folder. Kernels compile in parallel, one shaderc compiler per thread. Any failure
 * fails the whole build, reporting every broken kernel, and leaves the output folder untouched.
 */
public final class ShaderBuild {

  /** The index file name in the output folder. */
  public static final String INDEX_FILE = "index.json";

  /**
   * Above this, a push-constant block may not fit on every device (Vulkan's guaranteed minimum).
   */
  private static final int PORTABLE_PUSH_CONSTANT_BYTES = 128;

  private final Path glslRoot;
  private final Path outputDir;
  private final PrintStream log;

  /**
   * One compiled and reflected kernel.
   *
   * @param spec the manifest entry
   * @param spirv the SPIR-V module, little-endian
   * @param reflection what the module needs from a pipeline
   */
  public record CompiledKernel(
      KernelSpec spec, byte[] spirv, SpirvReflector.Reflection reflection) {

    /**
     * Checks for nulls.
     *
     * @param spec the manifest entry
     * @param spirv the SPIR-V module
     * @param reflection the reflection
     */
    public CompiledKernel {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(spirv, "spirv");
      Objects.requireNonNull(reflection, "reflection");
    }
  }

  /**
   * The outcome of a successful build.
   *
   * @param kernels the kernels in manifest order
   * @param indexFile the index that was written
   * @param millis how long the build took
   */
  public record Result(List<CompiledKernel> kernels, Path indexFile, long millis) {

    /**
     * Makes the list unmodifiable.
     *
     * @param kernels the kernels in manifest order
     * @param indexFile the index that was written
     * @param millis how long the build took
     */
    public Result {
      kernels = List.copyOf(kernels);
    }
  }

  /**
   * Creates a build that logs warnings to {@code System.err}.
   *
   * @param glslRoot the folder holding {@code kernels.json} and the GLSL sources
   * @param outputDir where the {@code .spv} files and {@code index.json} go
   */
  public ShaderBuild(Path glslRoot, Path outputDir) {
    this(glslRoot, outputDir, System.err);
  }

  /**
   * Creates a build.
   *
   * @param glslRoot the folder holding {@code kernels.json} and the GLSL sources
   * @param outputDir where the {@code .spv} files and {@code index.json} go
   * @param log where warnings (shaderc warnings, unused sources, large push constants) go
   */
  public ShaderBuild(Path glslRoot, Path outputDir, PrintStream log) {
    this.glslRoot = glslRoot.toAbsolutePath().normalize();
    this.outputDir = outputDir.toAbsolutePath().normalize();
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * The command-line entry point that Maven runs. Exits with status 1 on any failure.
   *
   * @param args the GLSL root and the output folder
   */
  public static void main(String[] args) {
    int status = execute(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the build as {@link #main(String[])} does, without exiting the JVM.
   *
   * @param args the GLSL root and the output folder
   * @param out where the summary line goes
   * @param err where warnings and errors go
   * @return the exit status: 0 on success, 1 on a build failure, 2 on bad arguments
   */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2) {
      err.println("usage: ShaderBuild <glsl source dir> <output dir>");
      return 2;
    }
    try {
      Result result = new ShaderBuild(Paths.get(args[0]), Paths.get(args[1]), err).run();
      out.printf(
          "[shaders] %d kernels compiled in %d ms -> %s%n",
          result.kernels().size(), result.millis(), result.indexFile());
      return 0;
    } catch (ShaderBuildException e) {
      err.println("[shaders] BUILD FAILED");
      err.println(e.getMessage());
      return 1;
    }
  }

  /**
   * Reads the manifest, compiles and reflects every kernel, and writes the output folder. Stale
   * {@code .spv} files of kernels no longer in the manifest are deleted.
   *
   * @return the compiled kernels
   * @throws ShaderBuildException on a manifest error, a GLSL error (with shaderc's {@code
   *     file:line: error} messages, the kernel name and its defines), a module that uses a
   *     descriptor set other than 0 or anything the index cannot describe, or an I/O error
   */
  public Result run() throws ShaderBuildException {
    long start = System.nanoTime();
    List<KernelSpec> specs = KernelManifest.read(glslRoot);
    warnAboutUnusedSources(specs);
    List<CompiledKernel> kernels = compileAll(specs);
    Path index = write(kernels);
    return new Result(kernels, index, (System.nanoTime() - start) / 1_000_000);
  }

  private List<CompiledKernel> compileAll(List<KernelSpec> specs) throws ShaderBuildException {
    int n = specs.size();
    CompiledKernel[] compiled = new CompiledKernel[n];
    String[] errors = new String[n];
    if (n > 0) {
      int threads =
          Math.max(1, Math.min(n, Math.min(8, Runtime.getRuntime().availableProcessors())));
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "shaderc");
                t.setDaemon(true);
                return t;
              });
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(
              pool.submit(
                  () -> {
                    try (ShadercCompiler compiler = new ShadercCompiler(glslRoot)) {
                      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        try {
                          compiled[i] = compileOne(compiler, specs.get(i));
                        } catch (ShaderBuildException e) {
                          errors[i] = e.getMessage();
                        }
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> worker : workers) {
          worker.get();
        }
      } catch (ExecutionException e) {
        throw new ShaderBuildException("shader compiler crashed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShaderBuildException("interrupted", e);
      } finally {
        pool.shutdownNow();
      }
    }
    List<String> failures = Arrays.stream(errors).filter(Objects::nonNull).toList();
    if (!failures.isEmpty()) {
      throw new ShaderBuildException(
          String.join("\n\n", failures)
              + "\n\n"
              + failures.size()
              + " of "
              + n
              + " kernels failed to build");
    }
    return Arrays.asList(compiled);
  }

  private CompiledKernel compileOne(ShadercCompiler compiler, KernelSpec spec)
      throws ShaderBuildException {
    String text;
    try {
      text = Files.readString(glslRoot.resolve(spec.source()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ShaderBuildException(spec.describe() + ": cannot read the source: " + e, e);
    }
    ShadercCompiler.Output output;
    try {
      output = compiler.compile(spec.source(), text, spec.defines(), true);
    } catch (ShadercCompiler.CompileError e) {
      throw new ShaderBuildException(spec.describe() + " failed to compile:\n" + e.getMessage(), e);
    }
    if (!output.warnings().isEmpty()) {
      log.println("[shaders] warnings in " + spec.describe() + ":\n" + output.warnings());
    }
    // The index describes the kernel's declared interface: reflect an unoptimized compile, since
    // the optimizer drops unused bindings and spec constants and strips names. Bindings the
    // shipped (optimized) module does not use are still valid in its descriptor-set layout.
    SpirvReflector.Reflection reflection;
    try {
      byte[] declared = compiler.compile(spec.source(), text, spec.defines(), false).spirv();
      reflection = SpirvReflector.reflect(declared);
    } catch (ShadercCompiler.CompileError | IllegalArgumentException e) {
      throw new ShaderBuildException(
          spec.describe() + ": cannot reflect its SPIR-V: " + e.getMessage(), e);
    }
    for (BindingInfo binding : reflection.bindings()) {
      if (binding.set() != 0) {
        throw new ShaderBuildException(
            spec.describe()
                + ": binding "
                + binding.binding()
                + " is in descriptor set "
                + binding.set()
                + "; kernels may only use set 0");
      }
    }
    if (reflection.pushConstantBytes() > PORTABLE_PUSH_CONSTANT_BYTES) {
      log.println(
          "[shaders] warning: "
              + spec.describe()
              + " has "
              + reflection.pushConstantBytes()
              + " bytes of push constants; only "
              + PORTABLE_PUSH_CONSTANT_BYTES
              + " are guaranteed on every device");
    }
    return new CompiledKernel(spec, output.spirv(), reflection);
  }

  private void warnAboutUnusedSources(List<KernelSpec> specs) {
    Set<String> used = specs.stream().map(KernelSpec::source).collect(Collectors.toSet());
    try (Stream<Path> files = Files.walk(glslRoot)) {
      Set<String> unused =
          files
              .filter(f -> f.getFileName().toString().endsWith(".comp"))
              .map(f -> IncludeResolver.displayName(glslRoot, f))
              .filter(f -> !used.contains(f))
              .collect(Collectors.toCollection(TreeSet::new));
      for (String file : unused) {
        log.println("[shaders] warning: " + file + " is not used by any kernel in kernels.json");
      }
    } catch (IOException e) {
      log.println("[shaders] warning: cannot list " + glslRoot + ": " + e);
    }
  }

  private Path write(List<CompiledKernel> kernels) throws ShaderBuildException {
    try {
      Files.createDirectories(outputDir);
      Set<String> wanted = new HashSet<>();
      JsonArray entries = new JsonArray();
      for (CompiledKernel kernel : kernels) {
        String file = kernel.spec().name() + ".spv";
        wanted.add(file);
        writeIfChanged(outputDir.resolve(file), kernel.spirv());
        entries.add(indexEntry(kernel, file));
      }
      try (DirectoryStream<Path> stale = Files.newDirectoryStream(outputDir, "*.spv")) {
        for (Path file : stale) {
          if (!wanted.contains(file.getFileName().toString())) {
            Files.delete(file);
          }
        }
      }
      JsonObject root = new JsonObject();
      root.addProperty("format", KernelIndex.FORMAT);
      root.add("kernels", entries);
      String json =
          new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
      Path index = outputDir.resolve(INDEX_FILE);
      writeIfChanged(index, json.getBytes(StandardCharsets.UTF_8));
      return index;
    } catch (IOException e) {
      throw new ShaderBuildException("cannot write " + outputDir + ": " + e, e);
    }
  }

  private static JsonObject indexEntry(CompiledKernel kernel, String file) {
    KernelSpec spec = kernel.spec();
    JsonObject entry = new JsonObject();
    entry.addProperty("name", spec.name());
    entry.addProperty("spirv", file);
    entry.addProperty("source", spec.source());
    JsonObject defines = new JsonObject();
    for (Map.Entry<String, String> define : spec.defines().entrySet()) {
      defines.addProperty(define.getKey(), define.getValue());
    }
    entry.add("defines", defines);
    JsonArray bindings = new JsonArray();
    for (BindingInfo binding : kernel.reflection().bindings()) {
      JsonObject b = new JsonObject();
      b.addProperty("set", binding.set());
      b.addProperty("binding", binding.binding());
      b.addProperty("kind", binding.kind().name());
      b.addProperty("readOnly", binding.readOnly());
      bindings.add(b);
    }
    entry.add("bindings", bindings);
    entry.addProperty("pushConstantBytes", kernel.reflection().pushConstantBytes());
    JsonArray specConstants = new JsonArray();
    for (SpecConstantInfo constant : kernel.reflection().specConstants()) {
      JsonObject s = new JsonObject();
      s.addProperty("id", constant.id());
      s.addProperty("name", constant.name());
      s.addProperty("type", constant.type().name());
      specConstants.add(s);
    }
    entry.add("specConstants", specConstants);
    JsonArray requires = new JsonArray();
    for (KernelFeature feature : spec.requires()) {
      requires.add(feature.name());
    }
    entry.add("requires", requires);
    return entry;
  }

  /** Leaves unchanged files alone so their timestamps do not trigger downstream rebuilds. */
  private static void writeIfChanged(Path file, byte[] bytes) throws IOException {
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Files.write(file, bytes);
  }
}
