package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDArrayIndexer;
import ai.djl.ndarray.internal.NDArrayEx;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internal operations DJL's image transforms and batchifiers call: {@code resize}, {@code
 * stack}, {@code concat}, indexing, and the activations {@code relu}, {@code sigmoid}, {@code
 * tanh}. {@code toTensor}, {@code normalize} and {@code crop} are NDArrayEx's own defaults, built
 * on the NDArray operations. The rest throws, naming the operation.
 *
 * <p>The class implements only what it runs: {@link #of} wraps it in a proxy of {@link NDArrayEx}
 * that calls the method of the same signature here, or the interface's default, or throws an {@link
 * UnsupportedOperationException} naming {@code NDArrayEx.<method>}. Its public methods are the
 * interface's own, which {@code VkNDArrayExTest} checks.
 */
final class VkNDArrayEx {
  private static final Map<Method, Optional<Method>> IMPLEMENTED = new ConcurrentHashMap<>();

  private final VkNDArray array;

  private VkNDArrayEx(VkNDArray array) {
    this.array = array;
  }

  /**
   * Returns the internal operations of an array.
   *
   * @param array the array
   * @return an {@link NDArrayEx} whose operations this class implements or that throw
   */
  static NDArrayEx of(VkNDArray array) {
    VkNDArrayEx target = new VkNDArrayEx(array);
    InvocationHandler handler = (proxy, method, args) -> target.call(proxy, method, args);
    return (NDArrayEx)
        Proxy.newProxyInstance(
            NDArrayEx.class.getClassLoader(), new Class<?>[] {NDArrayEx.class}, handler);
  }

  private Object call(Object proxy, Method method, Object[] args) throws Throwable {
    Optional<Method> own = IMPLEMENTED.computeIfAbsent(method, VkNDArrayEx::implementation);
    if (own.isPresent()) {
      try {
        return own.get().invoke(this, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    return Unsupported.proxyMethod(
        proxy,
        method,
        args,
        "NDArrayEx of " + array,
        Unsupported.operation("NDArrayEx." + method.getName()).getMessage());
  }

  private static Optional<Method> implementation(Method method) {
    try {
      Method own =
          VkNDArrayEx.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
      return Modifier.isPublic(own.getModifiers()) ? Optional.of(own) : Optional.empty();
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }

  /** Rectified linear unit, on the host. */
  public NDArray relu() {
    return Elementwise.unary(UnaryOp.RELU, array);
  }

  /** Logistic sigmoid, on the host. */
  public NDArray sigmoid() {
    return Elementwise.unary(UnaryOp.SIGMOID, array);
  }

  /** Hyperbolic tangent, on the host. */
  public NDArray tanh() {
    return Elementwise.unary(UnaryOp.TANH, array);
  }

  /** Resizes an HWC or NHWC image array ({@link ImageResize}). */
  public NDArray resize(int width, int height, int interpolation) {
    return ImageResize.resize(array, width, height, interpolation);
  }

  /** Returns the indexer that gets and sets parts of the host arrays. */
  public NDArrayIndexer getIndexer(NDManager manager) {
    return new VkIndexer(manager instanceof VkNDManager ? (VkNDManager) manager : array.host());
  }

  /** Stacks this array and {@code arrays} along a new axis. */
  public NDArray stack(NDList arrays, int axis) {
    return ShapeOps.stack(withArray(arrays), axis);
  }

  /** Concatenates this array and {@code arrays} along an existing axis. */
  public NDArray concat(NDList arrays, int axis) {
    return ShapeOps.concat(withArray(arrays), axis);
  }

  private List<VkNDArray> withArray(NDList others) {
    List<VkNDArray> all = new ArrayList<>();
    all.add(array);
    for (NDArray other : others) {
      all.add(array.host().from(other));
    }
    return all;
  }

  /** Returns the array these operations act on. */
  public NDArray getArray() {
    return array;
  }
}
