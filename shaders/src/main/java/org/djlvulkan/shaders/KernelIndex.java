package org.djlvulkan.shaders;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The kernels compiled into the shaders jar, read from the class path resource {@value
 * #INDEX_RESOURCE}. Instances are immutable and safe to share between threads.
 */
public final class KernelIndex {

  /** The class path folder that holds the index and the SPIR-V modules. */
  public static final String RESOURCE_DIR = "/org/djlvulkan/shaders/spirv/";

  /** The class path resource of the index. */
  public static final String INDEX_RESOURCE = RESOURCE_DIR + "index.json";

  /** The version of the index format that this class reads. */
  public static final int FORMAT = 1;

  private static volatile KernelIndex shared;

  private final Map<String, KernelInfo> kernels;

  private KernelIndex(Map<String, KernelInfo> kernels) {
    this.kernels = Collections.unmodifiableMap(kernels);
  }

  /**
   * Reads the index from the class path. Each call reads it anew; most callers want {@link
   * #shared()}.
   *
   * @return the index
   * @throws IllegalStateException if the index is missing (the shaders jar is not built or not on
   *     the class path) or malformed
   */
  public static KernelIndex load() {
    return load(KernelIndex.class::getResourceAsStream);
  }

  /** Reads the index through a resource opener; tests pass their own. */
  static KernelIndex load(Function<String, InputStream> openResource) {
    try (InputStream in = openResource.apply(INDEX_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "kernel index "
                + INDEX_RESOURCE
                + " not found on the class path: the shaders jar is not built or not on the"
                + " class path (build it with 'mvn -pl shaders install')");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX_RESOURCE, e);
    }
  }

  /**
   * The index read once from the class path and kept for the life of the class loader.
   *
   * @return the shared index
   * @throws IllegalStateException as {@link #load()}; a later call tries again
   */
  public static KernelIndex shared() {
    KernelIndex index = shared;
    if (index == null) {
      synchronized (KernelIndex.class) {
        index = shared;
        if (index == null) {
          index = load();
          shared = index;
        }
      }
    }
    return index;
  }

  /**
   * Looks a kernel up by id.
   *
   * @param id the kernel
   * @return the kernel
   * @throws IllegalArgumentException if the index has no such kernel (a stale build)
   */
  public KernelInfo get(KernelId id) {
    return get(id.kernelName());
  }

  /**
   * Looks a kernel up by name.
   *
   * @param name the kernel name from {@code kernels.json}
   * @return the kernel
   * @throws IllegalArgumentException if the index has no kernel of that name
   */
  public KernelInfo get(String name) {
    KernelInfo kernel = kernels.get(name);
    if (kernel == null) {
      throw new IllegalArgumentException(
          "unknown kernel '"
              + name
              + "'; the index has "
              + kernels.size()
              + " kernels: "
              + String.join(", ", new TreeSet<>(kernels.keySet())));
    }
    return kernel;
  }

  /**
   * Tells whether the index has a kernel.
   *
   * @param name the kernel name
   * @return whether {@link #get(String)} would find it
   */
  public boolean contains(String name) {
    return kernels.containsKey(name);
  }

  /**
   * All kernels.
   *
   * @return an unmodifiable collection in manifest order
   */
  public Collection<KernelInfo> all() {
    return kernels.values();
  }

  /**
   * A short summary for logs.
   *
   * @return the number of kernels
   */
  @Override
  public String toString() {
    return "KernelIndex{" + kernels.size() + " kernels}";
  }

  static KernelIndex parse(Reader reader) {
    JsonArray entries;
    try {
      JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
      int format = root.has("format") ? root.get("format").getAsInt() : -1;
      if (format != FORMAT) {
        throw new IllegalStateException(
            INDEX_RESOURCE + " has format " + format + "; this code reads format " + FORMAT);
      }
      entries = root.getAsJsonArray("kernels");
      if (entries == null) {
        throw new IllegalStateException(INDEX_RESOURCE + " has no \"kernels\" array");
      }
    } catch (JsonParseException | IllegalStateException | ClassCastException e) {
      throw new IllegalStateException(INDEX_RESOURCE + " is malformed: " + e.getMessage(), e);
    }
    Map<String, KernelInfo> kernels = new LinkedHashMap<>();
    for (JsonElement element : entries) {
      KernelInfo kernel = parseKernel(element);
      if (kernels.put(kernel.name(), kernel) != null) {
        throw new IllegalStateException(
            INDEX_RESOURCE + " lists kernel '" + kernel.name() + "' twice");
      }
    }
    return new KernelIndex(kernels);
  }

  private static KernelInfo parseKernel(JsonElement entry) {
    String name = "?";
    try {
      JsonObject json = entry.getAsJsonObject();
      name = json.get("name").getAsString();
      Map<String, String> defines = new LinkedHashMap<>();
      if (json.has("defines")) {
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("defines").entrySet()) {
          defines.put(e.getKey(), e.getValue().getAsString());
        }
      }
      List<BindingInfo> bindings = new ArrayList<>();
      for (JsonElement element : array(json, "bindings")) {
        JsonObject b = element.getAsJsonObject();
        bindings.add(
            new BindingInfo(
                b.get("set").getAsInt(),
                b.get("binding").getAsInt(),
                BindingInfo.Kind.valueOf(b.get("kind").getAsString()),
                b.get("readOnly").getAsBoolean()));
      }
      List<SpecConstantInfo> specConstants = new ArrayList<>();
      for (JsonElement element : array(json, "specConstants")) {
        JsonObject s = element.getAsJsonObject();
        specConstants.add(
            new SpecConstantInfo(
                s.get("id").getAsInt(),
                s.get("name").getAsString(),
                SpecConstantInfo.Type.valueOf(s.get("type").getAsString())));
      }
      Set<KernelFeature> requires = EnumSet.noneOf(KernelFeature.class);
      for (JsonElement element : array(json, "requires")) {
        requires.add(KernelFeature.valueOf(element.getAsString()));
      }
      return new KernelInfo(
          name,
          json.get("spirv").getAsString(),
          json.get("source").getAsString(),
          defines,
          bindings,
          json.has("pushConstantBytes") ? json.get("pushConstantBytes").getAsInt() : 0,
          specConstants,
          requires);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          INDEX_RESOURCE + " is malformed at kernel '" + name + "': " + e, e);
    }
  }

  private static JsonArray array(JsonObject json, String key) {
    return json.has(key) ? json.getAsJsonArray(key) : new JsonArray();
  }
}
