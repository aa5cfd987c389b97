package org.djlvulkan.shaders.build;

import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.system.MemoryUtil.memUTF8;
import static org.lwjgl.util.shaderc.Shaderc.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.lwjgl.util.shaderc.ShadercIncludeResolve;
import org.lwjgl.util.shaderc.ShadercIncludeResult;
import org.lwjgl.util.shaderc.ShadercIncludeResultRelease;

/**
 * One shaderc compiler with the project's options: GLSL compute shaders for Vulkan 1.2 and SPIR-V
 * 1.5, optimized for performance, with {@code #include} resolved relative to the including file and
 * then to the GLSL root. Not thread-safe: use one per thread.
 */
final class ShadercCompiler implements AutoCloseable {

  /** A successful compilation. */
  record Output(byte[] spirv, String warnings) {}

  /** A failed compilation, with shaderc's messages. */
  static final class CompileError extends Exception {
    private static final long serialVersionUID = 1L;

    CompileError(String message) {
      super(message);
    }
  }

  private final Path root;
  private final long compiler;
  private final long options;
  private final ShadercIncludeResolve resolveCallback;
  private final ShadercIncludeResultRelease releaseCallback;

  /** Include results handed to shaderc and not yet released, by address. */
  private final Map<Long, ByteBuffer[]> liveIncludes = new HashMap<>();

  ShadercCompiler(Path glslRoot) {
    this.root = glslRoot.toAbsolutePath().normalize();
    long c = shaderc_compiler_initialize();
    if (c == 0) {
      throw new IllegalStateException("shaderc_compiler_initialize failed");
    }
    long o = shaderc_compile_options_initialize();
    if (o == 0) {
      shaderc_compiler_release(c);
      throw new IllegalStateException("shaderc_compile_options_initialize failed");
    }
    compiler = c;
    options = o;
    shaderc_compile_options_set_source_language(o, shaderc_source_language_glsl);
    shaderc_compile_options_set_target_env(
        o, shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_2);
    shaderc_compile_options_set_target_spirv(o, shaderc_spirv_version_1_5);
    shaderc_compile_options_set_optimization_level(o, shaderc_optimization_level_performance);
    resolveCallback = ShadercIncludeResolve.create(this::resolveInclude);
    releaseCallback = ShadercIncludeResultRelease.create((userData, result) -> release(result));
    shaderc_compile_options_set_include_callbacks(o, resolveCallback, releaseCallback, 0L);
  }

  /**
   * Compiles one compute shader.
   *
   * @param sourceName the file name shown in messages, relative to the GLSL root
   * @param sourceText the GLSL text
   * @param defines macros to define
   * @param optimize whether to optimize for performance (else the module keeps its debug names)
   * @return the SPIR-V and any warnings
   * @throws CompileError with shaderc's messages ({@code file:line: error: ...})
   */
  Output compile(
      String sourceName, String sourceText, Map<String, String> defines, boolean optimize)
      throws CompileError {
    long opts = shaderc_compile_options_clone(options);
    if (!optimize) {
      shaderc_compile_options_set_optimization_level(opts, shaderc_optimization_level_zero);
    }
    ByteBuffer text = memUTF8(sourceText, false);
    ByteBuffer name = memUTF8(sourceName, true);
    ByteBuffer entry = memUTF8("main", true);
    long result = 0;
    try {
      for (Map.Entry<String, String> define : defines.entrySet()) {
        shaderc_compile_options_add_macro_definition(opts, define.getKey(), define.getValue());
      }
      result = shaderc_compile_into_spv(compiler, text, shaderc_compute_shader, name, entry, opts);
      if (result == 0) {
        throw new CompileError("shaderc returned no result (out of memory?)");
      }
      int status = shaderc_result_get_compilation_status(result);
      String messages = shaderc_result_get_error_message(result);
      messages = messages == null ? "" : messages.strip();
      if (status != shaderc_compilation_status_success) {
        throw new CompileError(
            (messages.isEmpty() ? sourceName + ": compilation failed" : messages)
                + " ["
                + statusName(status)
                + "]");
      }
      ByteBuffer bytes = shaderc_result_get_bytes(result);
      byte[] spirv = new byte[bytes.remaining()];
      bytes.get(spirv);
      return new Output(spirv, messages);
    } finally {
      if (result != 0) {
        shaderc_result_release(result);
      }
      shaderc_compile_options_release(opts);
      memFree(text);
      memFree(name);
      memFree(entry);
    }
  }

  @Override
  public void close() {
    shaderc_compile_options_release(options);
    shaderc_compiler_release(compiler);
    resolveCallback.free();
    releaseCallback.free();
    for (ByteBuffer[] buffers : liveIncludes.values()) {
      freeAll(buffers);
    }
    liveIncludes.clear();
  }

  /** The shaderc include callback: never throws, reports failures as shaderc expects. */
  private long resolveInclude(
      long userData, long requestedSource, int type, long requestingSource, long includeDepth) {
    String requested = memUTF8(requestedSource);
    String requesting = memUTF8(requestingSource);
    String resolvedName;
    String content;
    try {
      Path file =
          IncludeResolver.resolve(
              root, requested, requesting, type == shaderc_include_type_relative);
      resolvedName = IncludeResolver.displayName(root, file);
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      resolvedName = ""; // an empty name tells shaderc the include failed; content is the reason
      content = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    ByteBuffer nameBuffer = bytes(resolvedName);
    ByteBuffer contentBuffer = bytes(content);
    ShadercIncludeResult result = ShadercIncludeResult.calloc();
    result.set(nameBuffer, contentBuffer, 0L);
    liveIncludes.put(result.address(), new ByteBuffer[] {nameBuffer, contentBuffer});
    return result.address();
  }

  private void release(long resultAddress) {
    ByteBuffer[] buffers = liveIncludes.remove(resultAddress);
    if (buffers != null) {
      freeAll(buffers);
    }
    ShadercIncludeResult.create(resultAddress).free();
  }

  private static ByteBuffer bytes(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = memAlloc(Math.max(1, utf8.length));
    buffer.put(utf8).flip();
    return buffer;
  }

  private static void freeAll(ByteBuffer[] buffers) {
    for (ByteBuffer buffer : buffers) {
      memFree(buffer);
    }
  }

  private static String statusName(int status) {
    switch (status) {
      case shaderc_compilation_status_invalid_stage:
        return "invalid stage";
      case shaderc_compilation_status_compilation_error:
        return "compilation error";
      case shaderc_compilation_status_internal_error:
        return "internal error";
      case shaderc_compilation_status_null_result_object:
        return "null result object";
      case shaderc_compilation_status_invalid_assembly:
        return "invalid assembly";
      case shaderc_compilation_status_validation_error:
        return "validation error";
      case shaderc_compilation_status_transformation_error:
        return "transformation error";
      case shaderc_compilation_status_configuration_error:
        return "configuration error";
      default:
        return "status " + status;
    }
  }
}
