package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.djlvulkan.backend.frontend.onnx.TestTensors.longs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.RunTiming;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CPU fallback against ONNX Runtime: nodes the device cannot run (run-time slice bounds or
 * gather indices, integer and double tensors) run on the host between device steps, and the steps
 * after them are planned per shape the host computed.
 */
@ExtendWith(VulkanExtension.class)
class HostFallbackTest {
  private static final int FLOAT = 1;
  private static final int INT32 = 6;
  private static final int INT64 = 7;
  private static final int BOOL = 9;

  private static HostTensor floats(long seed, long... shape) {
    return HostTensor.ofFloats(OpRunner.random(OpRunner.count(shape), seed), shape);
  }

  private static HostTensor ints(int... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      b.putInt(x);
    }
    return new HostTensor(ElementType.INT32, new long[] {v.length}, b.flip());
  }

  private static HostTensor bools(boolean... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length);
    for (boolean x : v) {
      b.put((byte) (x ? 1 : 0));
    }
    return new HostTensor(ElementType.BOOL, new long[] {v.length}, b.flip());
  }

  private static TensorData constLongs(long... v) {
    return TensorData.ofLongs(v, v.length);
  }

  /** Runs every input set through one model and session, comparing each run with ONNX Runtime. */
  private static CompiledModel runAll(
      String label, byte[] model, List<String> names, List<List<HostTensor>> runs) {
    ModelOptions options = ModelOptions.DEFAULT.withProfiling(true);
    try (InferenceModel m = OnnxModels.load(VulkanExtension.device(), model, label, options);
        InferenceSession s = m.newSession()) {
      for (List<HostTensor> in : runs) {
        List<HostTensor> ref = OrtReference.run(model, names, in);
        List<HostTensor> ours = s.run(in);
        for (int i = 0; i < ref.size(); i++) {
          HostTensor a = ours.get(i);
          HostTensor b = ref.get(i);
          assertThat(a.shape()).as(label + ": shape").containsExactly(b.shape());
          assertThat(a.type()).as(label + ": type").isEqualTo(b.type());
          if (a.type() == ElementType.FLOAT32) {
            float[] r = b.toFloats();
            double[] expected = new double[r.length];
            for (int k = 0; k < r.length; k++) {
              expected[k] = r[k];
            }
            Accuracy.assertClose(label + " vs ORT", a.toFloats(), expected);
          } else {
            assertThat(a.data()).as(label + " vs ORT").isEqualTo(b.data());
          }
        }
        List<NodeTiming> profile = s.lastProfile();
        assertThat(profile).as(label + ": profile").anyMatch(t -> t.kernel().equals("host"));
        RunTiming timing = s.lastTiming();
        assertThat(timing.hostMicros()).as(label + ": host time").isPositive();
        assertThat(timing.dispatches())
            .as(label + ": dispatches")
            .isEqualTo(profile.stream().filter(t -> !t.kernel().equals("host")).count());
      }
      return (CompiledModel) m;
    }
  }

  @Test
  void sliceWithRunTimeEndsRunsOnTheHostBetweenDeviceSteps() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 8, 5, 5)
            .input("e", INT64, 1)
            .output("y", FLOAT, 1, 4, -1, 5)
            .initializer("w1", OpRunner.random(8 * 8, 1), 8, 8, 1, 1)
            .initializer("w2", OpRunner.random(4 * 8 * 9, 2), 4, 8, 3, 3)
            .initializer("zero", constLongs(0))
            .initializer("axis", constLongs(2))
            .node("Conv", List.of("x", "w1"), List.of("c"), OnnxWriter.ints("kernel_shape", 1, 1))
            .node("Slice", List.of("c", "zero", "e", "axis"), List.of("s"))
            .conv3x3SamePadding("s", "w2", "d")
            .node("Relu", List.of("d"), List.of("y"));
    HostTensor x = floats(3, 1, 8, 5, 5);
    CompiledModel m =
        runAll(
            "run-time slice",
            w.build(),
            List.of("x", "e"),
            List.of(List.of(x, longs(3)), List.of(x, longs(5)), List.of(x, longs(3))));
    assertThat(m.hostNodes()).singleElement().asString().contains("(Slice)", "runs on the host");
  }

  @Test
  void gatherWithRunTimeIndicesFeedsADeviceConvolution() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 6, 4, 4)
            .input("idx", INT64, 2)
            .output("y", FLOAT, 1, 3, 4, 4)
            .initializer("w1", OpRunner.random(6 * 6, 4), 6, 6, 1, 1)
            .initializer("w2", OpRunner.random(3 * 2, 5), 3, 2, 1, 1)
            .node("Conv", List.of("x", "w1"), List.of("c"), OnnxWriter.ints("kernel_shape", 1, 1))
            .node("Gather", List.of("c", "idx"), List.of("g"), OnnxWriter.i("axis", 1))
            .node("Conv", List.of("g", "w2"), List.of("y"), OnnxWriter.ints("kernel_shape", 1, 1));
    runAll(
        "run-time gather",
        w.build(),
        List.of("x", "idx"),
        List.of(List.of(floats(6, 1, 6, 4, 4), longs(5, 0))));
  }

  @Test
  void integerTensorsStayOnTheHostWithTheirTypes() {
    OnnxWriter w =
        new OnnxWriter(13)
            .input("c", BOOL, 4)
            .input("a", INT64, 4)
            .input("b", INT64, 4)
            .input("i", INT32, 4)
            .input("j", INT32, 4)
            .output("z", INT64, 4)
            .output("k", INT32, 4)
            .node("Where", List.of("c", "a", "b"), List.of("z"))
            .node("Max", List.of("i", "j"), List.of("m"))
            .node("Mul", List.of("m", "j"), List.of("k"));
    runAll(
        "integer host chain",
        w.build(),
        List.of("c", "a", "b", "i", "j"),
        List.of(
            List.of(
                bools(true, false, false, true),
                longs(1L << 40, -2, 3, 4),
                longs(5, 6, -(1L << 41), 8),
                ints(-7, 3, 100000, 0),
                ints(2, -9, 3, -1))));
  }

  @Test
  void blockedQuantizationRunsOnTheHost() {
    // Opset 21's block_size: one scale and zero point per 2 elements along axis 1.
    TensorData scale = TensorData.ofFloats(new float[] {0.5f, 0.25f, 1f, 0.125f}, 2, 2);
    TensorData zero =
        new TensorData(
            org.djlvulkan.backend.ir.DataType.UINT8,
            new long[] {2, 2},
            ByteBuffer.wrap(new byte[] {10, (byte) 128, 0, (byte) 200}));
    OnnxWriter w =
        new OnnxWriter(21)
            .input("x", FLOAT, 2, 4)
            .output("y", FLOAT, 2, 4)
            .initializer("s", scale)
            .initializer("z", zero)
            .node(
                "QuantizeLinear",
                List.of("x", "s", "z"),
                List.of("q"),
                OnnxWriter.i("axis", 1),
                OnnxWriter.i("block_size", 2))
            .node(
                "DequantizeLinear",
                List.of("q", "s", "z"),
                List.of("y"),
                OnnxWriter.i("axis", 1),
                OnnxWriter.i("block_size", 2));
    runAll(
        "blocked quantization",
        w.build(),
        List.of("x"),
        List.of(List.of(HostTensor.ofFloats(OpRunner.random(8, 9), 2, 4))));
  }

  @Test
  void aThreeDimensionalConvTransposeRunsOnTheHost() {
    // Rank 5 has no device kernel: groups, strides, dilations, pads and output padding on the host.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 4, 3, 4, 2)
            .output("y", FLOAT, 1, 6, 9, 11, 3)
            .initializer("w", OpRunner.random(4 * 3 * 2 * 3 * 2, 11), 4, 3, 2, 3, 2)
            .initializer("b", OpRunner.random(6, 12), 6)
            .node(
                "ConvTranspose",
                List.of("x", "w", "b"),
                List.of("y"),
                OnnxWriter.i("group", 2),
                OnnxWriter.ints("strides", 3, 2, 1),
                OnnxWriter.ints("dilations", 1, 2, 1),
                OnnxWriter.ints("pads", 0, 1, 0, 0, 0, 0),
                OnnxWriter.ints("output_padding", 1, 1, 0));
    runAll(
        "3-D ConvTranspose", w.build(), List.of("x"), List.of(List.of(floats(13, 1, 4, 3, 4, 2))));
  }

  @Test
  void threeDimensionalConvolutionAndPoolingRunOnTheHost() {
    // A video-style block on rank 5: grouped dilated Conv with its ReLU fused by the passes,
    // MaxPool with ceil_mode and AveragePool counting the padding.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 4, 5, 6, 7)
            .output("m", FLOAT, 1, 6, 3, 3, 4)
            .output("a", FLOAT, 1, 6, 5, 6, 7)
            .initializer("w", OpRunner.random(6 * 2 * 3 * 3 * 2, 21), 6, 2, 3, 3, 2)
            .initializer("b", OpRunner.random(6, 22), 6)
            .node(
                "Conv",
                List.of("x", "w", "b"),
                List.of("c"),
                OnnxWriter.i("group", 2),
                OnnxWriter.ints("dilations", 1, 2, 1),
                OnnxWriter.ints("pads", 1, 2, 0, 1, 2, 1))
            .node("Relu", List.of("c"), List.of("r"))
            .node(
                "MaxPool",
                List.of("r"),
                List.of("m"),
                OnnxWriter.ints("kernel_shape", 2, 2, 2),
                OnnxWriter.ints("strides", 2, 2, 2),
                OnnxWriter.i("ceil_mode", 1))
            .node(
                "AveragePool",
                List.of("r"),
                List.of("a"),
                OnnxWriter.ints("kernel_shape", 3, 3, 3),
                OnnxWriter.ints("pads", 1, 1, 1, 1, 1, 1),
                OnnxWriter.i("count_include_pad", 1));
    runAll(
        "3-D conv and pools", w.build(), List.of("x"), List.of(List.of(floats(23, 1, 4, 5, 6, 7))));
  }

  @Test
  void shapesBeyondTheStepCacheAreFreedAfterTheirRun() {
    // A slice bound read from the input gives the later step a new shape per value: past the
    // cache's bound, each run plans its step and frees it, so device buffers stay flat.
    OnnxWriter w =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 4, 40, 3)
            .input("e", INT64, 1)
            .output("y", FLOAT, 1, 4, -1, 3)
            .initializer("zero", constLongs(0))
            .initializer("axis", constLongs(2))
            .node("Slice", List.of("x", "zero", "e", "axis"), List.of("s"))
            .node("Sigmoid", List.of("s"), List.of("y"));
    byte[] model = w.build();
    HostTensor x = floats(31, 1, 4, 40, 3);
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model, "shapes.onnx", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      int cached = 16; // Variant.MAX_LATER_STEPS
      int live = 0;
      for (int e = 1; e <= cached + 8; e++) {
        List<HostTensor> in = List.of(x, longs(e));
        List<HostTensor> ours = s.run(in);
        List<HostTensor> ref = OrtReference.run(model, List.of("x", "e"), in);
        assertThat(ours.get(0).shape()).containsExactly(ref.get(0).shape());
        float[] r = ref.get(0).toFloats();
        double[] expected = new double[r.length];
        for (int k = 0; k < r.length; k++) {
          expected[k] = r[k];
        }
        Accuracy.assertClose("slice to " + e, ours.get(0).toFloats(), expected);
        if (e == cached + 1) {
          live = VulkanExtension.device().allocator().stats().liveBuffers();
        }
      }
      assertThat(VulkanExtension.device().allocator().stats().liveBuffers())
          .as("device buffers after the shapes the cache does not keep")
          .isEqualTo(live);
    }
  }
}
