package org.djlvulkan.shaders.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.djlvulkan.shaders.BindingInfo;
import org.djlvulkan.shaders.BindingInfo.Kind;
import org.djlvulkan.shaders.SpecConstantInfo;
import org.djlvulkan.shaders.SpecConstantInfo.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpirvReflectorTest {

  @TempDir Path root;
  @TempDir Path out;

  /** Compiles one shader through the real build and returns what the index would say. */
  private SpirvReflector.Reflection compile(String glsl) throws Exception {
    Files.writeString(
        root.resolve("t.comp"),
        "#version 450\n#extension GL_GOOGLE_include_directive : require\n" + glsl);
    Files.writeString(
        root.resolve("kernels.json"), "{\"kernels\": [{\"name\": \"t\", \"source\": \"t.comp\"}]}");
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    ShaderBuild.CompiledKernel kernel = new ShaderBuild(root, out, log).run().kernels().get(0);
    // The build reflects exactly the module it writes; only the names come from elsewhere.
    SpirvReflector.Reflection raw = SpirvReflector.reflect(kernel.spirv());
    assertThat(raw.bindings()).isEqualTo(kernel.reflection().bindings());
    assertThat(raw.pushConstantBytes()).isEqualTo(kernel.reflection().pushConstantBytes());
    assertThat(raw.specConstants())
        .extracting(SpecConstantInfo::id, SpecConstantInfo::type)
        .isEqualTo(
            kernel.reflection().specConstants().stream()
                .map(c -> org.assertj.core.groups.Tuple.tuple(c.id(), c.type()))
                .toList());
    return kernel.reflection();
  }

  @Test
  void reflectsBindingsPushConstantsAndSpecConstants() throws Exception {
    SpirvReflector.Reflection r =
        compile(
            "layout(local_size_x = 64) in;\n"
                + "layout(constant_id = 3) const int K = 4;\n"
                + "layout(constant_id = 7) const float SCALE = 1.5;\n"
                + "layout(set = 0, binding = 0) readonly buffer In { float src[]; };\n"
                + "layout(set = 0, binding = 1) buffer Out { float dst[]; };\n"
                + "layout(set = 0, binding = 2) uniform Params { vec4 bias; } ubo;\n"
                + "layout(push_constant) uniform Push { ivec4 a; uint b; float c[3]; } pc;\n"
                + "void main() {\n"
                + "  uint i = gl_GlobalInvocationID.x;\n"
                + "  if (i < pc.b) {\n"
                + "    dst[i] = src[i] * SCALE + float(K + pc.a.x) + pc.c[i % 3u] + ubo.bias.x;\n"
                + "  }\n"
                + "}\n");

    assertThat(r.bindings())
        .containsExactly(
            new BindingInfo(0, 0, Kind.STORAGE_BUFFER, true),
            new BindingInfo(0, 1, Kind.STORAGE_BUFFER, false),
            new BindingInfo(0, 2, Kind.UNIFORM_BUFFER, true));
    // std430: a at 0 (16 bytes), b at 16 (4), c at 20 with stride 4 (12) -> 32.
    assertThat(r.pushConstantBytes()).isEqualTo(32);
    assertThat(r.specConstants())
        .containsExactly(
            new SpecConstantInfo(3, "K", Type.INT), new SpecConstantInfo(7, "SCALE", Type.FLOAT));
  }

  @Test
  void reflectsWorkgroupSizeBoolAndUintSpecConstants() throws Exception {
    SpirvReflector.Reflection r =
        compile(
            "layout(local_size_x_id = 1, local_size_y_id = 2) in;\n"
                + "layout(constant_id = 0) const bool FLAG = false;\n"
                + "layout(constant_id = 4) const uint N = 8u;\n"
                + "layout(binding = 0) buffer Data { uint data[]; };\n"
                + "void main() {\n"
                + "  if (FLAG) { data[gl_GlobalInvocationID.x] = N * gl_WorkGroupSize.y; }\n"
                + "}\n");

    assertThat(r.specConstants())
        .containsExactly(
            new SpecConstantInfo(0, "FLAG", Type.BOOL),
            new SpecConstantInfo(1, "local_size_x", Type.UINT),
            new SpecConstantInfo(2, "local_size_y", Type.UINT),
            new SpecConstantInfo(4, "N", Type.UINT));
    assertThat(r.pushConstantBytes()).isZero();
  }

  @Test
  void sizesMatricesAndVec3InPushConstants() throws Exception {
    SpirvReflector.Reflection r =
        compile(
            "layout(local_size_x = 1) in;\n"
                + "layout(binding = 0) buffer Data { float data[]; };\n"
                + "layout(push_constant) uniform Push { mat3 m; vec3 v; float f; } pc;\n"
                + "void main() { data[0] = (pc.m * pc.v).x + pc.f; }\n");

    // std430: mat3 columns have stride 16 -> 48 bytes; v at 48 (12 bytes); f at 60 -> 64.
    assertThat(r.pushConstantBytes()).isEqualTo(64);
  }

  @Test
  void aliasedBindingsMergeAndWholeBlockReadonlyCounts() throws Exception {
    SpirvReflector.Reflection r =
        compile(
            "layout(local_size_x = 1) in;\n"
                + "layout(binding = 0) readonly buffer A { float a[]; };\n"
                + "layout(binding = 0) readonly buffer A4 { vec4 a4[]; };\n"
                + "layout(binding = 1) buffer B { float b[]; };\n"
                + "layout(binding = 1) readonly buffer B4 { vec4 b4[]; };\n"
                + "void main() { b[0] = a[0] + a4[1].x + b4[1].y; }\n");

    assertThat(r.bindings())
        .containsExactly(
            new BindingInfo(0, 0, Kind.STORAGE_BUFFER, true),
            new BindingInfo(0, 1, Kind.STORAGE_BUFFER, false));
  }

  @Test
  void imageDescriptorsAreRejected() throws Exception {
    assertThatThrownBy(
            () ->
                compile(
                    "layout(local_size_x = 1) in;\n"
                        + "layout(binding = 0, r32f) uniform image2D img;\n"
                        + "void main() { imageStore(img, ivec2(0), vec4(1.0)); }\n"))
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("only buffers are supported");
  }

  @Test
  void rejectsWhatIsNotSpirv() {
    assertThatThrownBy(() -> SpirvReflector.reflect(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a SPIR-V module");
    assertThatThrownBy(() -> SpirvReflector.reflect(new byte[20]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic");
    int[] truncated = {SpirvReflector.MAGIC, 0x00010500, 0, 10, 0, (5 << 16) | 71};
    assertThatThrownBy(() -> SpirvReflector.reflect(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("word count 5");
  }
}
