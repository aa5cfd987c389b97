package org.djlvulkan.engine.ndarray;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;
import org.djlvulkan.backend.graph.DeviceMemoryTensor;

/**
 * The Vulkan engine's {@link NDArray}: a dense row-major array in Java heap memory (little-endian),
 * whose operations run in Java. Operations it lacks go to DJL's alternative engine (PyTorch or
 * MXNet) when one is on the class path, and otherwise throw an {@link
 * UnsupportedOperationException} naming the operation. Results are new arrays, never views.
 *
 * <p>An array made by {@link VkNDManager#toDeviceMemory} lives in a Vulkan device's memory as well
 * ({@link #deviceTensor()}): a model on that device reads it there, and its host elements are
 * downloaded on first use. Changing its elements drops the device copy; closing the array frees it.
 */
public final class VkNDArray extends ElementwiseNDArrayOps {
  /** The elements in host memory; null until first used when the array came from the device. */
  private ByteBuffer data;

  /** The elements in device memory, or null; registered with the engine's devices. */
  private DeviceMemoryTensor resident;

  VkNDArray(
      VkNDManager manager,
      NDManager alternativeManager,
      ByteBuffer data,
      Shape shape,
      DataType dataType) {
    super(manager, alternativeManager, shape, dataType, NDManager.nextUid());
    long bytes = shape.size() * dataType.getNumOfBytes();
    if (data.capacity() != bytes) {
      throw new IllegalArgumentException(
          dataType + shape.toString() + " needs " + bytes + " bytes, got " + data.capacity());
    }
    this.data = data.order(ByteOrder.LITTLE_ENDIAN);
    manager.attachInternal(uid, this);
  }

  /** An array whose elements are in device memory only, until the host first reads them. */
  VkNDArray(
      VkNDManager manager,
      NDManager alternativeManager,
      DeviceMemoryTensor resident,
      Shape shape,
      DataType dataType) {
    super(manager, alternativeManager, shape, dataType, NDManager.nextUid());
    this.resident = resident;
    manager.attachInternal(uid, this);
  }

  @Override
  VkNDArray self() {
    return this;
  }

  /** Returns the manager results are created in. */
  VkNDManager host() {
    if (!(manager instanceof VkNDManager)) {
      throw new IllegalStateException(
          "a Vulkan engine NDArray was attached to a " + manager.getClass().getName());
    }
    return (VkNDManager) manager;
  }

  /** Returns the elements (not a copy: read only), downloading them from the device once. */
  synchronized ByteBuffer buffer() {
    checkOpen();
    if (data == null) {
      data = resident.download().data();
    }
    return data;
  }

  /** Returns the elements to change in place; the device copy, if any, is dropped. */
  synchronized ByteBuffer writableBuffer() {
    ByteBuffer b = buffer();
    dropResident();
    return b;
  }

  /**
   * Returns the elements in device memory when the array has them there ({@link
   * VkNDManager#toDeviceMemory}), else null.
   */
  public synchronized DeviceMemoryTensor deviceTensor() {
    return isClosed ? null : resident;
  }

  private void dropResident() {
    if (resident != null) {
      VkNDManager.free(resident);
      resident = null;
    }
  }

  /** Returns the number of elements. */
  int elementCount() {
    return Math.toIntExact(getShape().size());
  }

  /** Returns the elements as doubles. */
  double[] toDoubles() {
    return Elements.toDoubles(buffer(), getDataType(), elementCount());
  }

  /** Returns the elements as longs (float types truncate). */
  long[] toLongs() {
    return Elements.toLongs(buffer(), getDataType(), elementCount());
  }

  /** Returns a copy of the elements. */
  ByteBuffer copyOfData() {
    ByteBuffer copy = Elements.allocate(getDataType(), elementCount());
    copy.put(buffer().duplicate().rewind());
    return copy.rewind();
  }

  /** Returns a copy of the elements converted to another type. */
  ByteBuffer convertedData(DataType type) {
    return Elements.convert(buffer(), getDataType(), type, elementCount());
  }

  /** Replaces the elements, keeping shape and type. */
  synchronized void replaceData(ByteBuffer replacement) {
    checkOpen();
    if (replacement.capacity() != getShape().size() * getDataType().getNumOfBytes()) {
      throw new IllegalStateException("replacement data has the wrong size");
    }
    dropResident();
    data = replacement.order(ByteOrder.LITTLE_ENDIAN);
  }

