package org.djlvulkan.zoo.translator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.djlvulkan.backend.model.SourceImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bytes handed to a model that resizes images itself hold the pixels of {@link RgbPixels}. */
class DecodedBytesTest {
  /** Reads the RGB bytes back through the layout, pixel by pixel. */
  private static byte[] rgbThroughLayout(DecodedBytes d) {
    SourceImages.Layout l = d.layout();
    byte[] out = new byte[l.width() * l.height() * 3];
    int[] channel = {l.red(), l.green(), l.blue()};
    for (int y = 0, o = 0; y < l.height(); y++) {
      for (int x = 0; x < l.width(); x++) {
        int p = d.offset() + y * l.rowStride() + x * l.pixelStride();
        for (int c = 0; c < 3; c++) {
          out[o++] = d.bytes()[p + channel[c]];
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_BYTE_GRAY
      })
  void holdsThePixelsOfRgbPixelsForEachImageType(int type) {
    BufferedImage image = TestImages.random(type, 37, 23);
    Image wrapped = TestImages.wrap(image);
    try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
      DecodedBytes d = DecodedBytes.of(manager, wrapped);
      assertThat(rgbThroughLayout(d)).isEqualTo(RgbPixels.of(manager, wrapped));
    }
    boolean raw = type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR;
    assertThat(DecodedBytes.fromRaster(image) != null).as("taken from the raster").isEqualTo(raw);
    if (raw) {
      assertThat(DecodedBytes.fromRaster(image).bytes())
          .as("no copy")
          .isSameAs(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    }
  }

  @Test
  void aSubimageIsReadInItsParentsBytes() {
    BufferedImage sub =
        TestImages.random(BufferedImage.TYPE_3BYTE_BGR, 50, 40).getSubimage(7, 5, 31, 22);
    DecodedBytes d = DecodedBytes.fromRaster(sub);
    assertThat(d).isNotNull();
    assertThat(d.layout().rowStride()).isEqualTo(150);
    assertThat(rgbThroughLayout(d)).isEqualTo(RgbPixels.fromRaster(sub));
  }

  @Test
  void aDecodedJpegIsTakenAsItIs() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ImageIO.write(TestImages.random(BufferedImage.TYPE_INT_RGB, 64, 48), "jpg", file);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(file.toByteArray()));
    DecodedBytes d = DecodedBytes.fromRaster(decoded);
    assertThat(d).isNotNull();
    assertThat(rgbThroughLayout(d)).isEqualTo(RgbPixels.fromRaster(decoded));
  }
}
