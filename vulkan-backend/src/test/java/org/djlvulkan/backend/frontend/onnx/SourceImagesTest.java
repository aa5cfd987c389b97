package org.djlvulkan.backend.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.djlvulkan.backend.lower.CompiledModel;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceModel;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelOptions;
import org.djlvulkan.backend.model.PixelInput;
import org.djlvulkan.backend.model.SourceImages;
import org.djlvulkan.backend.model.SourceImages.Layout;
import org.djlvulkan.backend.model.SourceImages.Window;
import org.djlvulkan.backend.testing.Accuracy;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A model loaded with a pixel input also takes images at their own size ({@link SourceImages}) and
 * resizes, crops and normalizes them in its first kernel: checked against a per-pixel Java
 * reference of the bilinear sampling, for images of different sizes, channel orders, strides and
 * windows in one batch.
 */
@ExtendWith(VulkanExtension.class)
class SourceImagesTest {
  private static final int FLOAT = 1;
  private static final int H = 5;
  private static final int W = 7;

  /** {@code y = x * 1}: the model's output is its normalized input. */
  private static byte[] model(long batch, long height, long width) {
    return new OnnxWriter(13)
        .input("x", FLOAT, batch, 3, height, width)
        .output("y", FLOAT, batch, 3, height, width)
        .initializer("one", new float[] {1f})
        .node("Mul", List.of("x", "one"), List.of("y"))
        .build();
  }

  /** One image of a test batch: its bytes, where its pixels are, and its window. */
  private record Image(byte[] bytes, int offset, Layout layout, Window window) {}

  private static Image image(Random r, Layout layout, int offset, Window window) {
    byte[] bytes = new byte[offset + (int) layout.span() + r.nextInt(5)];
    r.nextBytes(bytes);
    return new Image(bytes, offset, layout, window);
  }

  /** Images of several kinds: RGB, BGR with padded rows, gray, RGBA, up- and downsampled. */
  private static List<Image> images(Random r) {
    return List.of(
        image(r, Layout.rgb(9, 6), 0, new Window(1, 0, 9f / 10, 6f / 7)),
        image(r, new Layout(12, 5, 40, 3, 2, 1, 0), 3, new Window(0, 0, 12f / 7, 1f)),
        image(r, new Layout(4, 4, 4, 1, 0, 0, 0), 0, new Window(2, 1, 0.5f, 0.5f)),
        image(r, new Layout(6, 8, 24, 4, 0, 1, 2), 1, new Window(-1, 3, 6f / 9, 8f / 11)));
  }

  private static float sample(Image im, int c, float sx, float sy) {
    Layout l = im.layout();
    int x0 = (int) sx;
    int y0 = (int) sy;
    int x1 = Math.min(x0 + 1, l.width() - 1);
    int y1 = Math.min(y0 + 1, l.height() - 1);
    float fx = sx - x0;
    float fy = sy - y0;
    int ch = c == 0 ? l.red() : c == 1 ? l.green() : l.blue();
    float a0 = px(im, x0, y0, ch);
    float b0 = px(im, x1, y0, ch);
    float a1 = px(im, x0, y1, ch);
    float b1 = px(im, x1, y1, ch);
    float above = a0 + (b0 - a0) * fx;
    float below = a1 + (b1 - a1) * fx;
    return above + (below - above) * fy;
  }

  private static float px(Image im, int x, int y, int ch) {
    Layout l = im.layout();
    return im.bytes()[im.offset() + y * l.rowStride() + x * l.pixelStride() + ch] & 0xff;
  }

  /** The reference: every output pixel sampled and normalized on its own. */
  private static double[] reference(List<Image> batch, PixelInput p) {
    double[] out = new double[batch.size() * 3 * H * W];
    for (int n = 0; n < batch.size(); n++) {
      Image im = batch.get(n);
      Window w = im.window();
      for (int y = 0; y < H; y++) {
        float sy = clamp((w.top() + y + 0.5f) * w.scaleY() - 0.5f, im.layout().height() - 1);
        for (int x = 0; x < W; x++) {
          float sx = clamp((w.left() + x + 0.5f) * w.scaleX() - 0.5f, im.layout().width() - 1);
          float[] rgb = new float[3];
          for (int c = 0; c < 3; c++) {
            rgb[c] = sample(im, c, sx, sy);
          }
          for (int plane = 0; plane < 3; plane++) {
            out[((n * 3 + plane) * H + y) * W + x] = p.encode(plane, rgb);
          }
        }
      }
    }
    return out;
  }

  private static float clamp(float v, int max) {
    return Math.max(0f, Math.min(v, max));
  }

