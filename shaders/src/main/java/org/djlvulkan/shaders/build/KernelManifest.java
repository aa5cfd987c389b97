package org.djlvulkan.shaders.build;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.djlvulkan.shaders.KernelFeature;

/** Reads and checks {@code kernels.json}. See {@code shaders/README.md} for the format. */
final class KernelManifest {

  static final String FILE_NAME = "kernels.json";

  private static final Pattern KERNEL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Pattern MACRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> ROOT_KEYS = Set.of("kernels", "comment");
  private static final Set<String> KERNEL_KEYS =
      Set.of("name", "source", "defines", "requires", "comment");
  private static final Set<String> FAMILY_KEYS =
      Set.of("source", "variants", "defines", "requires", "comment");
  private static final Set<String> VARIANT_KEYS = Set.of("name", "defines", "requires", "comment");

  private KernelManifest() {}

  /**
   * Reads the manifest in a GLSL root.
   *
   * @param glslRoot the folder holding {@code kernels.json} and the sources
   * @return the kernels in manifest order
   * @throws ShaderBuildException if the manifest is missing, malformed, names an unknown feature or
   *     a missing source, or declares a kernel name twice
   */
  static List<KernelSpec> read(Path glslRoot) throws ShaderBuildException {
    Path file = glslRoot.resolve(FILE_NAME);
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ShaderBuildException(FILE_NAME + ": cannot read " + file + ": " + e, e);
    }
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new ShaderBuildException(FILE_NAME + " is not valid JSON: " + e.getMessage(), e);
    }
    return parse(root, glslRoot);
  }

  private static List<KernelSpec> parse(JsonElement root, Path glslRoot)
      throws ShaderBuildException {
    JsonObject top = object(root, "the top level");
    checkKeys(top, ROOT_KEYS, "the top level");
    JsonArray entries = array(top.get("kernels"), "\"kernels\"");
    List<KernelSpec> specs = new ArrayList<>();
    Map<String, String> firstDeclared = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = "kernels[" + i + "]";
      JsonObject entry = object(entries.get(i), where);
      List<KernelSpec> fromEntry = new ArrayList<>();
      if (entry.has("variants")) {
        checkKeys(entry, FAMILY_KEYS, where);
        String source = source(entry, where, glslRoot);
        Map<String, String> commonDefines = defines(entry.get("defines"), where);
        Set<KernelFeature> commonRequires = requires(entry.get("requires"), where);
        JsonArray variants = array(entry.get("variants"), where + ".variants");
        if (variants.isEmpty()) {
          throw error(where + ": \"variants\" is empty");
        }
        for (int v = 0; v < variants.size(); v++) {
          String vwhere = where + ".variants[" + v + "]";
          JsonObject variant = object(variants.get(v), vwhere);
          checkKeys(variant, VARIANT_KEYS, vwhere);
          String name = name(variant, vwhere);
          vwhere = "kernel '" + name + "'";
          Map<String, String> defines = new LinkedHashMap<>(commonDefines);
          defines.putAll(defines(variant.get("defines"), vwhere));
          Set<KernelFeature> requires = EnumSet.noneOf(KernelFeature.class);
          requires.addAll(commonRequires);
          requires.addAll(requires(variant.get("requires"), vwhere));
          fromEntry.add(new KernelSpec(name, source, defines, requires));
        }
      } else {
        checkKeys(entry, KERNEL_KEYS, where);
        String name = name(entry, where);
        where = "kernel '" + name + "'";
        fromEntry.add(
            new KernelSpec(
                name,
                source(entry, where, glslRoot),
                defines(entry.get("defines"), where),
                requires(entry.get("requires"), where)));
      }
      for (KernelSpec spec : fromEntry) {
        String previous = firstDeclared.putIfAbsent(spec.name(), "kernels[" + i + "]");
        if (previous != null) {
          throw error(
              "duplicate kernel name '"
                  + spec.name()
                  + "' (declared in "
                  + previous
                  + " and in kernels["
                  + i
                  + "]); kernel names must be unique");
        }
        specs.add(spec);
      }
    }
    return specs;
  }

  private static String name(JsonObject entry, String where) throws ShaderBuildException {
    String name = string(entry.get("name"), where + ": \"name\"");
    if (!KERNEL_NAME.matcher(name).matches()) {
      throw error(
          where + ": kernel name '" + name + "' may only hold letters, digits, '_', '.' and '-'");
    }
    return name;
  }

  private static String source(JsonObject entry, String where, Path glslRoot)
      throws ShaderBuildException {
    String source = string(entry.get("source"), where + ": \"source\"").replace('\\', '/');
    Path root = glslRoot.toAbsolutePath().normalize();
    Path file = root.resolve(source).normalize();
    if (source.startsWith("/") || !file.startsWith(root)) {
      throw error(where + ": source '" + source + "' must be a path inside " + root);
    }
    if (!Files.isRegularFile(file)) {
      throw error(where + ": source '" + source + "' does not exist (looked for " + file + ")");
    }
    return root.relativize(file).toString().replace('\\', '/');
  }

  private static Map<String, String> defines(JsonElement json, String where)
      throws ShaderBuildException {
    Map<String, String> defines = new LinkedHashMap<>();
    if (json == null || json.isJsonNull()) {
      return defines;
    }
    JsonObject object = object(json, where + ": \"defines\"");
    for (Map.Entry<String, JsonElement> e : object.entrySet()) {
      if (!MACRO_NAME.matcher(e.getKey()).matches()) {
        throw error(where + ": '" + e.getKey() + "' in \"defines\" is not a macro name");
      }
      JsonElement value = e.getValue();
      if (!value.isJsonPrimitive()) {
        throw error(
            where
                + ": define '"
                + e.getKey()
                + "' must be a string, number or boolean, not "
                + value);
      }
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      defines.put(
          e.getKey(),
          primitive.isBoolean() ? (primitive.getAsBoolean() ? "1" : "0") : primitive.getAsString());
    }
    return defines;
  }

  private static Set<KernelFeature> requires(JsonElement json, String where)
      throws ShaderBuildException {
    Set<KernelFeature> features = EnumSet.noneOf(KernelFeature.class);
    if (json == null || json.isJsonNull()) {
      return features;
    }
    for (JsonElement element : array(json, where + ": \"requires\"")) {
      String feature = string(element, where + ": an entry of \"requires\"");
      try {
        features.add(KernelFeature.valueOf(feature));
      } catch (IllegalArgumentException e) {
        throw error(
            where
                + ": unknown feature '"
                + feature
                + "' in \"requires\"; known features: "
                + Arrays.stream(KernelFeature.values())
                    .map(Enum::name)
                    .collect(Collectors.joining(", ")));
      }
    }
    return features;
  }

  private static void checkKeys(JsonObject object, Set<String> allowed, String where)
      throws ShaderBuildException {
    for (String key : object.keySet()) {
      if (!allowed.contains(key)) {
        throw error(
            where
                + ": unknown key \""
                + key
                + "\"; allowed keys: "
                + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static JsonObject object(JsonElement json, String what) throws ShaderBuildException {
    if (json == null || !json.isJsonObject()) {
      throw error(what + " must be a JSON object");
    }
    return json.getAsJsonObject();
  }

  private static JsonArray array(JsonElement json, String what) throws ShaderBuildException {
    if (json == null || !json.isJsonArray()) {
      throw error(what + " must be a JSON array");
    }
    return json.getAsJsonArray();
  }

  private static String string(JsonElement json, String what) throws ShaderBuildException {
    if (json == null || !json.isJsonPrimitive() || !json.getAsJsonPrimitive().isString()) {
      throw error(what + " must be a string");
    }
    String value = json.getAsString();
    if (value.isBlank()) {
      throw error(what + " must not be empty");
    }
    return value;
  }

  private static ShaderBuildException error(String message) {
    return new ShaderBuildException(FILE_NAME + ": " + message);
  }
}
