package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.Shape;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** The proxy of {@link NDArrayEx} reaches the operations {@link VkNDArrayEx} implements. */
class VkNDArrayExTest extends ManagerScopedTest {

  @Test
  void everyPublicMethodImplementsAnInterfaceMethod() throws Exception {
    for (Method own : VkNDArrayEx.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(own.getModifiers())) {
        continue;
      }
      Method declared = NDArrayEx.class.getMethod(own.getName(), own.getParameterTypes());
      assertThat(declared.getReturnType()).as(own.toString()).isAssignableFrom(own.getReturnType());
    }
  }

  @Test
  void implementedDefaultAndObjectMethodsRun() {
    NDArray a = manager.create(new float[] {-1f, 2f, -3f, 4f}, new Shape(2, 2));
    NDArrayEx ex = a.getNDArrayInternal();
    assertThat(ex.relu().toFloatArray()).containsExactly(0f, 2f, 0f, 4f);
    assertThat(ex.getArray()).isSameAs(a);
    assertThat(ex.stack(new NDList(a), 0).getShape()).isEqualTo(new Shape(2, 2, 2));
    // toTensor is NDArrayEx's default, built on the array's own operations.
    NDArray image = manager.create(new float[] {0f, 255f, 51f, 102f}, new Shape(2, 1, 2));
    float[] tensor = image.getNDArrayInternal().toTensor().toFloatArray();
    assertThat(tensor)
        .usingElementComparator((x, y) -> Math.abs(x - y) < 1e-6f ? 0 : 1)
        .containsExactly(0f, 0.2f, 1f, 0.4f);
    assertThat(ex).isEqualTo(ex).isNotEqualTo(a.getNDArrayInternal());
    assertThat(ex.toString()).contains("NDArrayEx");
    assertThat(ex.hashCode()).isEqualTo(System.identityHashCode(ex));
  }
}
