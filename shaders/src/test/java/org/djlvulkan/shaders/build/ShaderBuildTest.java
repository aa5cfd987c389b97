package org.djlvulkan.shaders.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.djlvulkan.shaders.KernelFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShaderBuildTest {

  private static final String HEADER =
      "#version 450\n#extension GL_GOOGLE_include_directive : require\n";

  /** A valid kernel body that needs nothing else. */
  private static final String BODY =
      "layout(local_size_x = 64) in;\n"
          + "layout(binding = 0) buffer Data { uint data[]; };\n"
          + "void main() { data[gl_GlobalInvocationID.x] += 1u; }\n";

  @TempDir Path root;
  @TempDir Path out;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  private void write(String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void manifest(String kernelsArray) throws IOException {
    write("kernels.json", "{\"kernels\": " + kernelsArray + "}");
  }

  private ShaderBuild.Result build() throws ShaderBuildException {
    return new ShaderBuild(root, out, log).run();
  }

  private String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesSpirvAndIndex() throws Exception {
    write("a/k.comp", HEADER + "#include \"lib.glslh\"\n" + BODY);
    write("lib.glslh", "#define TWO 2\n");
    manifest(
        "[{\"name\": \"k\", \"source\": \"a/k.comp\", \"defines\": {\"X\": \"1\"},"
            + " \"requires\": [\"SHADER_INT16\"]}]");

    ShaderBuild.Result result = build();

    assertThat(result.kernels()).hasSize(1);
    byte[] spv = Files.readAllBytes(out.resolve("k.spv"));
    assertThat(ByteBuffer.wrap(spv).order(ByteOrder.LITTLE_ENDIAN).getInt(0))
        .isEqualTo(SpirvReflector.MAGIC);
    assertThat(spv).isEqualTo(result.kernels().get(0).spirv());
    assertThat(result.indexFile()).isEqualTo(out.resolve("index.json"));
    JsonObject index =
        JsonParser.parseString(Files.readString(result.indexFile())).getAsJsonObject();
    assertThat(index.get("format").getAsInt()).isEqualTo(1);
    JsonObject k = index.getAsJsonArray("kernels").get(0).getAsJsonObject();
    assertThat(k.get("name").getAsString()).isEqualTo("k");
    assertThat(k.get("spirv").getAsString()).isEqualTo("k.spv");
    assertThat(k.get("source").getAsString()).isEqualTo("a/k.comp");
    assertThat(k.getAsJsonObject("defines").get("X").getAsString()).isEqualTo("1");
    JsonObject binding = k.getAsJsonArray("bindings").get(0).getAsJsonObject();
    assertThat(binding.get("set").getAsInt()).isZero();
    assertThat(binding.get("binding").getAsInt()).isZero();
    assertThat(binding.get("kind").getAsString()).isEqualTo("STORAGE_BUFFER");
    assertThat(binding.get("readOnly").getAsBoolean()).isFalse();
    assertThat(k.get("pushConstantBytes").getAsInt()).isZero();
    assertThat(k.getAsJsonArray("specConstants")).isEmpty();
    assertThat(k.getAsJsonArray("requires").get(0).getAsString()).isEqualTo("SHADER_INT16");
  }

  @Test
  void variantFamiliesMergeDefinesAndRequires() throws Exception {
    write(
        "ops/binary.comp",
        HEADER
            + "#if !defined(OP) || !defined(TYPE)\n#error OP and TYPE must be defined\n#endif\n"
            + BODY);
    manifest(
        "[{\"source\": \"ops/binary.comp\", \"defines\": {\"TYPE\": \"float\", \"OP\": 9},"
            + " \"requires\": [\"SHADER_FLOAT16\"],"
            + " \"variants\": ["
            + "   {\"name\": \"add\", \"defines\": {\"OP\": 0}},"
            + "   {\"name\": \"mul\", \"defines\": {\"OP\": \"1\"}, \"requires\": [\"INT8_STORAGE\"]}"
            + "]}]");

    ShaderBuild.Result result = build();

    assertThat(result.kernels()).extracting(c -> c.spec().name()).containsExactly("add", "mul");
    KernelSpec add = result.kernels().get(0).spec();
    KernelSpec mul = result.kernels().get(1).spec();
    assertThat(add.source()).isEqualTo("ops/binary.comp");
    assertThat(add.defines()).containsEntry("TYPE", "float").containsEntry("OP", "0");
    assertThat(add.requires()).containsExactly(KernelFeature.SHADER_FLOAT16);
    assertThat(mul.defines()).containsEntry("OP", "1");
    assertThat(mul.requires())
        .containsExactlyInAnyOrder(KernelFeature.SHADER_FLOAT16, KernelFeature.INT8_STORAGE);
    assertThat(out.resolve("add.spv")).exists();
    assertThat(out.resolve("mul.spv")).exists();
  }

  @Test
  void glslErrorNamesFileLineKernelAndDefines() throws Exception {
    write(
        "ops/bad.comp",
        HEADER
            + "layout(local_size_x = 1) in;\n"
            + "\n"
            + "void main() {\n"
            + "  nope = 1;\n"
            + "}\n");
    manifest(
        "[{\"name\": \"broken\", \"source\": \"ops/bad.comp\", \"defines\": {\"FOO\": \"7\"}}]");

    assertThatThrownBy(this::build)
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("ops/bad.comp:6: error")
        .hasMessageContaining("'nope'")
        .hasMessageContaining("kernel 'broken'")
        .hasMessageContaining("FOO=7");
    assertThat(out.resolve("index.json")).doesNotExist();
  }

  @Test
  void mainReportsTheErrorAndExitsNonZero() throws Exception {
    write("bad.comp", HEADER + "void main() {\n  oops;\n}\n");
    manifest("[{\"name\": \"broken\", \"source\": \"bad.comp\"}]");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    int status =
        ShaderBuild.execute(
            new String[] {root.toString(), out.toString()},
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("bad.comp:4: error")
        .contains("kernel 'broken'");
  }

  @Test
  void mainSucceedsOnAGoodManifest() throws Exception {
    write("k.comp", HEADER + BODY);
    manifest("[{\"name\": \"k\", \"source\": \"k.comp\"}]");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    int status =
        ShaderBuild.execute(
            new String[] {root.toString(), out.toString()},
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            log);

    assertThat(status).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("1 kernels compiled");
    assertThat(ShaderBuild.execute(new String[0], log, log)).isEqualTo(2);
  }

  @Test
  void errorInHeaderNextToTheKernelNamesTheHeader() throws Exception {
    write("sub/kern.comp", HEADER + "#include \"helper.glslh\"\n" + BODY);
    write("sub/helper.glslh", "// helper\n\nfloat half(float x) { return x * 0.5 }\n");
    manifest("[{\"name\": \"k\", \"source\": \"sub/kern.comp\"}]");

    assertThatThrownBy(this::build)
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("sub/helper.glslh:3: error");
  }

  @Test
  void errorInNestedHeaderFoundFromTheRootNamesTheRightFile() throws Exception {
    // sub/kern.comp -> lib/outer.glslh (from the root) -> inner.glslh (next to outer)
    write("sub/kern.comp", HEADER + "#include \"lib/outer.glslh\"\n" + BODY);
    write("lib/outer.glslh", "#include \"inner.glslh\"\n");
    write("lib/inner.glslh", "// inner\n// helpers\n\nint broken() { return undefined_thing; }\n");
    manifest("[{\"name\": \"k\", \"source\": \"sub/kern.comp\"}]");

    assertThatThrownBy(this::build)
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("lib/inner.glslh:4: error")
        .hasMessageContaining("undefined_thing");
  }

  @Test
  void headerNextToTheKernelWinsOverTheRoot() throws Exception {
    write("sub/kern.comp", HEADER + "#include \"pick.glslh\"\n" + BODY);
    write("sub/pick.glslh", "#define PICKED 1\n");
    write("pick.glslh", "#error wrong header\n");
    manifest("[{\"name\": \"k\", \"source\": \"sub/kern.comp\"}]");

    assertThat(build().kernels()).hasSize(1);
  }

  @Test
  void missingIncludeIsReported() throws Exception {
    write("k.comp", HEADER + "#include \"nope.glslh\"\n" + BODY);
    manifest("[{\"name\": \"k\", \"source\": \"k.comp\"}]");

    assertThatThrownBy(this::build)
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("k.comp:3:")
        .hasMessageContaining("nope.glslh");
  }

  @Test
  void everyBrokenKernelIsReported() throws Exception {
    write("good.comp", HEADER + BODY);
    write("bad1.comp", HEADER + "void main() { a; }\n");
    write("bad2.comp", HEADER + "void main() { b; }\n");
    manifest(
        "[{\"name\": \"good\", \"source\": \"good.comp\"},"
            + " {\"name\": \"bad1\", \"source\": \"bad1.comp\"},"
            + " {\"name\": \"bad2\", \"source\": \"bad2.comp\"}]");

    assertThatThrownBy(this::build)
        .hasMessageContaining("bad1.comp:3: error")
        .hasMessageContaining("bad2.comp:3: error")
        .hasMessageContaining("2 of 3 kernels failed");
  }

  @Test
  void unknownFeatureFails() throws Exception {
    write("k.comp", HEADER + BODY);
    manifest("[{\"name\": \"k\", \"source\": \"k.comp\", \"requires\": [\"WARP_DRIVE\"]}]");

    assertThatThrownBy(this::build)
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("kernels.json: kernel 'k': unknown feature 'WARP_DRIVE'")
        .hasMessageContaining("known features: INT8_STORAGE, INT16_STORAGE");
  }

  @Test
  void duplicateNameFails() throws Exception {
    write("k.comp", HEADER + BODY);
    manifest(
        "[{\"name\": \"twice\", \"source\": \"k.comp\"},"
            + " {\"source\": \"k.comp\", \"variants\": [{\"name\": \"other\"}, {\"name\": \"twice\"}]}]");

    assertThatThrownBy(this::build)
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("duplicate kernel name 'twice'")
        .hasMessageContaining("kernels[0]")
        .hasMessageContaining("kernels[1]");
  }

  @Test
  void manifestMistakesFailClearly() throws Exception {
    write("k.comp", HEADER + BODY);

    manifest("[{\"name\": \"k\", \"source\": \"k.comp\", \"define\": {}}]");
    assertThatThrownBy(this::build).hasMessageContaining("unknown key \"define\"");

    manifest("[{\"name\": \"k\", \"source\": \"missing.comp\"}]");
    assertThatThrownBy(this::build).hasMessageContaining("source 'missing.comp' does not exist");

    manifest("[{\"name\": \"bad name\", \"source\": \"k.comp\"}]");
    assertThatThrownBy(this::build).hasMessageContaining("kernel name 'bad name'");

    manifest("[{\"source\": \"k.comp\"}]");
    assertThatThrownBy(this::build).hasMessageContaining("kernels[0]: \"name\" must be a string");

    write("kernels.json", "{\"kernels\": [");
    assertThatThrownBy(this::build).hasMessageContaining("kernels.json is not valid JSON");
  }

  @Test
  void descriptorSetOtherThanZeroFails() throws Exception {
    write(
        "k.comp",
        HEADER
            + "layout(local_size_x = 1) in;\n"
            + "layout(set = 1, binding = 0) buffer Data { uint data[]; };\n"
            + "void main() { data[0] = 1u; }\n");
    manifest("[{\"name\": \"k\", \"source\": \"k.comp\"}]");

    assertThatThrownBy(this::build)
        .isInstanceOf(ShaderBuildException.class)
        .hasMessageContaining("kernel 'k'")
        .hasMessageContaining("descriptor set 1");
  }

  @Test
  void staleSpirvIsRemovedAndUnusedSourcesWarned() throws Exception {
    write("k.comp", HEADER + BODY);
    write("unused/orphan.comp", HEADER + BODY);
    Files.write(out.resolve("gone.spv"), new byte[] {1, 2, 3, 4});
    manifest("[{\"name\": \"k\", \"source\": \"k.comp\"}]");

    build();

    assertThat(out.resolve("gone.spv")).doesNotExist();
    assertThat(out.resolve("k.spv")).exists();
    assertThat(log()).contains("unused/orphan.comp is not used by any kernel");
  }
}
