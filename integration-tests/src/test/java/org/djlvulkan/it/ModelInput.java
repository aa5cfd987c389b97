package org.djlvulkan.it;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.djlvulkan.backend.frontend.onnx.OnnxModels;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.tensor.Float16;
import org.djlvulkan.zoo.translator.ImageNetPreprocessor;
import org.djlvulkan.zoo.translator.PixelEncoding;

/**
 * One input tensor that both engines receive bit for bit: float32 values, or float16 values (held
 * already rounded to float16, so that both sides see the same halves).
 *
 * @param values the values in row-major order
 * @param shape the shape
 * @param half whether the tensor is float16
 */
record ModelInput(float[] values, long[] shape, boolean half) {

  /** Returns normally distributed values from a seed. */
  static ModelInput random(long seed, boolean half, long... shape) {
    Random random = new Random(seed);
    float[] values = new float[Math.toIntExact(new Shape(shape).size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return of(values, half, shape);
  }

  /** Returns an ONNX test-data tensor ({@code input_0.pb}). */
  static ModelInput testData(Path file) {
    TensorData t = OnnxModels.readTensor(file);
    return new ModelInput(t.toFloats(), t.shape(), false);
  }

  /** Returns a photo as a batch of one, pre-processed as the zoo's translator does. */
  static ModelInput image(Path png, PixelEncoding encoding, boolean half) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        int at = (y * w + x) * 3;
        rgb[at] = (byte) (p >> 16);
        rgb[at + 1] = (byte) (p >> 8);
        rgb[at + 2] = (byte) p;
      }
    }
    float[] values = new float[ImageNetPreprocessor.VALUES_PER_IMAGE];
    ImageNetPreprocessor.writeChw(rgb, w, h, encoding, values, 0);
    int crop = ImageNetPreprocessor.CROP;
    return of(values, half, 1, 3, crop, crop);
  }

  private static ModelInput of(float[] values, boolean half, long... shape) {
    if (half) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Float16.toFloat(Float16.fromFloat(values[i]));
      }
    }
    return new ModelInput(values, shape, half);
  }

  /** Returns the values as little-endian float32 or float16 bytes in a direct buffer. */
  ByteBuffer bytes() {
    ByteBuffer b =
        ByteBuffer.allocateDirect(values.length * (half ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      if (half) {
        b.putShort(Float16.fromFloat(v));
      } else {
        b.putFloat(v);
      }
    }
    return b.flip();
  }

  /** Returns the tensor as an array of the manager. */
  NDArray toNDArray(NDManager manager) {
    Shape s = new Shape(shape);
    return half ? manager.create(bytes(), s, DataType.FLOAT16) : manager.create(values, s);
  }
}
