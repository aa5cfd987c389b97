package org.djlvulkan.backend.lower;

import org.djlvulkan.backend.model.ElementType;

/**
 * How a graph output of one variant comes back to the host.
 *
 * @param name the output's name (also the device output's name)
 * @param type the element type the caller receives
 * @param shape the concrete shape
 * @param quant for a UINT8/INT8 output, the grid its float device values are rounded to; else null
 * @param irValue for a value that a later step of the variant reads, its IR name; null for a graph
 *     output
 */
record OutputInfo(String name, ElementType type, long[] shape, Quant quant, String irValue) {
  OutputInfo {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
