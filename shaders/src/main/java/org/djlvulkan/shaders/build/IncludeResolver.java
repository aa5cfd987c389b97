package org.djlvulkan.shaders.build;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the file an {@code #include} names. Pure Java, so it can be tested without shaderc. */
final class IncludeResolver {

  private IncludeResolver() {}

  /**
   * Resolves an include.
   *
   * @param root the GLSL root, absolute and normalized
   * @param requested the name in the directive
   * @param requesting the display name of the including file, relative to the root
   * @param relative whether the directive used quotes ({@code "x"}) rather than {@code <x>}
   * @return the absolute, normalized file
   * @throws FileNotFoundException if no candidate exists, naming the places tried
   */
  static Path resolve(Path root, String requested, String requesting, boolean relative)
      throws FileNotFoundException {
    Path fromRoot = root.resolve(requested).normalize();
    Path nextToIncluder = null;
    if (relative) {
      Path parent = root.resolve(requesting).normalize().getParent();
      nextToIncluder = (parent == null ? root : parent).resolve(requested).normalize();
      if (Files.isRegularFile(nextToIncluder)) {
        return nextToIncluder;
      }
    }
    if (Files.isRegularFile(fromRoot)) {
      return fromRoot;
    }
    throw new FileNotFoundException(
        "cannot find include file '"
            + requested
            + "' (looked for "
            + (nextToIncluder != null && !nextToIncluder.equals(fromRoot)
                ? displayName(root, nextToIncluder) + " and "
                : "")
            + displayName(root, fromRoot)
            + ")");
  }

  /**
   * The name shaderc shows for a file: its path relative to the root, with {@code /} separators.
   *
   * @param root the GLSL root, absolute and normalized
   * @param file an absolute, normalized file
   * @return the relative path
   */
  static String displayName(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
