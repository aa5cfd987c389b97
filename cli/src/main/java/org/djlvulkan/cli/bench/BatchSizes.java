package org.djlvulkan.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.djlvulkan.cli.UsageException;

/** The batch sizes of {@code --batch}: a comma-separated list such as {@code 1,32}. */
public final class BatchSizes {
  /** The batch sizes of a model with a dynamic batch when {@code --batch} is not given. */
  public static final List<Integer> DEFAULT = List.of(1, 32);

  private BatchSizes() {}

  /**
   * Reads {@code --batch}.
   *
   * @param text the option's value, or empty when not given
   * @param fixedBatch the batch the model is fixed to, or 0 when dynamic
   * @return the batch sizes in the given order; without the option, {@link #DEFAULT} or the fixed
   *     batch
   * @throws UsageException for a size that is not a whole number above 0, a repeated size, or a
   *     size other than a fixed batch
   */
  public static List<Integer> parse(Optional<String> text, int fixedBatch) {
    if (text.isEmpty()) {
      return fixedBatch > 0 ? List.of(fixedBatch) : DEFAULT;
    }
    Set<Integer> sizes = new LinkedHashSet<>();
    for (String part : text.get().split(",", -1)) {
      int size;
      try {
        size = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        throw new UsageException(
            "--batch needs whole numbers separated by commas, got '" + text.get() + "'");
      }
      if (size < 1) {
        throw new UsageException("--batch sizes must be at least 1, got " + size);
      }
      if (!sizes.add(size)) {
        throw new UsageException("--batch lists " + size + " twice");
      }
      if (fixedBatch > 0 && size != fixedBatch) {
        throw new UsageException(
            "--batch " + size + ": the model's batch is fixed to " + fixedBatch);
      }
    }
    return new ArrayList<>(sizes);
  }
}
