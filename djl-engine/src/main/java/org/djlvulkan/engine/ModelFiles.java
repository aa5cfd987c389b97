package org.djlvulkan.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the model file of a model folder the way DJL's ONNX Runtime engine does: the {@code prefix}
 * given to {@code Model.load}, then the model's name, then the folder's name, then {@code model};
 * each tried as given and with {@code .onnx} and {@code .pte} appended. When none of them exists, a
 * folder holding exactly one {@code .onnx} or {@code .pte} file gives that file.
 */
final class ModelFiles {
  private ModelFiles() {}

  /**
   * Returns the candidate file names, in the order they are tried.
   *
   * @param prefix the prefix given to {@code Model.load}, may be null
   * @param modelName the model's name, may be null
   * @param folder the model folder
   * @return the names
   */
  static List<String> candidates(String prefix, String modelName, Path folder) {
    Set<String> names = new LinkedHashSet<>();
    for (String stem : new String[] {prefix, modelName, folderName(folder), "model"}) {
      if (stem == null || stem.isEmpty()) {
        continue;
      }
      names.add(stem);
      if (!stem.endsWith(".onnx") && !stem.endsWith(".pte")) {
        names.add(stem + ".onnx");
        names.add(stem + ".pte");
      }
    }
    return new ArrayList<>(names);
  }

  private static String folderName(Path folder) {
    Path name = folder.getFileName();
    return name == null ? null : name.toString();
  }

  /**
   * Returns the first candidate that is a regular file in {@code folder}, or null.
   *
   * @param folder the model folder
   * @param candidates the names to try, in order
   * @return the file, or null when none exists
   */
  static Path find(Path folder, List<String> candidates) {
    for (String name : candidates) {
      Path file = folder.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> models =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".pte"))
              .toList();
      return models.size() == 1 ? models.get(0) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
