package org.djlvulkan.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
  @Test
  void medianAndNearestRankP90() {
    LatencyStats odd = LatencyStats.of(new double[] {5, 1, 3, 2, 4});
    assertThat(odd.medianMillis()).isEqualTo(3);
    assertThat(odd.p90Millis()).isEqualTo(5); // rank ceil(4.5) = 5 of 5
    assertThat(odd.runs()).isEqualTo(5);

    double[] twenty = new double[20];
    for (int i = 0; i < 20; i++) {
      twenty[i] = 20 - i; // 20 .. 1
    }
    LatencyStats even = LatencyStats.of(twenty);
    assertThat(even.medianMillis()).isEqualTo(10.5);
    assertThat(even.p90Millis()).isEqualTo(18); // rank 18 of 20

    assertThat(LatencyStats.of(new double[] {7}).p90Millis()).isEqualTo(7);
    assertThatThrownBy(() -> LatencyStats.of(new double[0])).hasMessage("no runs to summarize");
  }

  @Test
  void throughputIsTheBatchOverTheMedian() {
    assertThat(LatencyStats.of(new double[] {4, 4, 4}).imagesPerSecond(32)).isEqualTo(8000);
  }

  @Test
  void theSpeedupIsThePeersMedianOverTheEngines() {
    BenchRow row =
        BenchRow.of(2, LatencyStats.of(new double[] {10}), LatencyStats.of(new double[] {25}));
    assertThat(row.speedup()).isEqualTo(2.5);
    assertThat(row.peerImagesPerSecond()).isEqualTo(80);
    BenchRow alone = BenchRow.of(2, LatencyStats.of(new double[] {10}), null);
    assertThat(alone.imagesPerSecond()).isEqualTo(200);
    assertThat(alone.speedup()).isNaN();
    assertThat(alone.peerMedianMillis()).isNaN();
  }
}
