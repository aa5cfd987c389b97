package org.djlvulkan.spark;

import java.io.Serializable;

/**
 * The classification of one image, or why it has none.
 *
 * @param path the image's path or name
 * @param classIndex the most probable class (the synset line), or null on error
 * @param label its label, or null on error
 * @param probability its probability, or null on error
 * @param error why the image has no class (undecodable bytes, a failed prediction), or null
 * @param top the most probable classes, most probable first (as many as asked; empty on error)
 */
public record ImageResult(
    String path,
    Integer classIndex,
    String label,
    Double probability,
    String error,
    java.util.List<Ranked> top)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One of the most probable classes.
   *
   * @param index the class index (synset line)
   * @param label its label
   * @param probability its probability
   */
  public record Ranked(int index, String label, double probability) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Copies the list. */
  public ImageResult {
    top = top == null ? java.util.List.of() : java.util.List.copyOf(top);
  }

  /** Returns a failed result. */
  static ImageResult failed(String path, String error) {
    return new ImageResult(path, null, null, null, error, null);
  }

  /** Returns the one-line report: file name, class index, label, probability, or the error. */
  public String line() {
    String name = path == null ? "?" : path.substring(path.lastIndexOf('/') + 1);
    if (error != null) {
      return name + "\terror: " + error;
    }
    return String.format(
        java.util.Locale.ROOT, "%s\t%d\t%s\t%.5f", name, classIndex, label, probability);
  }
}
