package org.djlvulkan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.FileNotFoundException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.model.TensorInfo;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.backend.vk.DeviceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link VkModel} and {@link VkSymbolBlock} with a model computed in Java. */
@ExtendWith(EngineValidationExtension.class)
class VkModelTest {
  @TempDir Path dir;

  private final AtomicReference<Path> importedFile = new AtomicReference<>();
  private final AtomicReference<ModelOptions> importedOptions = new AtomicReference<>();

  /** y = 2 * x for one float32 input "x" of shape (-1, 3). */
  private static FakeModel doubling() {
    return new FakeModel(
        List.of(new TensorInfo("x", ElementType.FLOAT32, new long[] {-1, 3})),
        List.of(new TensorInfo("y", ElementType.FLOAT32, new long[] {-1, 3})),
        in -> {
          float[] x = in.get(0).toFloats();
          for (int i = 0; i < x.length; i++) {
            x[i] *= 2;
          }
          return List.of(HostTensor.ofFloats(x, in.get(0).shape()));
        });
  }

  private Model model(String name, FakeModel fake) {
    VkEngine engine = EngineValidationExtension.engine();
    return new VkModel(
        name,
        engine.newBaseManager(Device.cpu()),
        engine.devices(),
        (device, file, options) -> {
          assertThat(device.info().type()).isEqualTo(DeviceType.CPU);
          importedFile.set(file);
          importedOptions.set(options);
          return fake;
        });
  }

  private static NDList forward(Block block, NDList inputs) {
    return block.forward(new ParameterStore(inputs.head().getManager(), false), inputs, false);
  }

