package org.djlvulkan.cli.classify;

import java.util.List;
import java.util.Locale;
import org.djlvulkan.zoo.translator.RankedClass;

/** What {@code classify} prints for one image. */
public final class ClassificationReport {
  private ClassificationReport() {}

  /**
   * Returns the lines for one image: its path, then one line per class {@code " <rank>. <label>
   * (<class index>) <probability>"}, then the time taken.
   *
   * @param image the image as given on the command line
   * @param top the most probable classes, most probable first
   * @param millis the time of the prediction (pre-processing, inference, post-processing)
   * @return the lines, each ending with a newline
   */
  public static String format(String image, List<RankedClass> top, double millis) {
    StringBuilder sb = new StringBuilder(image).append('\n');
    for (int i = 0; i < top.size(); i++) {
      RankedClass c = top.get(i);
      sb.append(
          String.format(
              Locale.ROOT, "  %d. %s (%d) %.4f\n", i + 1, c.label(), c.index(), c.probability()));
    }
    return sb.append(String.format(Locale.ROOT, "  time: %.2f ms\n", millis)).toString();
  }
}
