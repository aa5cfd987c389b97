package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.djlvulkan.backend.graph.DeviceMemoryTensor;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.model.TensorInfo;

/**
 * Moves tensors between DJL and a model: NDArrays become host tensors of the element type each
 * model input declares, and the model's outputs become NDArrays of their own type.
 *
 * <p>A float NDArray fed to an input of another float type is converted: float32 to a float16 input
 * (SqueezeNet's) rounds to nearest even. Other type mismatches are errors.
 */
public final class HostTensors {
  private HostTensors() {}

  /**
   * Returns the host tensor for one model input. A Vulkan engine array of the input's type is
   * shared, not copied: the tensor is only read, while the model runs.
   *
   * @param array the NDArray the caller passed
   * @param input the model input it feeds
   * @return a host tensor of the input's element type holding the array's elements
   * @throws IllegalArgumentException naming the input when the types cannot be converted
   */
  public static HostTensor toHost(NDArray array, TensorInfo input) {
    DataType given = array.getDataType();
    DataType wanted = DataTypes.fromElementType(input.type());
    long[] shape = array.getShape().getShape();
    if (given != wanted && (!DataTypes.isFloating(given) || !DataTypes.isFloating(wanted))) {
      throw new IllegalArgumentException(
          "input '" + input.name() + "' expects " + wanted + ", got an NDArray of " + given);
    }
    return new HostTensor(input.type(), shape, elements(array, wanted));
  }

  /** Returns whether an array holds 8-bit images {@code [N, H, W, 3]}. */
  public static boolean isImages(NDArray array) {
    long[] s = array.getShape().getShape();
    return array.getDataType() == DataType.UINT8 && s.length == 4 && s[3] == 3;
  }

  /**
   * Returns whether a model's inputs come with images at their own size in place of the first one:
   * one array more than the model's {@code declared} inputs, the first {@code uint8 [B]} (the
   * images' bytes) and the second {@code int32 [N, 12]} (their table, see {@code SourceImages}).
   *
   * @param inputs the arrays given
   * @param declared the number of inputs the model declares
   * @return whether they are images at their own size and the other inputs
   */
  public static boolean isSourceImages(NDList inputs, int declared) {
    return inputs.size() == declared + 1
        && inputs.get(0).getDataType() == DataType.UINT8
        && inputs.get(0).getShape().dimension() == 1
        && inputs.get(1).getDataType() == DataType.INT32
        && inputs.get(1).getShape().dimension() == 2;
  }

  /**
   * Returns an array as a host tensor of its own type and shape (the bytes and the table of images
   * at their own size; the backend checks them).
   *
   * @param array the array
   * @return the host tensor
   */
  public static HostTensor raw(NDArray array) {
    return new HostTensor(
        DataTypes.toElementType(array.getDataType()),
        array.getShape().getShape(),
        elements(array, array.getDataType()));
  }

  /**
   * Returns 8-bit images {@code [N, H, W, 3]} as a host tensor, for a model loaded with a pixel
   * input (the device normalizes them).
   *
   * @param array the images
   * @return the host tensor
   */
  public static HostTensor images(NDArray array) {
    return new HostTensor(
        ElementType.UINT8, array.getShape().getShape(), elements(array, DataType.UINT8));
  }

  /** Returns the array's elements as {@code type}, without a copy where none is needed. */
  private static ByteBuffer elements(NDArray array, DataType type) {
    if (array instanceof VkNDArray vk) {
      return type == vk.getDataType() ? vk.buffer().duplicate().rewind() : vk.convertedData(type);
    }
    if (type == array.getDataType()) {
      return array.toByteBuffer();
    }
    try (NDArray converted = array.toType(type, true)) {
      return converted.toByteBuffer();
    }
  }

  /**
   * Returns the model's outputs as NDArrays named after the outputs. An output in device memory
   * becomes an array that keeps it there when the manager is the Vulkan engine's (and is downloaded
   * otherwise); the arrays own the tensors.
   *
   * @param outputs the tensors, in the model's output order
   * @param infos the model's outputs
   * @param manager the manager the NDArrays belong to
   * @return the arrays
   */
  public static NDList toNDList(
      List<? extends ModelTensor> outputs, List<TensorInfo> infos, NDManager manager) {
    List<NDArray> arrays = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      try {
        arrays.add(toNDArray(outputs.get(i), infos.get(i).name(), manager));
      } catch (RuntimeException e) {
        // The arrays made so far belong to the manager; the tensors not wrapped yet are freed.
        for (ModelTensor rest : outputs.subList(i + 1, outputs.size())) {
          if (rest instanceof DeviceMemoryTensor d) {
            d.close();
          }
        }
        throw e;
      }
    }
    return new NDList(arrays);
  }

  private static NDArray toNDArray(ModelTensor output, String name, NDManager manager) {
    NDArray array;
    if (output instanceof DeviceMemoryTensor d && manager instanceof VkNDManager vk) {
      array = vk.adopt(d);
    } else {
      HostTensor t;
      if (output instanceof DeviceMemoryTensor d) {
        try (d) {
          t = d.download();
        }
      } else {
        t = (HostTensor) output;
      }
      array = manager.create(t.data(), new Shape(t.shape()), DataTypes.fromElementType(t.type()));
    }
    array.setName(name);
    return array;
  }
}
