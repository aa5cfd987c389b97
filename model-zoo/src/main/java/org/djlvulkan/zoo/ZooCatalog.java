package org.djlvulkan.zoo;

import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.zoo.translator.PixelEncoding;

/**
 * What the zoo serves: every model file with its mirror path and official download, and the
 * ImageNet labels.
 *
 * <p>Downloads are pinned to a commit, so that a published checksum stays true. The ONNX Model
 * Zoo's files are Git LFS objects, whose pointer files publish their SHA-256; the files of
 * microsoft/Windows-Machine-Learning and microsoft/onnxruntime-inference-examples are plain Git
 * blobs with no published SHA-256, so their downloads are not verified (see {@link
 * ZooFile#unverified}).
 *
 * <table>
 *   <caption>Artifacts</caption>
 *   <tr><th>artifact</th><th>precision</th><th>mirror path</th><th>download</th></tr>
 *   <tr><td>resnet50</td><td>fp32</td><td>resnet50/resnet50-fp32.onnx</td>
 *       <td>ONNX Model Zoo resnet50-v1-12</td></tr>
 *   <tr><td>resnet50</td><td>int8</td><td>resnet50/resnet50-int8-qdq.onnx</td>
 *       <td>ONNX Model Zoo resnet50-v1-12-qdq (QDQ, like the mirror file)</td></tr>
 *   <tr><td>mobilenetv2</td><td>int8</td><td>mobilenetv2-12-int8.onnx</td>
 *       <td>ONNX Model Zoo mobilenetv2-12-int8</td></tr>
 *   <tr><td>squeezenet</td><td>fp32</td><td>squeezenet-fp16.onnx</td>
 *       <td>SqueezeNet 1.0 float16, microsoft/Windows-Machine-Learning</td></tr>
 * </table>
 *
 * <p>With the filter {@code format=pte}, an artifact serves the ExecuTorch programs of {@code
 * ../shared/models/pte/} (lowered by ExecuTorch's VulkanPartitioner, batch 1): {@code
 * pte/resnet50-int8.pte}; {@code pte/mobilenet_v2-int8.pte} and {@code -fp32.pte}; {@code
 * pte/squeezenet-trained-fp32.pte} and {@code -int8.pte} (SqueezeNet 1.1 with trained weights, BGR
 * 0 to 255 like the ONNX SqueezeNet). They have no public download: a model mirror or a base-URL
 * override serves them.
 *
 * <p>ResNet50 and MobileNetV2 take torchvision's ImageNet normalization ({@link
 * PixelEncoding#IMAGENET_RGB}). SqueezeNet 1.0 is a Caffe model converted for Windows ML, whose
 * image contract is BGR with values 0 to 255 ({@link PixelEncoding#RAW_BGR}); given normalized RGB
 * it labels the project's cat photo as a mosquito net.
 */
public final class ZooCatalog {
  /** The filter that picks a file of an artifact by precision. */
  public static final String PRECISION = "precision";

  /**
   * The precision that has no file of its own: an artifact's fp32 file run with fp16 activations
   * (the Vulkan engine's option {@code precision=fp16}).
   */
  public static final String FP16 = "fp16";

  /** The filter that picks a file of an artifact by format ({@link #ONNX} unless given). */
  public static final String FORMAT = "format";

  /** The {@link #FORMAT} of ONNX models, the default. */
  public static final String ONNX = "onnx";

  /**
   * Returns the {@link #PRECISION} of the file that a requested precision loads: the fp32 file for
   * {@link #FP16}, else the precision itself.
   *
   * @param precision the requested precision
   * @return the file's precision
   */
  public static String filePrecision(String precision) {
    return FP16.equals(precision) ? "fp32" : precision;
  }

  /** The {@link #FORMAT} of ExecuTorch programs lowered by ExecuTorch's VulkanPartitioner. */
  public static final String PTE = "pte";

  /** The formats, default first. */
  public static final List<String> FORMATS = List.of(ONNX, PTE);

