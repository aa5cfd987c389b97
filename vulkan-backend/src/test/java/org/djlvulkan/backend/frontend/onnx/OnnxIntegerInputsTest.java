package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.INT32;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.INT8;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.UINT8;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.codes;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.scalar;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.UnsupportedModelException;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Models whose graph inputs are uint8 or int8 data fed at run time, against ONNX Runtime: read by
 * quantized operators on their grid, by MaxPool as integers, and by ConvInteger / MatMulInteger
 * with int32 outputs.
 */
@ExtendWith(VulkanExtension.class)
class OnnxIntegerInputsTest {

  /** Random codes of an ONNX element type as a run-time input. */
  private static HostTensor inputCodes(ElementType type, long seed, long... shape) {
    Random r = new Random(seed);
    byte[] v = new byte[(int) HostTensor.elementCount(shape)];
    r.nextBytes(v);
    return new HostTensor(type, shape, ByteBuffer.wrap(v));
  }

  @Test
  void qlinearConvReadsAUint8InputOnItsGrid() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", UINT8, 1, 3, 7, 7)
            .output("y", FLOAT, 1, 4, 4, 4)
            .initializer("xs", TensorData.ofFloats(new float[] {0.02f}))
            .initializer("xz", scalar(DataType.UINT8, 131))
            .initializer("w", codes(DataType.INT8, 1, 4, 3, 3, 3))
            .initializer("ws", TensorData.ofFloats(new float[] {0.01f}))
            .initializer("wz", scalar(DataType.INT8, 0))
            .initializer("ys", TensorData.ofFloats(new float[] {0.05f}))
            .initializer("yz", scalar(DataType.UINT8, 128))
            .node(
                "QLinearConv",
                List.of("x", "xs", "xz", "w", "ws", "wz", "ys", "yz"),
                List.of("yq"),
                ints("pads", 1, 1, 1, 1),
                ints("strides", 2, 2))
            .node("DequantizeLinear", List.of("yq", "ys", "yz"), List.of("y"));
    OrtComparison.assertWithinSteps(
        "QLinearConv on a uint8 input",
        w.build(),
        List.of("x"),
        List.of(inputCodes(ElementType.UINT8, 2, 1, 3, 7, 7)),
        0.05f,
        1);
  }

  @Test
  void dequantizeLinearOfAnInt8InputIsExact() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", INT8, 2, 5)
            .output("y", FLOAT, 2, 5)
            .initializer("s", TensorData.ofFloats(new float[] {0.125f}))
            .initializer("z", scalar(DataType.INT8, -3))
            .node("DequantizeLinear", List.of("x", "s", "z"), List.of("y"));
    OrtComparison.assertIdentical(
        "DequantizeLinear int8",
        w.build(),
        List.of("x"),
        List.of(inputCodes(ElementType.INT8, 3, 2, 5)));
  }

  @Test
  void aRank5Int8InputDequantizesAndBroadcasts() {
    // Rank-5 int8, as Swin Transformer int8's attention mask: dequantized, then broadcast-added.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", INT8, 1, 4, 1, 3, 5)
            .input("f", FLOAT, 1, 4, 2, 3, 5)
            .output("y", FLOAT, 1, 4, 2, 3, 5)
            .initializer("s", TensorData.ofFloats(new float[] {0.125f}))
            .initializer("z", scalar(DataType.INT8, -3))
            .node("DequantizeLinear", List.of("x", "s", "z"), List.of("d"))
            .node("Add", List.of("d", "f"), List.of("y"));
    OrtComparison.assertMatches(
        "rank-5 int8 input",
        w.build(),
        List.of("x", "f"),
        List.of(
            inputCodes(ElementType.INT8, 5, 1, 4, 1, 3, 5),
            HostTensor.ofFloats(OpRunner.random(120, 6), 1, 4, 2, 3, 5)));
  }

  @Test
  void aRank5Int8TensorFromAHostStepReachesTheDevice() {
    // A Reshape to a shape fed at run time runs on the host; its rank-5 int8 result is handed to
    // the device for the DequantizeLinear (the hand-off Swin Transformer int8 makes).
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", INT8, 1, 4, 6, 5)
            .input("shape", OnnxWriter.INT64, 5)
            .input("f", FLOAT, 1, 4, 2, 3, 5)
            .output("y", FLOAT, 1, 4, 2, 3, 5)
            .initializer("s", TensorData.ofFloats(new float[] {0.125f}))
            .initializer("z", scalar(DataType.INT8, -3))
            .node("Reshape", List.of("x", "shape"), List.of("r"))
            .node("DequantizeLinear", List.of("r", "s", "z"), List.of("d"))
            .node("Add", List.of("d", "f"), List.of("y"));
    List<HostTensor> in =
        List.of(
            inputCodes(ElementType.INT8, 7, 1, 4, 6, 5),
            TestTensors.longs(1, 4, 2, 3, 5),
            HostTensor.ofFloats(OpRunner.random(120, 8), 1, 4, 2, 3, 5));
    OrtComparison.assertMatches(
        "rank-5 int8 from a host step", w.build(), List.of("x", "shape", "f"), in);
    try (InferenceModel m =
            OnnxModels.load(
                VulkanExtension.device(), w.build(), "rank5.onnx", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      s.run(in);
      assertThat(((CompiledModel) m).hostNodes())
          .as("only the Reshape runs on the host; the device takes its rank-5 int8 result")
          .singleElement()
          .asString()
          .contains("(Reshape)");
    }
  }

  @Test
  void maxPoolOnUint8KeepsTheIntegers() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", UINT8, 1, 5, 6, 6)
            .output("y", UINT8, 1, 5, 3, 3)
            .node(
                "MaxPool",
                List.of("x"),
                List.of("y"),
                ints("kernel_shape", 2, 2),
                ints("strides", 2, 2));
    OrtComparison.assertIdentical(
        "MaxPool uint8",
        w.build(),
        List.of("x"),
        List.of(inputCodes(ElementType.UINT8, 4, 1, 5, 6, 6)));
  }

  @Test
  void convIntegerOnAnInt8InputWithZeroPoints() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", INT8, 1, 4, 6, 5)
            .output("y", INT32, 1, 3, 6, 5)
            .initializer("w", codes(DataType.INT8, 5, 3, 4, 3, 3))
            .initializer("xz", scalar(DataType.INT8, -7))
            .initializer("wz", scalar(DataType.INT8, 2))
            .node(
                "ConvInteger",
                List.of("x", "w", "xz", "wz"),
                List.of("y"),
                ints("pads", 1, 1, 1, 1));
    OrtComparison.assertIdentical(
        "ConvInteger int8",
        w.build(),
        List.of("x"),
        List.of(inputCodes(ElementType.INT8, 6, 1, 4, 6, 5)));
  }

  @Test
  void matMulIntegerOnABatchedUint8Input() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("a", UINT8, 2, 3, 7)
            .output("y", INT32, 2, 3, 4)
            .initializer("b", codes(DataType.UINT8, 7, 7, 4))
            .initializer("az", scalar(DataType.UINT8, 12))
            .initializer("bz", codes(DataType.UINT8, 8, 4))
            .node("MatMulInteger", List.of("a", "b", "az", "bz"), List.of("y"));
    OrtComparison.assertIdentical(
        "MatMulInteger uint8",
        w.build(),
        List.of("a"),
        List.of(inputCodes(ElementType.UINT8, 9, 2, 3, 7)));
  }

  @Test
  void dequantizeLinearPerAxisOfAUint8Input() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", UINT8, 2, 3, 4, 5)
            .output("y", FLOAT, 2, 3, 4, 5)
            .output("z", FLOAT, 2, 3, 4, 5)
            .initializer("s", TensorData.ofFloats(new float[] {0.125f, 0.037f, 1.9f}, 3))
            .initializer("zc", codes(DataType.UINT8, 11, 3))
            .initializer("t", TensorData.ofFloats(new float[] {0.5f, 0.013f, 3f, 0.21f, 7f}, 5))
            .initializer("zt", codes(DataType.UINT8, 12, 5))
            .node("DequantizeLinear", List.of("x", "s", "zc"), List.of("y"))
            .node("DequantizeLinear", List.of("x", "t", "zt"), List.of("z"), i("axis", -1));
    OrtComparison.assertIdentical(
        "DequantizeLinear per axis",
        w.build(),
        List.of("x"),
        List.of(inputCodes(ElementType.UINT8, 13, 2, 3, 4, 5)));
  }

  @Test
  void quantizeLinearPerAxisRoundsHalvesToEvenAndSaturatesAsOrtDoes() {
    long[] shape = {2, 3, 4, 5};
    float[] x = new float[(int) HostTensor.elementCount(shape)];
    for (int i = 0; i < x.length; i++) {
      // Quarter steps over +-35: x / 0.5 and x / 2 hit .5 ties, x / 0.25 passes int8's range.
      x[i] = ((i * 37) % 281 - 140) * 0.25f;
    }
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, shape)
            .output("q", INT8, shape)
            .output("y", FLOAT, shape)
            .output("u", UINT8, shape)
            .initializer("s", TensorData.ofFloats(new float[] {0.5f, 0.25f, 2f}, 3))
            .initializer("z", TensorData.ofDoubles(DataType.INT8, new double[] {-3, 0, 100}, 3))
            .initializer("t", TensorData.ofFloats(new float[] {0.5f, 0.25f, 2f, 1f, 4f}, 5))
            .node("QuantizeLinear", List.of("x", "s", "z"), List.of("q"))
            .node("DequantizeLinear", List.of("q", "s", "z"), List.of("y"))
            .node("QuantizeLinear", List.of("x", "t"), List.of("u"), i("axis", -1));
    OrtComparison.assertIdentical(
        "QuantizeLinear per axis", w.build(), List.of("x"), List.of(HostTensor.ofFloats(x, shape)));
  }

  @Test
  void dequantizeLinearPerAxisOfAQuantizedTensorRunsOnTheHost() {
    byte[] model =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 3)
            .output("y", FLOAT, 1, 3)
            .initializer("s", TensorData.ofFloats(new float[] {0.5f}))
            .initializer("z", scalar(DataType.UINT8, 128))
            .initializer("sc", TensorData.ofFloats(new float[] {0.5f, 0.25f, 1f}, 3))
            .node("QuantizeLinear", List.of("x", "s", "z"), List.of("q"))
            .node("DequantizeLinear", List.of("q", "sc"), List.of("y"))
            .build();
    OrtComparison.assertIdentical(
        "per-axis DequantizeLinear of a quantized tensor",
        model,
        List.of("x"),
        List.of(HostTensor.ofFloats(new float[] {-3f, 0.5f, 20f}, 1, 3)));
  }

  @Test
  void qlinearMatMulOnBatchedUint8Operands() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("a", UINT8, 2, 3, 7)
            .output("y", UINT8, 2, 3, 4)
            .output("z", UINT8, 2, 3, 5)
            .initializer("as", TensorData.ofFloats(new float[] {0.02f}))
            .initializer("az", scalar(DataType.UINT8, 120))
            .initializer("b", codes(DataType.UINT8, 14, 2, 7, 4))
            .initializer("bs", TensorData.ofFloats(new float[] {0.01f}))
            .initializer("bz", scalar(DataType.UINT8, 130))
            .initializer("c", codes(DataType.INT8, 15, 7, 5))
            .initializer("cs", TensorData.ofFloats(new float[] {0.03f}))
            .initializer("cz", scalar(DataType.INT8, 0))
            .initializer("ys", TensorData.ofFloats(new float[] {0.05f}))
            .initializer("yz", scalar(DataType.UINT8, 128))
            .initializer("zs", TensorData.ofFloats(new float[] {0.2f}))
            .node(
                "QLinearMatMul",
                List.of("a", "as", "az", "b", "bs", "bz", "ys", "yz"),
                List.of("y"))
            .node(
                "QLinearMatMul",
                List.of("a", "as", "az", "c", "cs", "cz", "zs", "yz"),
                List.of("z"));
    OrtComparison.assertIdentical(
        "QLinearMatMul batched",
        w.build(),
        List.of("a"),
        List.of(inputCodes(ElementType.UINT8, 16, 2, 3, 7)));
  }

  @Test
  void clipOfInt8AndUint8InputsKeepsTheIntegers() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", INT8, 2, 3, 4, 5)
            .input("u", UINT8, 4, 6)
            .output("y", INT8, 2, 3, 4, 5)
            .output("z", INT8, 2, 3, 4, 5)
            .output("v", UINT8, 4, 6)
            .initializer("lo", scalar(DataType.INT8, -17))
            .initializer("hi", scalar(DataType.INT8, 40))
            .initializer("uhi", scalar(DataType.UINT8, 200))
            .node("Clip", List.of("x", "lo", "hi"), List.of("y"))
            .node("Clip", List.of("x", "", "hi"), List.of("z"))
            .node("Clip", List.of("u", "", "uhi"), List.of("v"));
    OrtComparison.assertIdentical(
        "Clip int8/uint8",
        w.build(),
        List.of("x", "u"),
        List.of(
            inputCodes(ElementType.INT8, 17, 2, 3, 4, 5), inputCodes(ElementType.UINT8, 18, 4, 6)));
  }

  @Test
  void anInputReadOnTwoGridsRunsOnTheHost() {
    byte[] model =
        new OnnxWriter(13)
            .input("x", UINT8, 1, 4)
            .output("y", FLOAT, 1, 4)
            .output("z", FLOAT, 1, 4)
            .initializer("s1", TensorData.ofFloats(new float[] {0.5f}))
            .initializer("s2", TensorData.ofFloats(new float[] {0.25f}))
            .node("DequantizeLinear", List.of("x", "s1"), List.of("y"))
            .node("DequantizeLinear", List.of("x", "s2"), List.of("z"))
            .build();
    // The device packs an 8-bit input on one grid; read on two, its readers run on the host.
    OrtComparison.assertIdentical(
        "an input read on two grids",
        model,
        List.of("x"),
        List.of(inputCodes(ElementType.UINT8, 19, 1, 4)));
  }

  @Test
  void anInt32ResultFeedsOnlyAGraphOutput() {
    byte[] model =
        new OnnxWriter(13)
            .input("a", UINT8, 2, 3)
            .output("y", INT32, 2, 2)
            .initializer("b", codes(DataType.UINT8, 10, 3, 2))
            .node("MatMulInteger", List.of("a", "b"), List.of("m"))
            .node("Relu", List.of("m"), List.of("y"))
            .build();
    assertThatThrownBy(
            () ->
                OnnxModels.load(
                    VulkanExtension.device(), model, "int32.onnx", ModelOptions.DEFAULT))
        .isInstanceOf(UnsupportedModelException.class)
        .hasMessageContaining("is an int32 result, which only a graph output may read");
  }
}
