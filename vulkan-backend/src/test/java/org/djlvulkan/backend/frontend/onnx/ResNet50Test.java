package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.Precision;
import org.djlvulkan.backend.testing.TestDevice;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ResNet50 fp32 (dynamic batch) against ONNX Runtime's outputs stored with the model: batch 1 on
 * every test data set, then batch 2 (a second recorded variant) on two of them stacked. Loaded
 * once.
 */
@ExtendWith(VulkanExtension.class)
class ResNet50Test {
  private static final Path DIR = SharedFixtures.sharedDir().resolve("models/resnet50");
  private static final Path DATA = DIR.resolve("testdata/resnet50-fp32");
  private static InferenceModel model;
  private static InferenceSession session;

  @BeforeAll
  static void load() {
    Path file = SharedFixtures.require(DIR.resolve("resnet50-fp32.onnx"));
    model = OnnxModels.load(VulkanExtension.device(), file, ModelOptions.DEFAULT);
    session = model.newSession();
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
      model.close();
    }
  }

  private static TensorData data(int set, String name) {
    return OnnxModels.readTensor(DATA.resolve("test_data_set_" + set).resolve(name));
  }

  /** Asserts max |diff| <= 1e-3 * max |expected| over one batch row. */
  static void assertClose(String label, float[] actual, int offset, float[] expected) {
    assertClose(label, actual, offset, expected, 1e-3);
  }

  /** Asserts max |diff| <= relative * max |expected| over one batch row. */
  static void assertClose(
      String label, float[] actual, int offset, float[] expected, double relative) {
    double maxRef = 0;
    double maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(expected[i]));
      maxDiff = Math.max(maxDiff, Math.abs(actual[offset + i] - expected[i]));
    }
    System.out.printf(
        Locale.ROOT, "[accuracy] %-40s max|diff| %.3e, max|logit| %.3f%n", label, maxDiff, maxRef);
    assertThat(maxDiff).as(label).isLessThanOrEqualTo(relative * maxRef);
  }

  @Test
  void batchOneMatchesOnnxRuntimeOnEveryDataSet() {
    assertThat(model.inputs().get(0).shape()).containsExactly(-1, 3, 224, 224);
    for (int set = 0; set < 3; set++) {
      HostTensor in = data(set, "input_0.pb").toHostTensor();
      List<HostTensor> out = session.run(List.of(in));
      assertThat(out.get(0).shape()).containsExactly(1, 1000);
      assertClose(
          "resnet50 fp32 set " + set,
          out.get(0).toFloats(),
          0,
          data(set, "output_0.pb").toFloats());
    }
  }

  @Test
  void batchTwoBuildsASecondVariantAndMatches() {
    long weights = model.weightBytes();
    float[] a = data(0, "input_0.pb").toFloats();
    float[] b = data(2, "input_0.pb").toFloats();
    float[] both = new float[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    List<HostTensor> out = session.run(List.of(HostTensor.ofFloats(both, 2, 3, 224, 224)));
    assertThat(out.get(0).shape()).containsExactly(2, 1000);
    float[] y = out.get(0).toFloats();
    assertClose("resnet50 fp32 batch 2, row 0", y, 0, data(0, "output_0.pb").toFloats());
    assertClose("resnet50 fp32 batch 2, row 1", y, 1000, data(2, "output_0.pb").toFloats());
    assertThat(((CompiledModel) model).cachedVariants()).isEqualTo(2);
    System.out.printf(Locale.ROOT, "[resnet50] packed weights: %d bytes%n", model.weightBytes());
    assertThat(model.weightBytes()).as("batch 2 reuses the packed weights").isEqualTo(weights);
  }

  @Test
  void theFp16ModeRunsEveryNodeOnFp16Kernels() {
    Path file = SharedFixtures.require(DIR.resolve("resnet50-fp32.onnx"));
    ModelOptions options = ModelOptions.DEFAULT.withPrecision(Precision.FP16).withProfiling(true);
    try (InferenceModel half = OnnxModels.load(VulkanExtension.device(), file, options);
        InferenceSession s = half.newSession()) {
      List<HostTensor> out = s.run(List.of(data(1, "input_0.pb").toHostTensor()));
      // Within the fp16 bound of Fp16PrecisionTest (integration-tests), which says why.
      assertClose(
          "resnet50 fp32 file in fp16 mode, set 1",
          out.get(0).toFloats(),
          0,
          data(1, "output_0.pb").toFloats(),
          2.5e-2);
      List<String> kernels = s.lastProfile().stream().map(NodeTiming::kernel).toList();
      // The same 71 dispatches as fp32 (the 16 residual adds run in their convolutions' passes):
      // input packed as fp16, every node on its fp16 build, the logits widened as they are
      // written; no conversion in between.
      assertThat(kernels).hasSize(71);
      assertThat(kernels).filteredOn(k -> k.startsWith("gemm_tiled_add_")).hasSize(16);
      assertThat(kernels).first().isEqualTo("nchw_to_nc4hw4_f16");
      assertThat(kernels).last().isEqualTo("nc4hw4_f16_to_nchw");
      assertThat(kernels.subList(1, kernels.size() - 1)).allMatch(k -> k.endsWith("_f16"));
    }
  }

  @Test
  void sharedTileGemmsWithImplicitIm2colMatchOnnxRuntime() {
    // The GPUs' workgroup-tile GEMMs (split K included) computing the 3x3 convolutions' input
    // implicitly, forced on this device: the path DJL_VULKAN_IM2COL=implicit takes on a GPU.
    KernelPolicy policy =
        KernelPolicy.DEFAULT
            .withFloatGemm(KernelPolicy.FloatGemm.SHARED_TILES)
            .withIm2col(KernelPolicy.Im2col.IMPLICIT);
    Path file = SharedFixtures.require(DIR.resolve("resnet50-fp32.onnx"));
    try (VulkanDevice device = VulkanDevice.open(TestDevice.options().withKernelPolicy(policy));
        InferenceModel implicit =
            OnnxModels.load(device, file, ModelOptions.DEFAULT.withProfiling(true));
        InferenceSession s = implicit.newSession()) {
      List<HostTensor> out = s.run(List.of(data(1, "input_0.pb").toHostTensor()));
      assertClose(
          "resnet50 fp32 set 1, shared tiles, implicit im2col",
          out.get(0).toFloats(),
          0,
          data(1, "output_0.pb").toFloats());
      List<String> kernels = s.lastProfile().stream().map(NodeTiming::kernel).toList();
      // No im2col pass: the 3x3 convolutions and the 3-channel stem (padded to 4 per tap) read
      // their input themselves.
      assertThat(kernels).noneMatch(k -> k.startsWith("conv2d_im2col"));
      assertThat(kernels).anyMatch(k -> k.startsWith("gemm_shared"));
    }
  }
}