  private void checkOpen() {
    if (isClosed) {
      throw new IllegalStateException("the NDArray " + uid + " is closed");
    }
  }

  /** Returns a copy of the elements, little-endian, in a direct buffer when asked. */
  @Override
  public ByteBuffer toByteBuffer(boolean tryDirect) {
    ByteBuffer source = buffer().duplicate().rewind();
    ByteBuffer copy =
        tryDirect
            ? ByteBuffer.allocateDirect(source.capacity())
            : ByteBuffer.allocate(source.capacity());
    copy.order(ByteOrder.LITTLE_ENDIAN).put(source);
    return copy.rewind();
  }

  /** Takes over a copy of {@code replaced}'s shape, type and elements. */
  @Override
  public void intern(NDArray replaced) {
    VkNDArray other = host().from(replaced);
    ByteBuffer copy = other.copyOfData();
    checkOpen();
    dropResident();
    this.data = copy;
    this.shape = other.getShape();
    this.dataType = other.getDataType();
  }

  @Override
  public NDArray toType(DataType type, boolean copy) {
    if (type.equals(getDataType())) {
      return copy ? duplicate() : this;
    }
    DataTypes.check(type);
    return host().wrap(convertedData(type), getShape(), type);
  }

  /**
   * Returns this array (or a copy) when {@code device} is its manager's device; arrays live in host
   * memory, so moving them to another device is not supported.
   */
  @Override
  public NDArray toDevice(Device device, boolean copy) {
    if (device.equals(getDevice())) {
      return copy ? duplicate() : this;
    }
    throw Unsupported.operation(
        "NDArray.toDevice(" + device + ") from " + getDevice() + " (arrays live in host memory)");
  }

  @Override
  public NDArray duplicate() {
    VkNDArray copy = host().wrap(copyOfData(), getShape(), getDataType());
    copy.setName(getName());
    return copy;
  }

  /** Copies the elements into {@code array}, converting to its type; the shapes must match. */
  @Override
  public void copyTo(NDArray array) {
    VkNDArray target = host().from(array);
    if (target != array || !target.getShape().equals(getShape())) {
      throw new IllegalArgumentException(
          "copyTo: the target must be a Vulkan engine NDArray of shape " + getShape());
    }
    target.replaceData(convertedData(target.getDataType()));
  }

  @Override
  public NDArrayEx getNDArrayInternal() {
    return VkNDArrayEx.of(this);
  }

  @Override
  public NDArray get(NDIndex index) {
    return get(manager, index);
  }

  @Override
  public void set(NDIndex index, NDArray value) {
    getNDArrayInternal().getIndexer(manager).set(this, index, value);
  }

  @Override
  public void set(NDIndex index, Number value) {
    getNDArrayInternal().getIndexer(manager).set(this, index, value);
  }

  /** Replaces the indexed region with {@code function} applied to it. */
  @Override
  public void set(NDIndex index, Function<NDArray, NDArray> function) {
    try (NDArray region = get(index)) {
      set(index, function.apply(region));
    }
  }

  @Override
  public void setScalar(NDIndex index, Number value) {
    getNDArrayInternal().getIndexer(manager).setScalar(this, index, value);
  }

  @Override
  public NDArray max() {
    return Reductions.reduce(Reductions.Kind.MAX, this, null, false);
  }

  @Override
  public NDArray max(int[] axes, boolean keepDims) {
    return Reductions.reduce(Reductions.Kind.MAX, this, axes, keepDims);
  }

  @Override
  public NDArray min() {
    return Reductions.reduce(Reductions.Kind.MIN, this, null, false);
  }

  @Override
  public NDArray min(int[] axes, boolean keepDims) {
    return Reductions.reduce(Reductions.Kind.MIN, this, axes, keepDims);
  }

  @Override
  public NDArray sum() {
    return Reductions.reduce(Reductions.Kind.SUM, this, null, false);
  }

  @Override
  public NDArray sum(int[] axes, boolean keepDims) {
    return Reductions.reduce(Reductions.Kind.SUM, this, axes, keepDims);
  }

