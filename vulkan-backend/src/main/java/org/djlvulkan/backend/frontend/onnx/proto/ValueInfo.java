package org.djlvulkan.backend.frontend.onnx.proto;

import java.util.List;

/**
 * A decoded {@code ValueInfoProto} with its {@code TypeProto}.
 *
 * @param name the value's name
 * @param tensor whether the type is a tensor type ({@code tensor_type}); other types (sequences,
 *     maps, optionals, sparse tensors) are not supported
 * @param elemType the tensor's {@code TensorProto.DataType} (0 when unknown)
 * @param dims the dimensions, or null when the rank is unknown
 */
public record ValueInfo(String name, boolean tensor, int elemType, List<Dim> dims) {

  /**
   * One dimension of a tensor type: a value, a symbolic name, or unknown.
   *
   * @param value the size, or -1 when it is symbolic or unknown
   * @param param the symbolic name ({@code dim_param}), or null
   */
  public record Dim(long value, String param) {
    /** Returns whether the size is known. */
    public boolean known() {
      return value >= 0;
    }

    @Override
    public String toString() {
      return known() ? Long.toString(value) : param == null ? "?" : param;
    }
  }
}
