package org.djlvulkan.backend.ir;

import static org.assertj.core.api.Assertions.assertThat;

import org.djlvulkan.backend.model.ElementType;
import org.junit.jupiter.api.Test;

/**
 * The public API's element types ({@code model.ElementType}) and the IR's ({@link DataType}) keep
 * their own tables of ONNX codes, so that the API does not depend on the IR: they must agree.
 */
class ElementTypesAgreeTest {
  @Test
  void everyHostTypeIsAnIrTypeOfTheSameCodeAndSize() {
    for (ElementType t : ElementType.values()) {
      DataType ir = DataType.fromCode(t.onnxCode());
      assertThat(ir).as("IR type of %s (code %d)", t, t.onnxCode()).isNotNull();
      assertThat(ir.bytes()).as("bytes of %s", t).isEqualTo(t.bytes());
      assertThat(ElementType.fromOnnx(ir.code())).isSameAs(t);
    }
  }
}
