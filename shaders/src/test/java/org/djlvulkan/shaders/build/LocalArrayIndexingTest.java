package org.djlvulkan.shaders.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.djlvulkan.shaders.KernelIndex;
import org.djlvulkan.shaders.KernelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which kernels index a function-local array at run time (and so keep it in local memory). */
class LocalArrayIndexingTest {

  /**
   * Sources whose kernels still index a local array at run time, and why that is accepted for now.
   * Every other kernel must keep its arrays indexed by constants: the float GEMMs ran six times
   * slower on an H100 with their accumulators indexed from a loop the optimizer left rolled.
   */
  private static final Map<String, String> KNOWN =
      Map.of(
          "qconv/q8_gemm_reg.comp",
          "the CPU drivers' int8 GEMM, whose memory is the CPU's",
          "layout/nc4hw4_remap.comp",
          "a rank-sized index array of a layout copy");

  @TempDir Path root;
  @TempDir Path out;

  private ByteBuffer compile(String body) throws Exception {
    Files.writeString(
        root.resolve("t.comp"),
        "#version 450\n#extension GL_GOOGLE_include_directive : require\n"
            + "#extension GL_EXT_control_flow_attributes : require\n"
            + "layout(local_size_x = 64) in;\n"
            + "layout(set = 0, binding = 0) buffer Out { vec4 dst[]; };\n"
            + "layout(push_constant) uniform Push { uint n; } pc;\n"
            + "void main() {\n"
            + "  vec4 acc[4];\n"
            + "  [[unroll]] for (int i = 0; i < 4; i++) {\n"
            + "    acc[i] = dst[i + 4];\n"
            + "  }\n"
            + body
            + "}\n");
    Files.writeString(
        root.resolve("kernels.json"), "{\"kernels\": [{\"name\": \"t\", \"source\": \"t.comp\"}]}");
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    byte[] spirv = new ShaderBuild(root, out, log).run().kernels().get(0).spirv();
    return ByteBuffer.wrap(spirv);
  }

  @Test
  void findsAnArrayIndexedFromALoopTheOptimizerLeftRolled() throws Exception {
    String stores =
        "    if (uint(i) >= pc.n) {\n"
            + "      continue;\n"
            + "    }\n"
            + "    dst[i] = acc[i];\n"
            + "  }\n";
    // A `continue` keeps the loop rolled: acc is indexed by the loop counter at run time.
    assertThat(
            LocalArrayIndexing.runtimeIndexedArrays(
                compile("  [[unroll]] for (int i = 0; i < 4; i++) {\n" + stores)))
        .hasSize(1);
    // The same stores under an `if` unroll, and every index is a constant.
    assertThat(
            LocalArrayIndexing.runtimeIndexedArrays(
                compile(
                    "  [[unroll]] for (int i = 0; i < 4; i++) {\n"
                        + "    if (uint(i) < pc.n) {\n"
                        + "      dst[i] = acc[i];\n"
                        + "    }\n"
                        + "  }\n")))
        .isEmpty();
  }

  @Test
  void kernelsIndexTheirLocalArraysByConstants() {
    Map<String, String> offenders = new TreeMap<>();
    for (KernelInfo k : KernelIndex.load().all()) {
      // The one-pass split-K GEMMs (PARTIAL 2, not the default) count tiles in a loop of their
      // own; the CPU drivers' 8 x 4 float tiles keep their accumulate loop rolled on purpose
      // (GEMM_ROLLED_ACCUMULATE: llvmpipe runs it faster).
      if (KNOWN.containsKey(k.source())
          || "2".equals(k.defines().get("PARTIAL"))
          || "1".equals(k.defines().get("GEMM_ROLLED_ACCUMULATE"))) {
        continue;
      }
      var arrays = LocalArrayIndexing.runtimeIndexedArrays(k.spirv());
      if (!arrays.isEmpty()) {
        offenders.put(k.name(), k.source() + " " + arrays);
      }
    }
    assertThat(offenders).as("kernels indexing a local array at run time").isEmpty();
  }
}
