package org.djlvulkan.backend.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.djlvulkan.backend.config.Settings;
import org.djlvulkan.backend.ir.Activation;
import org.djlvulkan.backend.kernel.PipelineKey;
import org.djlvulkan.backend.memory.BufferKind;
import org.djlvulkan.backend.memory.DeviceBuffer;
import org.djlvulkan.backend.memory.MemoryStats;
import org.djlvulkan.backend.ops.BinaryOp;
import org.djlvulkan.backend.ops.LayoutOps;
import org.djlvulkan.backend.ops.fp.ElementwiseOps;
import org.djlvulkan.backend.tensor.DType;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.testing.OpRunner;
import org.djlvulkan.backend.testing.VulkanExtension;
import org.djlvulkan.backend.vk.VulkanDevice;
import org.djlvulkan.shaders.KernelId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VulkanExtension.class)
class ComputeGraphTest {
  private static final long[] SHAPE = {1, 6, 5, 3};

  /** x -> relu(x + x) * x -> (that + x): a few ops with values that die early. */
  private static ComputeGraph smallGraph(VulkanDevice device) {
    return smallGraph(device, SHAPE);
  }

  /** y = (relu(x + x) * x) + x over an input of the given shape. */
  private static ComputeGraph smallGraph(VulkanDevice device, long... shape) {
    GraphBuilder g = new GraphBuilder(device);
    Value x = OpRunner.nc4hw4Input(g, "x", shape);
    Value a = ElementwiseOps.binary(g, BinaryOp.ADD, x, x, Activation.RELU);
    Value b = ElementwiseOps.binary(g, BinaryOp.MUL, a, x, Activation.NONE);
    Value c = ElementwiseOps.binary(g, BinaryOp.ADD, b, x, Activation.NONE);
    g.output("y", LayoutOps.toNchwOutput(g, c));
    return g.build();
  }

