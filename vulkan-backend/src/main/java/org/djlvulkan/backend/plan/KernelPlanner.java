package org.djlvulkan.backend.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.djlvulkan.backend.config.KernelPolicy;
import org.djlvulkan.backend.ir.IrNode;
import org.djlvulkan.backend.ops.Conv2dParams;
import org.djlvulkan.backend.ops.fp.ConvKernelSelector;
import org.djlvulkan.backend.ops.fp.ConvOptions;
import org.djlvulkan.backend.ops.fp.ConvPlan;
import org.djlvulkan.backend.ops.fp.GemmDevice;
import org.djlvulkan.backend.ops.int8.QConvKernelSelector;
import org.djlvulkan.backend.ops.int8.QConvOptions;
import org.djlvulkan.backend.ops.int8.QConvPlan;
import org.djlvulkan.backend.ops.int8.SpaceToDepthStem;
import org.djlvulkan.backend.tensor.Layout;
import org.djlvulkan.backend.tensor.TensorSpec;
import org.djlvulkan.backend.vk.DeviceCapabilities;
import org.djlvulkan.backend.vk.VulkanDevice;

/**
 * Picks the kernels of a compiled model's convolutions and keeps the plans. Everything a choice
 * depends on comes in explicitly: the device's capabilities, its kernel policy and whether it is a
 * GPU at construction, the node's geometry, input spec and output channels per call. A plan is made
 * once per node and input spec: a variant lowered for another input shape re-plans only the nodes
 * whose input spec changed, and {@link #plans} lists what was chosen. The rules themselves are the
 * selectors' ({@link ConvKernelSelector}, {@link QConvKernelSelector}); this class is the one door
 * the lowering goes through to them. Thread-safe (variants of one model may be lowered from several
 * threads).
 */
public final class KernelPlanner {
  /** The most plans kept: enough for every convolution of many input shapes of a large CNN. */
  public static final int DEFAULT_CAPACITY = 4096;

  private final DeviceCapabilities caps;
  private final GemmDevice gemmDevice;
  private final ConvOptions convOptions;
  private final QConvOptions qconvOptions;
  private final KernelPolicy.Stem stem;
  private final boolean gpu;
  private final Map<Key, NodePlan> plans;

  /**
   * Creates a planner.
   *
   * @param caps the device's features and limits
   * @param policy the device's kernel policy (cooperative matrices, dot path, split K, im2col)
   * @param gpu whether the device is a GPU (not a CPU driver): sets the im2col threshold of float
   *     convolutions and the split-K rule of int8 GEMMs
   */
  public KernelPlanner(DeviceCapabilities caps, KernelPolicy policy, boolean gpu) {
    this(caps, policy, gpu, DEFAULT_CAPACITY);
  }

  /**
   * Creates a planner that keeps at most {@code capacity} plans, dropping the least recently used
   * (a model fed ever new input shapes does not grow without bound; a dropped plan is made again
   * when its shape comes back).
   *
   * @param caps the device's features and limits
   * @param policy the device's kernel policy
   * @param gpu whether the device is a GPU
   * @param capacity the most plans kept, at least 1
   */
  public KernelPlanner(DeviceCapabilities caps, KernelPolicy policy, boolean gpu, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.caps = caps;
    this.gemmDevice = new GemmDevice(caps, policy, gpu);
    this.convOptions = ConvOptions.forDevice(gpu);
    this.qconvOptions = QConvOptions.DEFAULT.forDevice(policy, gpu);
    this.stem = policy.stem();
    this.gpu = gpu;
    this.plans =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, NodePlan> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Creates a planner for a device, from its capabilities, kernel policy and type.
   *
   * @param device the device
   * @return the planner
   */
  public static KernelPlanner forDevice(VulkanDevice device) {
    return new KernelPlanner(
        device.capabilities(), device.kernelPolicy(), device.info().type().isGpu());
  }

  /**
   * Returns the plan of a float convolution.
   *
   * @param node the convolution
   * @param p its geometry
   * @param input its input (F32 or F16 NC4HW4)
   * @param outChannels OC
   * @return the plan
   * @throws IllegalArgumentException for a shape no kernel runs
   */
  public ConvPlan conv(IrNode node, Conv2dParams p, TensorSpec input, int outChannels) {
    return (ConvPlan)
        plan(
            new Key(node.output(), p, input, outChannels, null),
            () -> ConvKernelSelector.select(p, input, outChannels, gemmDevice, convOptions));
  }

  /**
   * Returns the plan of a q8ta convolution.
   *
   * @param node the convolution
   * @param p its geometry
   * @param input its input (I8 4C1W or 4W4C)
   * @param outChannels OC
   * @param outputLayout the layout its output is written in (its consumers')
   * @return the plan
   * @throws IllegalArgumentException for a shape no kernel runs
   */
  public QConvPlan qconv(
      IrNode node, Conv2dParams p, TensorSpec input, int outChannels, Layout outputLayout) {
    QConvOptions options = qconvOptions.withOutputLayout(outputLayout);
    return (QConvPlan)
        plan(
            new Key(node.output(), p, input, outChannels, outputLayout),
            () -> QConvKernelSelector.select(p, input, outChannels, caps, options));
  }

  /**
   * Returns the space-to-depth rewrite of a q8ta stem convolution whose float input is quantized
   * for it alone, where the policy picks it ({@link SpaceToDepthStem#choose}); the lowering then
   * plans the rewritten convolution with {@link #qconv}.
   *
   * @param p the convolution's geometry
   * @param inShape its input's shape, NCHW
   * @return the rewrite, or empty to run the convolution as written
   */
  public Optional<SpaceToDepthStem> spaceToDepthStem(Conv2dParams p, long[] inShape) {
    return SpaceToDepthStem.choose(p, inShape, stem, gpu);
  }

  /**
   * Returns the input layout of the kernel that {@link #qconv} would pick for a q8ta convolution
   * whose input the caller is about to produce, or empty when no kernel runs its shape (the
   * convolution reports why when it is lowered). Nothing is recorded.
   *
   * @param p the convolution's geometry
   * @param input its input as it would be produced
   * @param outChannels OC
   * @return the layout the kernel reads
   */
  public Optional<Layout> qconvInputLayout(Conv2dParams p, TensorSpec input, int outChannels) {
    return QConvKernelSelector.inputLayout(p, input, outChannels, caps, qconvOptions);
  }

  /**
   * Returns the plans kept, least recently used first.
   *
   * @return a copy of the table
   */
  public synchronized List<NodePlan> plans() {
    return new ArrayList<>(plans.values());
  }

  private synchronized Record plan(Key key, Supplier<Record> select) {
    NodePlan known = plans.get(key);
    if (known != null) {
      return known.plan();
    }
    Record made = select.get();
    plans.put(key, new NodePlan(key.value(), key.input(), made));
    return made;
  }

  /** What a plan depends on besides the device: the node, its geometry, input and outputs. */
  private record Key(
      String value, Conv2dParams p, TensorSpec input, int outChannels, Layout outputLayout) {}
}
