package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RgbPixelsTest {
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager("OnnxRuntime");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_ARGB,
        BufferedImage.TYPE_INT_BGR,
        BufferedImage.TYPE_BYTE_GRAY
      })
  void givesDjlsBytesForEachImageType(int type) {
    BufferedImage image = TestImages.random(type, 37, 23);
    assertThat(RgbPixels.of(manager, TestImages.wrap(image))).isEqualTo(djl(image));
    assertThat(RgbPixels.fromRaster(image) != null)
        .as("read from the raster")
        .isEqualTo(type != BufferedImage.TYPE_INT_BGR && type != BufferedImage.TYPE_BYTE_GRAY);
  }

  @ParameterizedTest
  @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB})
  void readsASubimageFromItsParentsRaster(int type) {
    BufferedImage sub = TestImages.random(type, 50, 40).getSubimage(7, 5, 31, 22);
    assertThat(RgbPixels.fromRaster(sub)).isEqualTo(djl(sub));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpg", "png"})
  void givesDjlsBytesForDecodedFiles(String format) throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ImageIO.write(TestImages.random(BufferedImage.TYPE_INT_RGB, 64, 48), format, file);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(file.toByteArray()));
    assertThat(RgbPixels.of(manager, TestImages.wrap(decoded))).isEqualTo(djl(decoded));
  }

  private static byte[] djl(BufferedImage image) {
    try (NDArray a = TestImages.wrap(image).toNDArray(manager, Image.Flag.COLOR)) {
      ByteBuffer b = a.toByteBuffer();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    }
  }
}
