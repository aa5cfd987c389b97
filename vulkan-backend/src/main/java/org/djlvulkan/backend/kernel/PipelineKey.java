package org.djlvulkan.backend.kernel;

import java.util.List;
import org.djlvulkan.shaders.KernelId;

/**
 * A kernel from the shader index with the values of its specialization constants: one compute
 * pipeline. Values are given in spec-constant id order as raw 32-bit words (floats by their bits).
 * Ids 0, 1, 2 are the workgroup size by the kernels' convention.
 *
 * @param kernel the kernel
 * @param specValues one 32-bit word per specialization constant of the kernel, by ascending id
 */
public record PipelineKey(KernelId kernel, List<Integer> specValues) {

  /**
   * Creates a key.
   *
   * @param kernel the kernel
   * @param specValues the spec-constant words by ascending id
   * @return the key
   */
  public static PipelineKey of(KernelId kernel, int... specValues) {
    return new PipelineKey(kernel, java.util.Arrays.stream(specValues).boxed().toList());
  }
}
