package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way an operation can be missing names the operation. */
class UnsupportedOpsTest extends ManagerScopedTest {
  private NDArray a;

  @BeforeEach
  void createInput() {
    a = manager.ones(new Shape(2, 2));
  }

  @Test
  void anOperationLeftToTheAlternativeEngineNamesItself() {
    assertThatThrownBy(() -> a.inverse())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NDArray.inverse")
        .hasMessageContaining("PyTorch");
    // A second missing operation on the same array names the second one.
    assertThatThrownBy(() -> a.erfinv())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NDArray.erfinv");
  }

  @Test
  void anOperationTheAdapterRejectsNamesItself() {
    assertThatThrownBy(() -> a.fft(4))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NDArray.fft");
    assertThatThrownBy(() -> a.setRequiresGradient(true))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NDArray.setRequiresGradient");
  }

  @Test
  void internalAndManagerOperationsNameThemselves() {
    assertThatThrownBy(
            () ->
                a.getNDArrayInternal()
                    .maxPool(new Shape(2, 2), new Shape(1, 1), new Shape(0, 0), false))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NDArrayEx.maxPool");
    assertThatThrownBy(() -> manager.randomPermutation(4))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NDManager.randomPermutation");
  }

  @Test
  void closingAnArrayAfterAMissingOperationIsClean() {
    NDArray b = manager.zeros(new Shape(3));
    assertThatThrownBy(b::cumSum).isInstanceOf(UnsupportedOperationException.class);
    b.close();
  }
}