  private static List<HostTensor> tensors(List<Image> batch) {
    SourceImages.Batch b = new SourceImages.Batch(batch.size());
    for (Image im : batch) {
      b.add(im.bytes(), im.offset(), im.layout(), im.window());
    }
    return b.tensors();
  }

  @Test
  void imagesOfAnySizeAreResizedCroppedAndNormalizedAsTheReference() {
    for (PixelInput p : List.of(PixelInput.IMAGENET_RGB, PixelInput.RAW_BGR)) {
      ModelOptions options = ModelOptions.DEFAULT.withPixelInput(p);
      try (InferenceModel m =
              OnnxModels.load(VulkanExtension.device(), model(-1, H, W), "crop.onnx", options);
          InferenceSession s = m.newSession()) {
        int[] variants = new int[2];
        for (int seed = 0; seed < 2; seed++) {
          List<Image> batch = images(new Random(seed));
          float[] got = s.run(tensors(batch)).get(0).toFloats();
          Accuracy.assertClose(p + " seed " + seed, got, reference(batch, p));
          variants[seed] = ((CompiledModel) m).cachedVariants();
        }
        // Same image count and capacity: the second batch reused the first one's variant.
        assertThat(variants[1]).isEqualTo(variants[0]);
        List<Image> one = images(new Random(7)).subList(1, 2);
        Accuracy.assertClose(
            p + " one image", s.run(tensors(one)).get(0).toFloats(), reference(one, p));
      }
    }
  }

  @Test
  void badTablesAndModelsThatCannotTakeSourceImagesAreRefusedByName() {
    ModelOptions options = ModelOptions.DEFAULT.withPixelInput(PixelInput.IMAGENET_RGB);
    List<HostTensor> good = tensors(images(new Random(1)));
    ByteBuffer table =
        ByteBuffer.allocate((int) good.get(1).data().remaining()).order(ByteOrder.LITTLE_ENDIAN);
    table.put(good.get(1).data().duplicate()).flip();
    table.putInt(SourceImages.WORDS * 4 + 8, 100_000); // image 1: 100,000 rows high
    HostTensor badTable = new HostTensor(good.get(1).type(), good.get(1).shape(), table);
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model(-1, H, W), "crop.onnx", options);
        InferenceSession s = m.newSession()) {
      assertThatThrownBy(() -> s.run(List.of(good.get(0), badTable)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("table row 1")
          .hasMessageContaining("pass the end");
      // The session stays usable.
      assertThat(s.run(good).get(0).toFloats()).hasSize(4 * 3 * H * W);
    }
    try (InferenceModel m =
            OnnxModels.load(VulkanExtension.device(), model(-1, -1, -1), "dynamic.onnx", options);
        InferenceSession s = m.newSession()) {
      assertThatThrownBy(() -> s.run(good))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input 'x'")
          .hasMessageContaining("fixed height and width");
    }
    try (InferenceModel m =
            OnnxModels.load(
                VulkanExtension.device(), model(-1, H, W), "plain.onnx", ModelOptions.DEFAULT);
        InferenceSession s = m.newSession()) {
      assertThatThrownBy(() -> s.run(good))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected 1 inputs");
    }
    List<Image> tooMany = new ArrayList<>(images(new Random(2)));
    SourceImages.Batch b = new SourceImages.Batch(1);
    b.add(tooMany.get(0).bytes(), 0, tooMany.get(0).layout(), tooMany.get(0).window());
    assertThatThrownBy(
            () ->
                b.add(tooMany.get(1).bytes(), 0, tooMany.get(1).layout(), tooMany.get(1).window()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Layout(3, 3, 8, 3, 0, 1, 2))
        .hasMessageContaining("row stride 8 is too short");
  }

  @Test
  void aBatchBeyondTheGuaranteedStorageBufferDoesNotFit() {
    // Two 70 MB images (one array, added twice): 140 MB, more than the 128 MiB every device takes.
    byte[] photo = new byte[70_000_000];
    Layout layout = new Layout(7000, 3333, 21000, 3, 2, 1, 0);
    Window window = new Window(0, 0, 1f, 1f);
    SourceImages.Batch b = new SourceImages.Batch(2).add(photo, 0, layout, window);
    assertThat(b.fits()).isTrue();
    b.add(photo, 0, layout, window);
    assertThat(b.fits()).isFalse();
    assertThatThrownBy(b::tensors)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more than 134217728");
  }

  @Test
  void capacitiesArePowersOfTwoFromOneMebibyte() {
    assertThat(SourceImages.capacityFor(1)).isEqualTo(1L << 20);
    assertThat(SourceImages.capacityFor((1L << 20) + 1)).isEqualTo(1L << 21);
    assertThat(SourceImages.capacityFor(5_000_000)).isEqualTo(1L << 23);
  }
}
