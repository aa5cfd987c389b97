package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.djlvulkan.backend.ir.IrGraph;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ir.Op;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Layer by layer on the QOp int8 models (slow suite, {@code -Pslow}): the output of every quantized
 * operator becomes an extra graph output of a rewritten copy of the file, which both ONNX Runtime
 * and the int8 kernels run on one input; the uint8 codes of each layer are compared and the
 * fraction of equal codes, codes one step off and codes further off is printed per layer. Every
 * layer must have at least 99% of its codes within one step of ONNX Runtime.
 */
@ExtendWith(VulkanExtension.class)
class Int8LayersTest {
  private static final Path MODELS = SharedFixtures.sharedDir().resolve("models");

  /** The quantized operators whose uint8 outputs are compared. */
  private static final List<Op> QUANTIZED =
      List.of(
          Op.QCONV,
          Op.QADD,
          Op.QMUL,
          Op.QGLOBAL_AVERAGE_POOL,
          Op.QAVERAGE_POOL,
          Op.QCONCAT,
          Op.QMAT_MUL,
          Op.QGEMM,
          Op.QUANTIZE,
          Op.MAX_POOL);

  /**
   * Returns the model with extra uint8 graph outputs appended to its graph (ModelProto field 7,
   * GraphProto field 12), every other field copied unchanged.
   */
  static byte[] withOutputs(byte[] model, List<String> names) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(model);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 7) {
          java.io.ByteArrayOutputStream graph = new java.io.ByteArrayOutputStream();
          graph.write(in.readByteArray());
          CodedOutputStream g = CodedOutputStream.newInstance(graph);
          for (String n : names) {
            g.writeByteArray(12, uint8ValueInfo(n));
          }
          g.flush();
          out.writeByteArray(7, graph.toByteArray());
        } else {
          in.skipField(tag, out);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A ValueInfoProto of a uint8 tensor of unknown shape. */
  private static byte[] uint8ValueInfo(String name) {
    byte[] tensorType = OnnxWriter.message(o -> o.writeInt32(1, OnnxWriter.UINT8));
    byte[] type = OnnxWriter.message(o -> o.writeByteArray(1, tensorType));
    return OnnxWriter.message(
        o -> {
          o.writeString(1, name);
          o.writeByteArray(2, type);
        });
  }

  private static int[] codes(HostTensor t) {
    ByteBuffer b = t.data().duplicate();
    int[] v = new int[b.remaining()];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.get() & 0xFF;
    }
    return v;
  }

  private void compareLayers(String file, HostTensor input) {
    boolean slow = "true".equals(System.getProperty("djl.vulkan.slow"));
    assumeTrue(slow, "layer-by-layer comparison runs with -Pslow");
    Path p = SharedFixtures.require(MODELS.resolve(file));
    byte[] original;
    try {
      original = Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IrGraph g = OnnxModels.importGraph(original, file, null);
    List<IrNode> layers = new ArrayList<>();
    for (IrNode n : g.nodes()) {
      if (QUANTIZED.contains(n.op()) && !g.outputValues().contains(n.output())) {
        layers.add(n);
      }
    }
    List<String> names = layers.stream().map(IrNode::output).toList();
    byte[] model = withOutputs(original, names);
    List<HostTensor> ours;
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model, file, ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      ours = s.run(List.of(input));
    }
    List<HostTensor> ref =
        OrtReference.runOptimized(model, List.of(g.inputs().get(0).name()), List.of(input));
    int first = g.outputs().size();
    double worst = 1;
    for (int i = 0; i < layers.size(); i++) {
      int[] a = codes(ours.get(first + i));
      int[] b = codes(ref.get(first + i));
      assertThat(a).as(names.get(i)).hasSameSizeAs(b);
      long[] hist = new long[3];
      int max = 0;
      for (int k = 0; k < a.length; k++) {
        int d = Math.abs(a[k] - b[k]);
        max = Math.max(max, d);
        hist[Math.min(d, 2)]++;
      }
      double within1 = (hist[0] + hist[1]) / (double) a.length;
      worst = Math.min(worst, within1);
      System.out.printf(
          Locale.ROOT,
          "[layers] %-3d %-26s %-40s n=%-8d equal %.5f off1 %.5f off>1 %.6f max %d%n",
          i,
          layers.get(i).op(),
          names.get(i),
          a.length,
          hist[0] / (double) a.length,
          hist[1] / (double) a.length,
          hist[2] / (double) a.length,
          max);
    }
    assertThat(worst).as(file + ": worst layer's fraction within 1 step").isGreaterThan(0.99);
  }

  @Test
  void resnet50QopLayers() {
    compareLayers("resnet50/resnet50-int8-qop.onnx", Int8ModelsTest.imageLike(42));
  }

  @Test
  void mobilenetV2Layers() {
    compareLayers("mobilenetv2-12-int8.onnx", Int8ModelsTest.imageLike(43));
  }
}