  @Test
  void findsTheFileAsTheOnnxRuntimeEngineDoes() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("resnet"));
    Files.createFile(folder.resolve("model.onnx"));
    try (Model m = model("fake", doubling())) {
      m.load(folder);
      assertThat(importedFile.get()).isEqualTo(folder.resolve("model.onnx"));
    }
    Files.createFile(folder.resolve("resnet.onnx"));
    try (Model m = model("fake", doubling())) {
      m.load(folder);
      assertThat(importedFile.get()).isEqualTo(folder.resolve("resnet.onnx"));
    }
    Files.createFile(folder.resolve("fake.onnx"));
    try (Model m = model("fake", doubling())) {
      m.load(folder);
      assertThat(importedFile.get()).isEqualTo(folder.resolve("fake.onnx"));
    }
    Files.createFile(folder.resolve("custom.onnx"));
    try (Model m = model("fake", doubling())) {
      m.load(folder, "custom");
      assertThat(importedFile.get()).isEqualTo(folder.resolve("custom.onnx"));
    }
    try (Model m = model("fake", doubling())) {
      m.load(folder.resolve("custom.onnx"));
      assertThat(m.getName()).isEqualTo("custom");
    }
    Path empty = Files.createDirectories(dir.resolve("empty"));
    try (Model m = model("fake", doubling())) {
      assertThatThrownBy(() -> m.load(empty))
          .isInstanceOf(FileNotFoundException.class)
          .hasMessageContaining("empty.onnx")
          .hasMessageContaining("model.onnx");
    }
  }

  @Test
  void optionsReachTheImporter() throws Exception {
    Files.createFile(dir.resolve("model.onnx"));
    try (Model m = model("fake", doubling())) {
      m.load(dir, null, Map.of("precision", "fp32", "profiling", "true"));
      assertThat(importedOptions.get().precision()).isEqualTo(Precision.FP32);
      assertThat(importedOptions.get().profiling()).isTrue();
    }
    try (Model m = model("fake", doubling())) {
      m.load(dir);
      assertThat(importedOptions.get()).isEqualTo(ModelOptions.DEFAULT);
    }
    try (Model m = model("fake", doubling())) {
      assertThatThrownBy(() -> m.load(dir, null, Map.of("precision", "int4")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("precision")
          .hasMessageContaining("fp32");
    }
    try (Model m = model("fake", doubling())) {
      assertThatThrownBy(() -> m.load(dir, null, Map.of("device", "no-such-device")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no-such-device");
    }
    try (Model m = model("fake", doubling())) {
      // An option of another engine (OnnxRuntime's) is named, not silently dropped.
      assertThatThrownBy(() -> m.load(dir, null, Map.of("interOpNumThreads", "4")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "the Vulkan engine has no option 'interOpNumThreads'; its options are"
                  + " [device, precision, profiling, pixelInput, outputsOnDevice]");
    }
  }

  @Test
  void forwardRunsTheModelAndNamesTheOutputs() throws Exception {
    Files.createFile(dir.resolve("model.onnx"));
    try (Model m = model("fake", doubling());
        NDManager manager = m.getNDManager().newSubManager()) {
      m.load(dir);
      assertThat(m.describeInput().keys()).containsExactly("x");
      assertThat(m.describeInput().values()).containsExactly(new Shape(-1, 3));
      assertThat(m.describeOutput().keys()).containsExactly("y");
      NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
      NDList out = forward(m.getBlock(), new NDList(x));
      assertThat(out).hasSize(1);
      assertThat(out.head().getName()).isEqualTo("y");
      assertThat(out.head().getShape()).isEqualTo(new Shape(2, 3));
      assertThat(out.head().toFloatArray()).containsExactly(2, 4, 6, 8, 10, 12);
      assertThat(out.head().getManager()).isSameAs(manager);
      // EngineException, as DJL's OnnxRuntime engine reports a wrong input.
      assertThatThrownBy(() -> forward(m.getBlock(), new NDList(x, x)))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("1 input(s) [x]");
      NDArray ints = manager.create(new int[] {1, 2, 3}, new Shape(1, 3));
      assertThatThrownBy(() -> forward(m.getBlock(), new NDList(ints)))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("'x'")
          .hasMessageContaining("int32");
      assertThatThrownBy(
              () ->
                  m.getBlock()
                      .forward(
                          new ParameterStore(manager, false),
                          new NDList(x),
                          true,
                          new PairList<>()))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("training");
    }
  }

  @Test
  void namedInputsAreMatchedByNameAndFloat32FeedsAFloat16Input() throws Exception {
    Files.createFile(dir.resolve("model.onnx"));
    List<TensorInfo> inputs =
        List.of(
            new TensorInfo("a", ElementType.FLOAT16, new long[] {2}),
            new TensorInfo("b", ElementType.FLOAT32, new long[] {2}));
    FakeModel fake =
        new FakeModel(
            inputs,
            List.of(new TensorInfo("half", ElementType.FLOAT16, new long[] {2})),
            in -> List.of(in.get(0)));
    try (Model m = model("fake", fake);
        NDManager manager = m.getNDManager().newSubManager()) {
      m.load(dir);
      NDArray b = manager.create(new float[] {7, 8});
      b.setName("b");
      NDArray a = manager.create(new float[] {0.1f, 65519f});
      a.setName("a");
      NDList out = forward(m.getBlock(), new NDList(b, a));
      HostTensor fedA = fake.received().get(0).get(0);
      HostTensor fedB = fake.received().get(0).get(1);
      ByteBuffer half = fedA.data().order(ByteOrder.LITTLE_ENDIAN);
      assertThat(half.getShort(0)).isEqualTo(Float16.fromFloat(0.1f));
      assertThat(half.getShort(2)).isEqualTo(Float16.fromFloat(65519f));
      assertThat(fedB.toFloats()).containsExactly(7, 8);
      assertThat(out.head().getDataType()).isEqualTo(DataType.FLOAT16);
    }
  }

  @Test
  void concurrentForwardsNeverShareASession() throws Exception {
    Files.createFile(dir.resolve("model.onnx"));
    FakeModel fake = doubling();
    int threads = 4;
    try (Model m = model("fake", fake)) {
      m.load(dir);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          float base = t * 100;
          results.add(
              pool.submit(
                  () -> {
                    try (NDManager manager = m.getNDManager().newSubManager()) {
                      boolean ok = true;
                      for (int i = 0; i < 20; i++) {
                        NDArray x = manager.create(new float[] {base, i, 1}, new Shape(1, 3));
                        float[] y = forward(m.getBlock(), new NDList(x)).head().toFloatArray();
                        ok &= y[0] == 2 * base && y[1] == 2 * i && y[2] == 2;
                      }
                      return ok;
                    }
                  }));
        }
        for (Future<Boolean> r : results) {
          assertThat(r.get()).isTrue();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(fake.sharedSessionSeen).isFalse();
      int sessions = ((VkSymbolBlock) m.getBlock()).sessionCount();
      assertThat(sessions).isBetween(1, threads);
      assertThat(fake.sessionsOpened.get()).isEqualTo(sessions);
    }
    assertThat(fake.closed).isTrue();
    assertThat(fake.sessionsClosed.get()).isEqualTo(fake.sessionsOpened.get());
  }

  @Test
  void theModelReportsDeviceMemoryAndProfileAsProperties() throws Exception {
    Files.createFile(dir.resolve("model.onnx"));
    try (Model m = model("fake", doubling());
        NDManager manager = m.getNDManager().newSubManager()) {
      m.load(dir, null, Map.of("profiling", "true"));
      assertThat(m.getProperty(VkModel.WEIGHT_BYTES)).isEqualTo("4096");
      // lavapipe (or whichever device tests run on) and how a run waits for it.
      assertThat(m.getProperty(VkModel.DEVICE)).matches(".+ \\[[A-Z_]+\\], host wait (block|spin)");
      assertThat(m.getProperty(VkModel.PEAK_ACTIVATION_BYTES)).isNull();
      forward(m.getBlock(), new NDList(manager.create(new float[] {1, 2, 3}, new Shape(1, 3))));
      assertThat(m.getProperty(VkModel.PEAK_ACTIVATION_BYTES)).isEqualTo("512");
      assertThat(m.getProperty(VkModel.PROFILE).split("\\R"))
          .containsExactly(
              "0 aten.convolution.default conv2d_pw\t12.5\t3000",
              "1 aten.relu.default relu\t0.25\t0");
      assertThat(((VkSymbolBlock) m.getBlock()).lastProfile()).isEqualTo(FakeModel.PROFILE);
    }
  }

  @Test
  void closingTheModelClosesTheBlock() throws Exception {
    Files.createFile(dir.resolve("model.onnx"));
    FakeModel fake = doubling();
    Model m = model("fake", fake);
    m.load(dir);
    Block block = m.getBlock();
    NDManager manager = m.getNDManager().newSubManager();
    NDArray x = manager.create(new float[] {1, 2, 3}, new Shape(1, 3));
    forward(block, new NDList(x));
    manager.close();
    m.close();
    assertThat(fake.closed).isTrue();
    assertThat(fake.sessionsClosed.get()).isEqualTo(1);
    try (NDManager other = EngineValidationExtension.engine().newBaseManager()) {
      NDArray y = other.create(new float[] {1, 2, 3}, new Shape(1, 3));
      assertThatThrownBy(() -> forward(block, new NDList(y)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}
