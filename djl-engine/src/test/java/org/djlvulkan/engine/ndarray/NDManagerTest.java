package org.djlvulkan.engine.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.djlvulkan.backend.tensor.Float16;
import org.junit.jupiter.api.Test;

class NDManagerTest extends ManagerScopedTest {

  @Test
  void everySupportedTypeRoundTripsThroughItsJavaArray() {
    assertThat(manager.create(new float[] {1.5f, -2f}).toFloatArray()).containsExactly(1.5f, -2f);
    assertThat(manager.create(new double[] {1e300, -2}).toDoubleArray()).containsExactly(1e300, -2);
    assertThat(manager.create(new int[] {Integer.MIN_VALUE, 3}).toIntArray())
        .containsExactly(Integer.MIN_VALUE, 3);
    assertThat(manager.create(new long[] {Long.MAX_VALUE, -1}).toLongArray())
        .containsExactly(Long.MAX_VALUE, -1);
    assertThat(manager.create(new byte[] {-128, 127}).toByteArray()).containsExactly(-128, 127);
    assertThat(manager.create(new boolean[] {true, false}).toBooleanArray())
        .containsExactly(true, false);
    NDArray u8 =
        manager.create(ByteBuffer.wrap(new byte[] {(byte) 255, 7}), new Shape(2), DataType.UINT8);
    assertThat(u8.toUint8Array()).containsExactly(255, 7);
    short[] halves = {Float16.fromFloat(0.5f), Float16.fromFloat(-3f)};
    NDArray f16 = manager.create(ShortBuffer.wrap(halves), new Shape(2), DataType.FLOAT16);
    assertThat(f16.toType(DataType.FLOAT32, false).toFloatArray()).containsExactly(0.5f, -3f);
  }

  @Test
  void buffersAreReadFromTheirPositionWithoutMovingIt() {
    FloatBuffer floats = FloatBuffer.wrap(new float[] {9, 1, 2, 3, 4, 5, 6});
    floats.position(1);
    NDArray a = manager.create(floats, new Shape(2, 3));
    assertThat(floats.position()).isEqualTo(1);
    assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
    assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);

    ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    raw.putFloat(0, 2.5f).putFloat(4, -1f);
    assertThat(manager.create(raw, new Shape(2), DataType.FLOAT32).toFloatArray())
        .containsExactly(2.5f, -1f);
  }

  @Test
  void toByteBufferIsALittleEndianCopy() {
    NDArray a = manager.create(new int[] {1, 256});
    ByteBuffer bytes = a.toByteBuffer();
    assertThat(bytes.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.get(0)).isEqualTo((byte) 1);
    assertThat(bytes.get(5)).isEqualTo((byte) 1);
    bytes.putInt(0, 99);
    assertThat(a.toIntArray()).containsExactly(1, 256);
    assertThat(a.toByteBuffer(true).isDirect()).isTrue();
  }

  @Test
  void toTypeConvertsAsPytorch() {
    NDArray f = manager.create(new float[] {-1.7f, 2.9f, 300.5f, 0f});
    assertThat(f.toType(DataType.INT32, false).toIntArray()).containsExactly(-1, 2, 300, 0);
    // Out of range wraps after truncation: 300 -> 44.
    assertThat(f.toType(DataType.UINT8, false).toUint8Array()).containsExactly(255, 2, 44, 0);
    assertThat(f.toType(DataType.BOOLEAN, false).toBooleanArray())
        .containsExactly(true, true, true, false);
    NDArray half = f.toType(DataType.FLOAT16, false);
    assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
    assertThat(half.toType(DataType.FLOAT32, false).toFloatArray())
        .containsExactly(
            Float16.toFloat(Float16.fromFloat(-1.7f)),
            Float16.toFloat(Float16.fromFloat(2.9f)),
            300.5f,
            0f);
    NDArray longs = manager.create(new long[] {1L << 40});
    assertThat(longs.toType(DataType.FLOAT64, false).toDoubleArray()).containsExactly(0x1p40);
    assertThat(f.toType(DataType.FLOAT32, false)).isSameAs(f);
    assertThat(f.toType(DataType.FLOAT32, true)).isNotSameAs(f).isEqualTo(f);
  }

  @Test
  void filledAndRangedArrays() {
    assertThat(manager.zeros(new Shape(2, 2)).toFloatArray()).containsExactly(0, 0, 0, 0);
    assertThat(manager.ones(new Shape(3), DataType.INT64).toLongArray()).containsExactly(1, 1, 1);
    assertThat(manager.full(new Shape(2), 2.5f).toFloatArray()).containsExactly(2.5f, 2.5f);
    assertThat(manager.arange(0, 5, 2).toIntArray()).containsExactly(0, 2, 4);
    assertThat(manager.arange(1f, 0f, -0.25f).toFloatArray())
        .containsExactly(1f, 0.75f, 0.5f, 0.25f);
  }

  @Test
  void duplicateAndCopyToCopyTheElements() {
    NDArray a = manager.create(new float[] {1, 2});
    NDArray b = a.duplicate();
    a.addi(1);
    assertThat(b.toFloatArray()).containsExactly(1, 2);
    NDArray target = manager.zeros(new Shape(2), DataType.INT32);
    a.copyTo(target);
    assertThat(target.toIntArray()).containsExactly(2, 3);
  }

  @Test
  void closingTheManagerClosesItsArrays() {
    NDManager sub = manager.newSubManager();
    NDArray a = sub.create(new float[] {1});
    sub.close();
    assertThat(a.isReleased()).isTrue();
    assertThatThrownBy(a::toFloatArray).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void typesItDoesNotHoldAreNamed() {
    assertThatThrownBy(() -> manager.zeros(new Shape(2), DataType.BFLOAT16))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("bfloat16");
    assertThatThrownBy(() -> manager.create("text"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("NDManager.create(String[])");
  }
}