  private static float[] smallGraphReference(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      float a = Math.max(x[i] + x[i], 0f);
      y[i] = a * x[i] + x[i];
    }
    return y;
  }

  private static float[] input(long seed) {
    Random r = new Random(seed);
    float[] x = new float[90];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * 4 - 2;
    }
    return x;
  }

  /**
   * A profiled graph of one dispatch writes each timestamp once per run: its query count (2) is the
   * span's too, and the span's last timestamp on top of the dispatch's wrote a query twice without
   * a reset (the validation layer fails the test then).
   */
  @Test
  void aProfiledOneDispatchGraphTimesItsDispatch() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value y = g.intermediate("y", TensorSpec.of(DType.I32, Layout.NCHW, 64));
    g.dispatch(
        "fill",
        PipelineKey.of(KernelId.FILL_U32, 64),
        List.of(Binding.write(y)),
        PushConstants.words(2).i(64).i(7).build(),
        new Grid(1, 1, 1));
    g.output("y", y);
    try (ComputeGraph graph = g.build();
        ExecutionContext ctx = graph.newContext(true)) {
      for (int run = 0; run < 2; run++) {
        ctx.run();
        assertThat(ctx.lastProfile()).hasSize(1);
        assertThat(ctx.lastProfile().get(0).micros()).isNotNegative();
      }
      int[] values = new int[64];
      ctx.read("y").asIntBuffer().get(values);
      assertThat(values).containsOnly(7);
    }
  }

  @Test
  void longValueNamesAreBoundedDistinctAndStable() {
    String deep = "concat(" + "layer,".repeat(5000) + ")";
    String other = "concat(" + "layer,".repeat(4999) + "tail)";
    String a = GraphBuilder.bounded(deep);
    assertThat(a.length()).isLessThanOrEqualTo(GraphBuilder.MAX_NAME);
    assertThat(a).startsWith("concat(layer,").isEqualTo(GraphBuilder.bounded(deep));
    assertThat(GraphBuilder.bounded(other)).isNotEqualTo(a);
    assertThat(GraphBuilder.bounded("relu(x)")).isEqualTo("relu(x)");
  }

  /** x -> (relu(x + x), x * x) -> their sum: two branches that need not wait for each other. */
  private static ComputeGraph twoBranches(VulkanDevice device) {
    GraphBuilder g = new GraphBuilder(device);
    Value x = OpRunner.nc4hw4Input(g, "x", SHAPE);
    Value a = ElementwiseOps.binary(g, BinaryOp.ADD, x, x, Activation.RELU);
    Value a2 = ElementwiseOps.binary(g, BinaryOp.MUL, a, a, Activation.NONE);
    Value b = ElementwiseOps.binary(g, BinaryOp.MUL, x, x, Activation.NONE);
    Value c = ElementwiseOps.binary(g, BinaryOp.ADD, a2, b, Activation.NONE);
    g.output("y", LayoutOps.toNchwOutput(g, c));
    return g.build();
  }

  @Test
  void outputsWrittenInDeviceMemoryAreCopiedToTheHostBuffers() {
    float[] x = input(5);
    float[] expected = smallGraphReference(x);
    String property = Settings.OUTPUT_MEMORY.systemProperty();
    long[] bytes = new long[3];
    List<String> memories = List.of("device", "mapped", "auto");
    try {
      // Device first: a later context's staging may reuse the memory of an earlier one's, which
      // would then hold the expected values already.
      for (String memory : memories) {
        System.setProperty(property, memory);
        try (ComputeGraph graph = smallGraph(VulkanExtension.device());
            ExecutionContext ctx = graph.newContext()) {
          // Two runs of different inputs: each run's copy brings that run's outputs.
          float[] first = input(6);
          ctx.write("x", first);
          ctx.run();
          assertThat(ctx.readFloats("y")).as(memory).containsExactly(smallGraphReference(first));
          ctx.write("x", x);
          ctx.run();
          assertThat(ctx.readFloats("y")).as(memory).containsExactly(expected);
          bytes[memories.indexOf(memory)] = ctx.deviceBytes();
        }
      }
      System.setProperty(property, "elsewhere");
      try (ComputeGraph graph = smallGraph(VulkanExtension.device())) {
        assertThatThrownBy(graph::newContext)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("DJL_VULKAN_OUTPUT_MEMORY")
            .hasMessageContaining("elsewhere");
      }
    } finally {
      System.clearProperty(property);
    }
    // The device copy of the one output: 90 floats. `auto` leaves an output this small mapped.
    assertThat(bytes[0] - bytes[1]).isEqualTo(90L * 4);
    assertThat(bytes[2]).isEqualTo(bytes[1]);
  }

  @Test
  void autoWritesLargeOutputsInDeviceMemoryWhereTheReadbackMemoryIsNotDeviceLocal() {
    // 64 KiB of output, the smallest that `auto` may place in device memory.
    long[] shape = {1, 16, 32, 32};
    float[] x = new float[16 * 32 * 32];
    Random random = new Random(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 2 - 1;
    }
    String property = Settings.OUTPUT_MEMORY.systemProperty();
    long[] bytes = new long[2];
    List<String> memories = List.of("auto", "mapped");
    try {
      for (String memory : memories) {
        System.setProperty(property, memory);
        try (ComputeGraph graph = smallGraph(VulkanExtension.device(), shape);
            ExecutionContext ctx = graph.newContext()) {
          ctx.write("x", x);
          ctx.run();
          assertThat(ctx.readFloats("y")).as(memory).containsExactly(smallGraphReference(x));
          bytes[memories.indexOf(memory)] = ctx.deviceBytes();
        }
      }
    } finally {
      System.clearProperty(property);
    }
    boolean readbackDeviceLocal;
    try (DeviceBuffer readback =
        VulkanExtension.device().allocator().create("probe", BufferKind.READBACK, 64)) {
      readbackDeviceLocal = readback.deviceLocal();
    }
    assertThat(ExecutionContext.DEVICE_OUTPUT_MIN_BYTES).isEqualTo(x.length * 4L);
    assertThat(bytes[0] - bytes[1]).isEqualTo(readbackDeviceLocal ? 0L : x.length * 4L);
  }

  @Test
  void independentDispatchesShareALevelAndGiveTheSameResults() {
    float[] x = input(3);
    float[] expected = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      float a = Math.max(x[i] + x[i], 0f);
      expected[i] = a * a + x[i] * x[i];
    }
    String property = Settings.DISPATCH_ORDER.systemProperty();
    int[] barriers = new int[2];
    try {
      for (String order : new String[] {"levels", "built"}) {
        System.setProperty(property, order);
        try (ComputeGraph graph = twoBranches(VulkanExtension.device());
            ExecutionContext ctx = graph.newContext()) {
          ctx.write("x", x);
          ctx.run();
          assertThat(ctx.readFloats("y")).as(order).containsExactly(expected);
          barriers[order.equals("levels") ? 0 : 1] = graph.barrierCount();
        }
      }
    } finally {
      System.clearProperty(property);
    }
    // x * x runs beside x + x instead of after x * (x + x).
    assertThat(barriers[0]).isEqualTo(barriers[1] - 1);
  }

  @Test
  void intermediatesShareMemory() {
    try (ComputeGraph graph = smallGraph(VulkanExtension.device())) {
      MemoryPlan plan = graph.memoryPlan();
      assertThat(plan.plannedBytes()).isLessThan(plan.unsharedBytes());
    }
  }

  @Test
  void aThousandReplaysGiveIdenticalResults() {
    float[] x = input(1);
    try (ComputeGraph graph = smallGraph(VulkanExtension.device());
        ExecutionContext ctx = graph.newContext()) {
      ctx.write("x", x);
      ctx.run();
      float[] first = ctx.readFloats("y");
      assertThat(first).containsExactly(smallGraphReference(x));
      for (int i = 0; i < 1000; i++) {
        ctx.run();
        assertThat(ctx.readFloats("y")).containsExactly(first);
      }
    }
  }

  @Test
  void twoHundredGraphsBuiltAndClosedLeaveNoDeviceMemoryBehind() {
    VulkanDevice device = VulkanExtension.device();
    // Warm up once so that allocator blocks that stay cached do not count as growth.
    try (ComputeGraph graph = smallGraph(device);
        ExecutionContext ctx = graph.newContext()) {
      ctx.run();
    }
    MemoryStats before = device.allocator().stats();
    for (int i = 0; i < 200; i++) {
      try (ComputeGraph graph = smallGraph(device)) {
        ExecutionContext ctx = graph.newContext();
        ctx.write("x", input(i));
        ctx.run();
        // The context is closed by its graph.
      }
    }
    MemoryStats after = device.allocator().stats();
    assertThat(after.liveBuffers()).isEqualTo(before.liveBuffers());
    assertThat(after.allocationCount()).isEqualTo(before.allocationCount());
    assertThat(after.allocationBytes()).isEqualTo(before.allocationBytes());
    assertThat(after.blockBytes()).isLessThanOrEqualTo(before.blockBytes());
  }

  @Test
  void twoThreadsWithTheirOwnContextsGetTheirOwnResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ComputeGraph graph = smallGraph(VulkanExtension.device())) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = 100 + t;
        results.add(
            pool.submit(
                () -> {
                  try (ExecutionContext ctx = graph.newContext()) {
                    int checked = 0;
                    for (int i = 0; i < 100; i++) {
                      float[] x = input(seed * 1000 + i);
                      ctx.write("x", x);
                      ctx.run();
                      assertThat(ctx.readFloats("y")).containsExactly(smallGraphReference(x));
                      checked++;
                    }
                    return checked;
                  }
                }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(100);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void profilingReportsEveryNode() {
    VulkanDevice device = VulkanExtension.device();
    try (ComputeGraph graph = smallGraph(device);
        ExecutionContext ctx = graph.newContext(true)) {
      ctx.write("x", input(5));
      ctx.run();
      if (device.supportsTimestamps()) {
        assertThat(ctx.lastProfile()).hasSize(graph.nodeCount());
        assertThat(ctx.lastProfile()).allMatch(t -> t.micros() >= 0);
        assertThat(ctx.lastProfile().get(1).op()).isEqualTo("aten.add.Tensor");
      } else {
        assertThat(ctx.lastProfile()).isEmpty();
      }
    }
  }

  @Test
  void wrongInputSizeNamesTheInputAndItsShape() {
    try (ComputeGraph graph = smallGraph(VulkanExtension.device());
        ExecutionContext ctx = graph.newContext()) {
      assertThatThrownBy(() -> ctx.write("x", new float[7]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x'")
          .hasMessageContaining("[1, 6, 5, 3]");
      assertThatThrownBy(() -> ctx.write("nope", new float[90]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no input 'nope'");
    }
  }

  @Test
  void readingAValueNoNodeWroteIsRejectedAtBuild() {
    GraphBuilder g = new GraphBuilder(VulkanExtension.device());
    Value x = g.intermediate("ghost", TensorSpec.of(DType.F32, Layout.NC4HW4, 1, 4, 2, 2));
    g.output("y", ElementwiseOps.relu(g, x));
    assertThatThrownBy(g::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads 'ghost' before any node writes it");
  }

  @Test
  void closedContextsAndGraphsRefuseWork() {
    ComputeGraph graph = smallGraph(VulkanExtension.device());
    ExecutionContext ctx = graph.newContext();
    graph.close();
    assertThatThrownBy(ctx::run).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(graph::newContext).isInstanceOf(IllegalStateException.class);
  }
}
