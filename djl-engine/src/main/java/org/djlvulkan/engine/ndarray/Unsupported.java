package org.djlvulkan.engine.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.Buffer;

/**
 * Exceptions for operations the host NDArrays lack, and the stand-in for DJL's alternative engine
 * when none is on the class path.
 *
 * <p>DJL's {@link ai.djl.ndarray.NDArrayAdapter} hands every operation an engine does not override
 * to the array's copy in the alternative engine's manager (PyTorch or MXNet). Without one, the
 * Vulkan engine gives it {@link #alternativeManager()}: its arrays throw an {@link
 * UnsupportedOperationException} naming the operation that reached them.
 */
final class Unsupported {
  private static final String NO_ALTERNATIVE =
      " (DJL runs it in an alternative engine, but neither PyTorch nor MXNet is on the class path)";

  private static final NDArray STAND_IN_ARRAY =
      (NDArray)
          Proxy.newProxyInstance(
              NDArray.class.getClassLoader(),
              new Class<?>[] {NDArray.class},
              (proxy, method, args) -> onArray(proxy, method, args));

  private static final NDManager STAND_IN_MANAGER =
      (NDManager)
          Proxy.newProxyInstance(
              NDManager.class.getClassLoader(),
              new Class<?>[] {NDManager.class},
              (proxy, method, args) -> onManager(proxy, method, args));

  private Unsupported() {}

  /**
   * Returns the exception for an operation the Vulkan engine does not run on the host.
   *
   * @param operation the operation, e.g. {@code NDArrayEx.maxPool}
   * @return the exception, naming the operation
   */
  static UnsupportedOperationException operation(String operation) {
    return new UnsupportedOperationException(
        operation + " is not supported by the Vulkan engine's NDArrays");
  }

  /** Returns the alternative manager to use when DJL has no alternative engine. */
  static NDManager alternativeManager() {
    return STAND_IN_MANAGER;
  }

  /** Returns whether a manager is the stand-in (which owns nothing to close). */
  static boolean isStandIn(NDManager manager) {
    return manager == STAND_IN_MANAGER;
  }

  private static Object onManager(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "from":
        return STAND_IN_ARRAY;
      case "close":
        return null;
      default:
        return objectMethod(proxy, method, args, "NDManager");
    }
  }

  private static Object onArray(Object proxy, Method method, Object[] args) {
    String name = method.getName();
    // NDArrayAdapter closes its alternative copy and refreshes it with set(Buffer): no-ops here.
    if ("close".equals(name)
        || ("set".equals(name) && args.length == 1 && args[0] instanceof Buffer)) {
      return null;
    }
    return objectMethod(proxy, method, args, "NDArray");
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args, String type) {
    return proxyMethod(
        proxy,
        method,
        args,
        "Vulkan engine stand-in for an alternative " + type,
        operation(type + "." + method.getName()).getMessage() + NO_ALTERNATIVE);
  }

  /**
   * Answers {@code equals}, {@code hashCode} and {@code toString} of a proxy by identity; any other
   * method throws.
   *
   * @param proxy the proxy
   * @param method the method called
   * @param args its arguments
   * @param description what {@code toString} returns
   * @param unsupported the message of the exception any other method throws
   * @return the answer
   */
  static Object proxyMethod(
      Object proxy, Method method, Object[] args, String description, String unsupported) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return description;
      default:
        throw new UnsupportedOperationException(unsupported);
    }
  }
}