  /** The 1000 ImageNet class names in class-index order, one {@code nXXXXXXXX name} a line. */
  public static final ZooFile SYNSET =
      ZooFile.unverified(
          "synset.txt",
          "https://raw.githubusercontent.com/microsoft/onnxruntime-inference-examples/"
              + "52e25beb4ca258bc02ea7a319f2c2672ca39bb40/"
              + "c_cxx/OpenVINO_EP/Linux/squeezenet_classification/synset.txt");

  private static final String ONNX_MODELS = "https://github.com/onnx/models/raw/";

  private static final List<ZooArtifact> ARTIFACTS =
      List.of(
          new ZooArtifact(
              "resnet50",
              "fp32",
              ONNX,
              ZooFile.verified(
                  "resnet50/resnet50-fp32.onnx",
                  ONNX_MODELS
                      + "652f4e4af7975c8e7a505c4b6e0f8ac72d8260ea/"
                      + "vision/classification/resnet/model/resnet50-v1-12.onnx",
                  "ab65bdc02c5b3123eb3cdf6dac01742438517d8635d4f233913b2be1c70db3b6",
                  102_576_419L),
              DataType.FLOAT32,
              PixelEncoding.IMAGENET_RGB,
              true,
              0,
              "ResNet50 v1, fp32 (ONNX Model Zoo resnet50-v1-12)"),
          new ZooArtifact(
              "resnet50",
              "int8",
              ONNX,
              ZooFile.verified(
                  "resnet50/resnet50-int8-qdq.onnx",
                  ONNX_MODELS
                      + "2a67a85e670e61bf9819e9df6dae3771974552ff/"
                      + "validated/vision/classification/resnet/model/resnet50-v1-12-qdq.onnx",
                  "e6429d274805654c79ba68dc886c1efd4eff95393e747c35d3fdab579febd8a0",
                  25_753_167L),
              DataType.FLOAT32,
              PixelEncoding.IMAGENET_RGB,
              true,
              0,
              "ResNet50 v1, int8 QDQ (ONNX Model Zoo resnet50-v1-12-qdq)"),
          new ZooArtifact(
              "mobilenetv2",
              "int8",
              ONNX,
              ZooFile.verified(
                  "mobilenetv2-12-int8.onnx",
                  ONNX_MODELS
                      + "8b137f96002939214a6a40cca0cf222d043b714a/"
                      + "vision/classification/mobilenet/model/mobilenetv2-12-int8.onnx",
                  "cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f",
                  3_655_033L),
              DataType.FLOAT32,
              PixelEncoding.IMAGENET_RGB,
              true,
              0,
              "MobileNetV2 1.0, int8 QOperator (ONNX Model Zoo mobilenetv2-12-int8)"),
          new ZooArtifact(
              "squeezenet",
              "fp32",
              ONNX,
              ZooFile.unverified(
                  "squeezenet-fp16.onnx",
                  "https://raw.githubusercontent.com/microsoft/Windows-Machine-Learning/"
                      + "044757481c274e4749f5c192962168520807b4cc/"
                      + "SharedContent/models/SqueezeNet_fp16.onnx"),
              DataType.FLOAT16,
              PixelEncoding.RAW_BGR,
              false,
              1,
              "SqueezeNet 1.0, float16 file computed in fp32, output already a softmax"
                  + " (microsoft/Windows-Machine-Learning)"),
          program(
              "resnet50",
              "int8",
              "resnet50-int8.pte",
              PixelEncoding.IMAGENET_RGB,
              "ResNet50, seeded weights, PT2E int8 (no public download)"),
          program(
              "mobilenetv2",
              "int8",
              "mobilenet_v2-int8.pte",
              PixelEncoding.IMAGENET_RGB,
              "MobileNetV2, seeded weights, PT2E int8 (no public download)"),
          program(
              "mobilenetv2",
              "fp32",
              "mobilenet_v2-fp32.pte",
              PixelEncoding.IMAGENET_RGB,
              "MobileNetV2, seeded weights, fp32 (no public download)"),
          program(
              "squeezenet",
              "fp32",
              "squeezenet-trained-fp32.pte",
              PixelEncoding.RAW_BGR,
              "SqueezeNet 1.1, trained ImageNet weights, fp32 (no public download)"));

