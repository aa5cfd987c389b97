package org.djlvulkan.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProductThroughputTest {
  private static final List<String> PROFILE =
      List.of(
          "0 et_vk.q8ta_conv2d.default q8ta_gemm_coopmat\t10.0\t2000000000",
          "1 et_vk.q8ta_conv2d.default q8ta_gemm_reduce\t3.0\t0",
          "2 et_vk.q8ta_conv2d.default q8ta_gemm_coopmat\t30.0\t6000000000",
          "3 et_vk.q8ta_conv2d.default q8ta_conv2d_dot\t50.0\t1000000000",
          "4 aten.relu.default relu\t1.5",
          "5 host-node host\tnot-a-number\t7");

  @Test
  void sumsEachKernelsProductsAndTime() {
    ProductThroughput t = ProductThroughput.of(PROFILE);
    assertThat(t.rows())
        .extracting(ProductThroughput.Row::kernel)
        .containsExactly("q8ta_conv2d_dot", "q8ta_gemm_coopmat");
    ProductThroughput.Row gemm = t.rows().get(1);
    assertThat(gemm.dispatches()).isEqualTo(2);
    assertThat(gemm.micros()).isEqualTo(40.0);
    assertThat(gemm.multiplyAdds()).isEqualTo(8_000_000_000L);
    // 2 * 8e9 operations in 40 us = 400 tera operations per second.
    assertThat(gemm.teraOps()).isCloseTo(400.0, within(1e-9));
  }

  @Test
  void theTableGivesTheShareOfAPeakWhenGiven() {
    String text = ProductThroughput.of(PROFILE).text(OptionalDouble.of(800));
    assertThat(text).contains("q8ta_gemm_coopmat").contains("400.00").contains("50.0%");
    // All products: 9e9 multiply-adds in 90 us = 200 TOPS, 25% of 800.
    assertThat(text)
        .containsPattern("all products\\s+3\\s+90\\.0\\s+9\\.000\\s+200\\.00\\s+25\\.0%");
    assertThat(ProductThroughput.of(PROFILE).text(OptionalDouble.empty())).doesNotContain("%");
  }

  @Test
  void aProfileWithoutProductsPrintsNothing() {
    assertThat(
            ProductThroughput.of(List.of("0 aten.relu.default relu\t1.5\t0"))
                .text(OptionalDouble.empty()))
        .isEmpty();
  }
}
