package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.FLOAT;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.INT64;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.i;
import static org.djlvulkan.backend.frontend.onnx.OnnxWriter.ints;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.djlvulkan.backend.graph.DeviceMemoryTensor;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.TestDevice;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tensors in device memory ({@link DeviceMemoryTensor}) as model inputs and outputs: the run copies
 * them on the device into the graph's inputs and out of its outputs, and the results equal those of
 * the same values passing through host memory.
 */
@ExtendWith(VulkanExtension.class)
class DeviceMemoryTensorsTest {
  /** y = Relu(Conv3x3(x)) + z: two inputs, so a run can mix a device tensor and a host one. */
  private static byte[] convAddModel() {
    return new OnnxWriter(13)
        .input("x", FLOAT, 1, 8, 6, 6)
        .input("z", FLOAT, 1, 8, 6, 6)
        .output("y", FLOAT, 1, 8, 6, 6)
        .initializer("w", OpRunner.random(8 * 8 * 9, 71), 8, 8, 3, 3)
        .node("Conv", List.of("x", "w"), List.of("a"), ints("pads", 1, 1, 1, 1))
        .node("Relu", List.of("a"), List.of("r"))
        .node("Add", List.of("r", "z"), List.of("y"))
        .build();
  }

  @Test
  void aDeviceTensorRoundTripsItsBytes() {
    VulkanDevice device = VulkanExtension.device();
    int before = device.allocator().stats().liveBuffers();
    HostTensor floats = OrtComparison.randomInput(72, 2, 3, 5);
    ByteBuffer longs = ByteBuffer.allocate(5 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : new long[] {-1L << 40, -7, 0, 9, Long.MAX_VALUE}) {
      longs.putLong(v);
    }
    HostTensor int64 = new HostTensor(ElementType.INT64, new long[] {5}, longs.flip());
    HostTensor empty = new HostTensor(ElementType.UINT8, new long[] {0, 4}, ByteBuffer.allocate(0));
    for (HostTensor host : List.of(floats, int64, empty)) {
      try (DeviceMemoryTensor t = DeviceMemoryTensor.upload(device, host)) {
        assertThat(t.type()).isEqualTo(host.type());
        assertThat(t.shape()).containsExactly(host.shape());
        HostTensor back = t.download();
        assertThat(back.shape()).containsExactly(host.shape());
        assertThat(back.data()).as("%s", host).isEqualTo(host.data());
      }
    }
    assertThat(device.allocator().stats().liveBuffers()).isEqualTo(before);
  }