  private ZooCatalog() {}

  /**
   * An ExecuTorch program of {@code ../shared/models/pte/}: batch 1, f32 input, logits out, served
   * only by a model mirror (or a base-URL override).
   */
  private static ZooArtifact program(
      String artifactId, String precision, String file, PixelEncoding pixels, String description) {
    return new ZooArtifact(
        artifactId,
        precision,
        PTE,
        ZooFile.mirrorOnly("pte/" + file),
        DataType.FLOAT32,
        pixels,
        true,
        1,
        description);
  }

  /** Returns every model file, artifact by artifact, each artifact's default precision first. */
  public static List<ZooArtifact> artifacts() {
    return ARTIFACTS;
  }

  /** Returns the artifact ids in catalog order. */
  public static List<String> artifactIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (ZooArtifact a : ARTIFACTS) {
      ids.add(a.artifactId());
    }
    return List.copyOf(ids);
  }

  /**
   * Returns the files of one artifact, the default precision first.
   *
   * @param artifactId such as {@code resnet50}
   * @return the files, empty when the zoo has no such artifact
   */
  public static List<ZooArtifact> variants(String artifactId) {
    List<ZooArtifact> out = new ArrayList<>();
    for (ZooArtifact a : ARTIFACTS) {
      if (a.artifactId().equals(artifactId)) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * Picks the file of an artifact that matches search filters; without a {@code precision} filter
   * the artifact's default precision.
   *
   * @param artifactId such as {@code resnet50}
   * @param filters DJL search filters, may be null; only {@code precision} is known
   * @return the file
   * @throws IllegalArgumentException naming the artifact, the filter and the values it accepts
   */
  public static ZooArtifact select(String artifactId, Map<String, String> filters) {
    List<ZooArtifact> variants = variants(artifactId);
    if (variants.isEmpty()) {
      throw new IllegalArgumentException(
          "the "
              + VkModelZoo.GROUP_ID
              + " zoo has no model '"
              + artifactId
              + "'; it has "
              + artifactIds());
    }
    String precision = null;
    String format = ONNX;
    if (filters != null) {
      for (Map.Entry<String, String> f : filters.entrySet()) {
        if (f.getKey().equals(PRECISION)) {
          precision = f.getValue();
        } else if (f.getKey().equals(FORMAT)) {
          format = f.getValue();
        } else {
          throw new IllegalArgumentException(
              VkModelZoo.GROUP_ID
                  + ":"
                  + artifactId
                  + " has no filter '"
                  + f.getKey()
                  + "'; its filters are '"
                  + PRECISION
                  + "' and '"
                  + FORMAT
                  + "'");
        }
      }
    }
    String wantedFormat = format;
    List<ZooArtifact> inFormat =
        variants.stream().filter(a -> a.format().equals(wantedFormat)).toList();
    if (inFormat.isEmpty()) {
      throw new IllegalArgumentException(
          VkModelZoo.GROUP_ID
              + ":"
              + artifactId
              + " has no format '"
              + format
              + "'; it has "
              + variants.stream().map(ZooArtifact::format).distinct().toList());
    }
    if (precision == null) {
      return inFormat.get(0);
    }
    for (ZooArtifact a : inFormat) {
      if (a.precision().equals(precision)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        VkModelZoo.GROUP_ID
            + ":"
            + artifactId
            + " has no precision '"
            + precision
            + "'"
            + (format.equals(ONNX) ? "" : " in format '" + format + "'")
            + "; it has "
            + inFormat.stream().map(ZooArtifact::precision).toList());
  }
}
