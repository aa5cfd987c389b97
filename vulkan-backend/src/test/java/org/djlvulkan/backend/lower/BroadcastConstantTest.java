package org.djlvulkan.backend.lower;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The host-side broadcast of a quantized constant operand onto a run-time int8 tensor. */
class BroadcastConstantTest {
  @Test
  void codesRepeatAlongTheBroadcastAxesWithTheOffsetTaken() {
    long[] bias = {130, 0, 255};
    assertThat(Int8OpLowering.broadcast(bias, new long[] {3}, new long[] {2, 3}, 128))
        .containsExactly(2, -128, 127, 2, -128, 127);
    long[] rows = {5, -7};
    assertThat(Int8OpLowering.broadcast(rows, new long[] {2, 1}, new long[] {2, 3}, 0))
        .containsExactly(5, 5, 5, -7, -7, -7);
    long[] channels = {1, 2};
    assertThat(Int8OpLowering.broadcast(channels, new long[] {2, 1, 1}, new long[] {2, 2, 1, 2}, 0))
        .containsExactly(1, 1, 2, 2, 1, 1, 2, 2);
  }

  @Test
  void onlyABroadcastOntoA2dOr4dTensorOfBoundedSizeIsPacked() {
    assertThat(Int8OpLowering.broadcastConstant(new long[] {1000}, new long[] {256, 1000}))
        .isTrue();
    assertThat(Int8OpLowering.broadcastConstant(new long[] {4}, new long[] {2, 3})).isFalse();
    assertThat(Int8OpLowering.broadcastConstant(new long[] {3}, new long[] {2, 2, 3})).isFalse();
    assertThat(
            Int8OpLowering.broadcastConstant(new long[] {64, 1, 1}, new long[] {256, 64, 112, 112}))
        .as("a constant packed at 205 M codes")
        .isFalse();
    assertThat(Int8OpLowering.broadcastsOnto(new long[] {2, 3}, new long[] {3})).isFalse();
  }
}
