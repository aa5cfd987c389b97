import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code org.djlvulkan.shaders.KernelId}, one enum constant per kernel that {@code
 * kernels.json} declares, so code names kernels by constant instead of by string. Runs as a
 * single-file program in the shaders module's generate-sources phase (JDK only); the shader build
 * checks afterwards that the constants and the manifest agree.
 *
 * <p>Usage: {@code java GenerateKernelIds.java KERNELS_JSON OUTPUT_SOURCE_ROOT}
 */
public final class GenerateKernelIds {
  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

  private GenerateKernelIds() {}

  public static void main(String[] args) throws IOException {
    String manifest = Files.readString(Path.of(args[0]));
    Map<String, String> constants = new LinkedHashMap<>();
    Matcher m = NAME.matcher(manifest);
    while (m.find()) {
      String kernel = m.group(1);
      String constant = kernel.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
      if (Character.isDigit(constant.charAt(0))) {
        constant = "K_" + constant;
      }
      String before = constants.put(constant, kernel);
      if (before != null) {
        throw new IllegalStateException(
            "kernels '" + before + "' and '" + kernel + "' map to one constant " + constant);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("package org.djlvulkan.shaders;\n\n")
        .append("/**\n")
        .append(" * Every kernel of the shaders jar, by constant. Generated from {@code kernels.json}")
        .append(" by {@code\n * shaders/src/build/GenerateKernelIds.java}; do not edit.\n */\n")
        .append("public enum KernelId {\n");
    int i = 0;
    for (Map.Entry<String, String> e : constants.entrySet()) {
      out.append("  /** {@code ").append(e.getValue()).append("}. */\n  ")
          .append(e.getKey()).append("(\"").append(e.getValue()).append("\")")
          .append(++i == constants.size() ? ";\n\n" : ",\n");
    }
    out.append("  private final String kernelName;\n\n")
        .append("  KernelId(String kernelName) {\n    this.kernelName = kernelName;\n  }\n\n")
        .append("  /**\n   * Returns the kernel's name in the manifest and the kernel index.\n   *\n")
        .append("   * @return the name\n   */\n")
        .append("  public String kernelName() {\n    return kernelName;\n  }\n}\n");
    Path file = Path.of(args[1], "org", "djlvulkan", "shaders", "KernelId.java");
    Files.createDirectories(file.getParent());
    if (!Files.exists(file) || !Files.readString(file).contentEquals(out)) {
      Files.writeString(file, out);
    }
  }
}
