package org.djlvulkan.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.fp.ConvKernel;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VulkanExtension.class)
class ConvBenchmarkTest {

  @Test
  void timesEveryCandidateKernelAndMarksTheSelectorsPick() {
    List<ConvShape> shapes =
        List.of(
            new ConvShape("pw", 1, 8, 6, 6, 8, Conv2dParams.of(1, 1, 0)),
            new ConvShape("dw", 1, 8, 6, 6, 8, Conv2dParams.of(3, 1, 1).withGroups(8)));
    List<ConvBenchRow> rows = ConvBenchmark.run(VulkanExtension.device(), shapes, 1, 2);
    assertThat(rows)
        .extracting(ConvBenchRow::kernel)
        .containsExactly(
            ConvKernel.POINTWISE,
            ConvKernel.IM2COL,
            ConvKernel.DIRECT,
            ConvKernel.DEPTHWISE,
            ConvKernel.DIRECT);
    assertThat(rows).allSatisfy(r -> assertThat(r.medianMicros()).isPositive());
    assertThat(rows.stream().filter(ConvBenchRow::isSelected).count()).isEqualTo(2);
    String table = ConvBenchmark.markdown("test device", rows);
    assertThat(table).contains("| pw | 8->8 1x1 s1 @6x6 |").contains("**yes**");
    assertThat(table.lines().count()).isEqualTo(2 + 2 + rows.size());
  }

  @Test
  void resnet50ShapesAreValid() {
    assertThat(ConvBenchmark.resnet50Shapes()).hasSizeGreaterThan(10);
    long macs = ConvBenchmark.resnet50Shapes().get(0).macs();
    assertThat(macs).isEqualTo(64L * 112 * 112 * 3 * 49);
  }
}