  @Override
  public NDArray prod() {
    return Reductions.reduce(Reductions.Kind.PROD, this, null, false);
  }

  @Override
  public NDArray prod(int[] axes, boolean keepDims) {
    return Reductions.reduce(Reductions.Kind.PROD, this, axes, keepDims);
  }

  @Override
  public NDArray mean() {
    return Reductions.reduce(Reductions.Kind.MEAN, this, null, false);
  }

  @Override
  public NDArray mean(int[] axes, boolean keepDims) {
    return Reductions.reduce(Reductions.Kind.MEAN, this, axes, keepDims);
  }

  @Override
  public NDArray argMax() {
    return Reductions.argExtreme(this, null, true);
  }

  @Override
  public NDArray argMax(int axis) {
    return Reductions.argExtreme(this, axis, true);
  }

  @Override
  public NDArray argMin() {
    return Reductions.argExtreme(this, null, false);
  }

  @Override
  public NDArray argMin(int axis) {
    return Reductions.argExtreme(this, axis, false);
  }

  @Override
  public NDArray softmax(int axis) {
    return Softmax.apply(this, axis, false);
  }

  @Override
  public NDArray logSoftmax(int axis) {
    return Softmax.apply(this, axis, true);
  }

  @Override
  public NDArray sort(int axis) {
    return Selection.sort(this, axis, true);
  }

  @Override
  public NDArray argSort(int axis, boolean ascending) {
    return Selection.argSort(this, axis, ascending);
  }

  @Override
  public NDArray flip(int... axes) {
    return Selection.flip(this, axes);
  }

  @Override
  public NDArray booleanMask(NDArray index, int axis) {
    return Selection.booleanMask(this, index, axis);
  }

  @Override
  public NDArray matMul(NDArray other) {
    return MatMul.apply(this, host().from(other));
  }

  /** Returns {@code [values, indices]}; the result is always sorted. */
  @Override
  public NDList topK(int k, int axis, boolean largest, boolean sorted) {
    return TopK.apply(this, k, axis, largest);
  }

  @Override
  public NDArray reshape(Shape shape) {
    return ShapeOps.reshape(this, shape);
  }

  @Override
  public NDArray expandDims(int axis) {
    return ShapeOps.expandDims(this, axis);
  }

  @Override
  public NDArray squeeze(int[] axes) {
    return ShapeOps.squeeze(this, axes);
  }

  @Override
  public NDArray transpose() {
    return ShapeOps.transpose(this);
  }

  @Override
  public NDArray transpose(int... axes) {
    return ShapeOps.transpose(this, axes);
  }

  @Override
  public NDArray broadcast(Shape shape) {
    return ShapeOps.broadcast(this, shape);
  }

  @Override
  public NDArray flatten() {
    return ShapeOps.reshape(this, new Shape(-1));
  }

  /** Merges dimensions {@code startDim..endDim} (inclusive, may count from the end) into one. */
  @Override
  public NDArray flatten(int startDim, int endDim) {
    int rank = getShape().dimension();
    int start = Strides.axis("flatten", startDim, rank);
    int end = Strides.axis("flatten", endDim, rank);
    Shape merged =
        getShape()
            .slice(0, start)
            .addAll(new Shape(getShape().slice(start, end + 1).size()))
            .addAll(getShape().slice(end + 1));
    return ShapeOps.reshape(this, merged);
  }

  @Override
  public NDList split(long sections, int axis) {
    long length = getShape().get(Strides.axis("split", axis, getShape().dimension()));
    if (sections <= 0 || length % sections != 0) {
      throw new IllegalArgumentException(
          "split: an axis of size " + length + " does not split into " + sections + " equal parts");
    }
    long[] indices = new long[(int) sections - 1];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = (i + 1) * (length / sections);
    }
    return ShapeOps.split(this, indices, axis);
  }

  @Override
  public NDList split(long[] indices, int axis) {
    return ShapeOps.split(this, indices, axis);
  }

  /**
   * Detaches from the manager; the array then belongs to the system manager (never freed by it).
   */
  @Override
  public void detach() {
    manager.detachInternal(getUid());
    manager = VkNDManager.getSystemManager();
  }

  /** Frees the elements, on the host and on the device. */
  @Override
  public synchronized void close() {
    super.close();
    dropResident();
    data = null;
  }
}
