package org.djlvulkan.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.fp.ConvKernel;
import org.djlvulkan.backend.ops.int8.Int8DotPath;
import org.djlvulkan.backend.ops.int8.QConvKernel;
import org.djlvulkan.backend.ops.int8.QConvVariant;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fp32 and int8 convolution benchmarks time every candidate and mark the selector's pick. */
@ExtendWith(VulkanExtension.class)
class ConvBenchmarksTest {

  /** A pointwise convolution of {@code pointwiseIn} channels and a 3x3 depthwise one, 6x6. */
  private static List<ConvShape> pointwiseAndDepthwise(int pointwiseIn) {
    return List.of(
        new ConvShape("pw", 1, pointwiseIn, 6, 6, 8, Conv2dParams.of(1, 1, 0)),
        new ConvShape("dw", 1, 8, 6, 6, 8, Conv2dParams.of(3, 1, 1).withGroups(8)));
  }

  @Test
  void floatBenchmarkTimesEveryCandidateKernel() {
    List<ConvBenchRow> rows =
        ConvBenchmark.run(VulkanExtension.device(), pointwiseAndDepthwise(8), 1, 2);
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
  void int8BenchmarkTimesEveryCandidateVariantInItsLayout() {
    // K' = 72: above the general kernel's share on narrow-subgroup devices.
    List<QConvBenchRow> rows =
        QConvBenchmark.run(VulkanExtension.device(), pointwiseAndDepthwise(72), 1, 2);
    assertThat(rows)
        .extracting(QConvBenchRow::variant, QConvBenchRow::inputLayout)
        .containsExactly(
            tuple(QConvVariant.POINTWISE_GEMM, Layout.INT8_4W4C),
            tuple(QConvVariant.IM2COL_GENERIC, Layout.INT8_4C1W),
            tuple(QConvVariant.IM2COL_4W4C, Layout.INT8_4W4C),
            tuple(QConvVariant.GENERAL_BLOCKED, Layout.INT8_4C1W),
            tuple(QConvVariant.DEPTHWISE_3X3, Layout.INT8_4C1W),
            tuple(QConvVariant.GENERAL_GATHER, Layout.INT8_4C1W));
    assertThat(rows).allSatisfy(r -> assertThat(r.medianMicros()).isPositive());
    assertThat(rows.stream().filter(QConvBenchRow::isSelected))
        .extracting(QConvBenchRow::kernel)
        .containsExactly(QConvKernel.POINTWISE, QConvKernel.DEPTHWISE);
    String table = QConvBenchmark.markdown("test device", Int8DotPath.FALLBACK, rows);
    assertThat(table)
        .contains("int8 dot path: FALLBACK")
        .contains("| pw | 72->8 1x1 s1 @6x6 |")
        .contains("| IM2COL | IM2COL_4W4C | 4W4C |")
        .contains("**yes**");
    assertThat(table.lines().count()).isEqualTo(2 + 2 + rows.size());
  }

  @Test
  void floatResnet50ShapesStartWithTheStem() {
    assertThat(ConvBenchmark.resnet50Shapes()).hasSizeGreaterThan(10);
    long macs = ConvBenchmark.resnet50Shapes().get(0).macs();
    assertThat(macs).isEqualTo(64L * 112 * 112 * 3 * 49);
  }

  @Test
  void int8Resnet50ShapesCoverEveryStridedEntry() {
    List<String> names = QConvBenchmark.resnet50Shapes().stream().map(ConvShape::name).toList();
    assertThat(names)
        .contains("stem", "s1.3x3", "s2.3x3s2", "s3.3x3s2", "s4.3x3s2", "s4.downsample")
        .doesNotHaveDuplicates();
    ConvShape down = QConvBenchmark.resnet50Shapes().get(names.indexOf("s4.downsample"));
    assertThat(down.describe()).isEqualTo("1024->2048 1x1 s2 @14x14");
  }
}
