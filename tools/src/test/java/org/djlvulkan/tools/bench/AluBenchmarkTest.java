package org.djlvulkan.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.djlvulkan.backend.ops.int8.FusedMultiplyAdd;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.KernelFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ALU benchmark's kernel computes the chains it claims to time, step for step. */
@ExtendWith(VulkanExtension.class)
class AluBenchmarkTest {
  @ParameterizedTest
  @EnumSource(AluStep.class)
  void everyChainEndsWhereJavaSaysItShould(AluStep step) {
    VulkanDevice device = VulkanExtension.device();
    if (step == AluStep.DOUBLE_ROUND_TRIP
        && !device.capabilities().supports(KernelFeature.SHADER_FLOAT64)) {
      return;
    }
    int invocations = 300;
    int rounds = 7;
    boolean fused = FusedMultiplyAdd.roundsOnce(device);
    int[] values = AluBenchmark.values(device, step, invocations, rounds);
    assertThat(values).hasSize(invocations * AluBenchmark.CHAINS);
    for (int i = 0; i < invocations; i++) {
      for (int c = 0; c < AluBenchmark.CHAINS; c++) {
        assertThat(values[i * AluBenchmark.CHAINS + c])
            .as("%s, invocation %d, chain %d", step, i, c)
            .isEqualTo(AluBenchmark.expected(step, i, c, rounds, fused));
      }
    }
  }

  @Test
  void theReportHasEveryStepTheDeviceRunsWithTheMultiplyAddFirst() {
    VulkanDevice device = VulkanExtension.device();
    List<AluBenchRow> rows = AluBenchmark.run(device, 1024, 4, 1);
    int expected =
        AluStep.values().length
            - (device.capabilities().supports(KernelFeature.SHADER_FLOAT64) ? 0 : 1);
    assertThat(rows).hasSize(expected);
    assertThat(rows.get(0).step()).isEqualTo(AluStep.FMA);
    assertThat(rows.get(0).relativeToFma()).isEqualTo(1.0);
    assertThat(rows).allSatisfy(r -> assertThat(r.stepsPerNanosecond()).isPositive());
  }
}