  @Test
  void aModelTakesDeviceTensorsAsItTakesTheSameValuesFromTheHost() {
    byte[] model = convAddModel();
    VulkanDevice device = VulkanExtension.device();
    try (InferenceModel m = OnnxModels.load(device, model, "conv add", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      for (int round = 0; round < 3; round++) {
        HostTensor x = OrtComparison.randomInput(80 + round, 1, 8, 6, 6);
        HostTensor z = OrtComparison.randomInput(90 + round, 1, 8, 6, 6);
        HostTensor otherX = OrtComparison.randomInput(180 + round, 1, 8, 6, 6);
        HostTensor otherZ = OrtComparison.randomInput(190 + round, 1, 8, 6, 6);
        float[] ref = OrtReference.run(model, List.of("x", "z"), List.of(x, z)).get(0).toFloats();
        float[] fromHost = s.run(List.of(x, z)).get(0).toFloats();
        Accuracy.assertWithinRelative("host inputs vs ORT", fromHost, ref, 1e-5);
        float[] otherRef =
            OrtReference.run(model, List.of("x", "z"), List.of(otherX, otherZ)).get(0).toFloats();
        // Each device run follows a host run of other values, which it must replace.
        float[] other = s.run(List.of(otherX, otherZ)).get(0).toFloats();
        Accuracy.assertWithinRelative("other host inputs vs ORT", other, otherRef, 1e-5);
        try (DeviceMemoryTensor dx = DeviceMemoryTensor.upload(device, x);
            DeviceMemoryTensor dz = DeviceMemoryTensor.upload(device, z)) {
          assertThat(s.run(List.of(dx, z)).get(0).toFloats())
              .as("round %d, x on the device", round)
              .containsExactly(fromHost);
          assertThat(s.lastTiming().deviceInputs()).isEqualTo(1);
          assertThat(s.run(List.of(otherX, otherZ)).get(0).toFloats())
              .as("round %d, host inputs after a device input", round)
              .containsExactly(other);
          assertThat(s.lastTiming().deviceInputs()).isZero();
          assertThat(s.run(List.of(dx, dz)).get(0).toFloats())
              .as("round %d, both on the device", round)
              .containsExactly(fromHost);
          assertThat(s.lastTiming().deviceInputs()).isEqualTo(2);
        }
      }
    }
  }

  @Test
  void aDeviceTensorTheKernelsCannotReadAsItIsGoesThroughTheHost() {
    // int64 inputs are converted on the host before the device reads them.
    byte[] model =
        new OnnxWriter(13)
            .input("x", INT64, 4)
            .output("y", FLOAT, 4)
            .node("Cast", List.of("x"), List.of("c"), i("to", FLOAT))
            .node("Relu", List.of("c"), List.of("y"))
            .build();
    ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : new long[] {-5, 3, 0, 1000}) {
      b.putLong(v);
    }
    HostTensor x = new HostTensor(ElementType.INT64, new long[] {4}, b.flip());
    VulkanDevice device = VulkanExtension.device();
    try (InferenceModel m = OnnxModels.load(device, model, "cast relu", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession();
        DeviceMemoryTensor dx = DeviceMemoryTensor.upload(device, x)) {
      float[] ref = OrtReference.run(model, List.of("x"), List.of(x)).get(0).toFloats();
      assertThat(s.run(List.of(dx)).get(0).toFloats()).containsExactly(ref);
      assertThat(s.lastTiming().deviceInputs()).isZero();
    }
  }

  @Test
  void badDeviceTensorsAreNamedAndTheSessionStaysUsable() {
    byte[] model = convAddModel();
    VulkanDevice device = VulkanExtension.device();
    HostTensor x = OrtComparison.randomInput(101, 1, 8, 6, 6);
    HostTensor z = OrtComparison.randomInput(102, 1, 8, 6, 6);
    try (InferenceModel m = OnnxModels.load(device, model, "conv add", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession();
        VulkanDevice other = VulkanDevice.open(TestDevice.options())) {
      float[] expected = s.run(List.of(x, z)).get(0).toFloats();
      try (DeviceMemoryTensor wrongShape =
          DeviceMemoryTensor.upload(device, OrtComparison.randomInput(103, 1, 8, 6, 5))) {
        assertThatThrownBy(() -> s.run(List.of(wrongShape, z)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("input 'x'")
            .hasMessageContaining("[1, 8, 6, 6]");
      }
      try (DeviceMemoryTensor elsewhere = DeviceMemoryTensor.upload(other, x)) {
        assertThatThrownBy(() -> s.run(List.of(elsewhere, z)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("input 'x'")
            .hasMessageContaining("another device");
      }
      DeviceMemoryTensor closed = DeviceMemoryTensor.upload(device, x);
      closed.close();
      assertThatThrownBy(() -> s.run(List.of(closed, z)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input 'x' is a closed device tensor");
      assertThatThrownBy(closed::download)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      try (DeviceMemoryTensor dx = DeviceMemoryTensor.upload(device, x)) {
        assertThat(s.run(List.of(dx, z)).get(0).toFloats()).containsExactly(expected);
      }
    }
  }

  @Test
  void outputsKeptInDeviceMemoryFeedTheNextModel() {
    // A: y = Relu(Conv(x)) + z, and the channel ArgMax of y (int64: converted on the host).
    byte[] first =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 8, 6, 6)
            .input("z", FLOAT, 1, 8, 6, 6)
            .output("y", FLOAT, 1, 8, 6, 6)
            .output("idx", INT64, 1, 1, 6, 6)
            .initializer("w", OpRunner.random(8 * 8 * 9, 71), 8, 8, 3, 3)
            .node("Conv", List.of("x", "w"), List.of("a"), ints("pads", 1, 1, 1, 1))
            .node("Relu", List.of("a"), List.of("r"))
            .node("Add", List.of("r", "z"), List.of("y"))
            .node("ArgMax", List.of("y"), List.of("idx"), i("axis", 1), i("keepdims", 1))
            .build();
    // B: reads A's y.
    byte[] second =
        new OnnxWriter(13)
            .input("x", FLOAT, 1, 8, 6, 6)
            .output("y", FLOAT, 1, 4, 6, 6)
            .initializer("w", OpRunner.random(4 * 8, 73), 4, 8, 1, 1)
            .node("Conv", List.of("x", "w"), List.of("y"))
            .build();
    VulkanDevice device = VulkanExtension.device();
    HostTensor x = OrtComparison.randomInput(110, 1, 8, 6, 6);
    HostTensor z = OrtComparison.randomInput(111, 1, 8, 6, 6);
    int before = device.allocator().stats().liveBuffers();
    try (InferenceModel a = OnnxModels.load(device, first, "first", ModelOptions.DEFAULT);
        InferenceSession sa = a.newSession();
        InferenceModel b = OnnxModels.load(device, second, "second", ModelOptions.DEFAULT);
        InferenceSession sb = b.newSession()) {
      List<HostTensor> onHost = sa.run(List.of(x, z));
      List<HostTensor> ref = OrtReference.run(first, List.of("x", "z"), List.of(x, z));
      Accuracy.assertWithinRelative(
          "first vs ORT", onHost.get(0).toFloats(), ref.get(0).toFloats(), 1e-5);
      float[] secondFromHost = sb.run(List.of(onHost.get(0))).get(0).toFloats();
      Accuracy.assertWithinRelative(
          "second vs ORT",
          secondFromHost,
          OrtReference.run(second, List.of("x"), List.of(onHost.get(0))).get(0).toFloats(),
          1e-5);
      // The other way round first, so that the kept run must write its own outputs.
      sa.run(List.of(z, x));
      List<ModelTensor> kept = sa.runWithDeviceOutputs(List.of(x, z));
      assertThat(kept.get(0)).isInstanceOf(DeviceMemoryTensor.class);
      assertThat(kept.get(1)).as("an int64 output").isInstanceOf(HostTensor.class);
      assertThat(((HostTensor) kept.get(1)).data()).isEqualTo(onHost.get(1).data());
      try (DeviceMemoryTensor y = (DeviceMemoryTensor) kept.get(0)) {
        assertThat(y.shape()).containsExactly(1, 8, 6, 6);
        assertThat(y.download().toFloats()).containsExactly(onHost.get(0).toFloats());
        sb.run(List.of(z));
        assertThat(sb.run(List.of(y)).get(0).toFloats()).containsExactly(secondFromHost);
        assertThat(sb.lastTiming().deviceInputs()).isEqualTo(1);
      }
    }
    assertThat(device.allocator().stats().liveBuffers()).isEqualTo(before);
  }

  @Test
  void closingAHeldTensorFreesItsBufferAtTheLastRelease() {
    VulkanDevice device = VulkanExtension.device();
    int before = device.allocator().stats().liveBuffers();
    DeviceMemoryTensor t = DeviceMemoryTensor.upload(device, OrtComparison.randomInput(104, 4, 4));
    assertThat(device.allocator().stats().liveBuffers()).isEqualTo(before + 1);
    t.acquire();
    t.close();
    assertThat(t.isClosed()).isTrue();
    assertThat(device.allocator().stats().liveBuffers()).isEqualTo(before + 1);
    assertThatThrownBy(t::acquire).isInstanceOf(IllegalStateException.class);
    t.release();
    assertThat(device.allocator().stats().liveBuffers()).isEqualTo(before);
    t.close();
    assertThat(device.allocator().stats().liveBuffers()).isEqualTo(before);
  }
}
