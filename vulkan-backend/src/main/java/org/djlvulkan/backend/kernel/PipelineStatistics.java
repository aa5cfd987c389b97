package org.djlvulkan.backend.kernel;

import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.*;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.djlvulkan.backend.vk.errors.VkResults;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkPipelineExecutableInfoKHR;
import org.lwjgl.vulkan.VkPipelineExecutablePropertiesKHR;
import org.lwjgl.vulkan.VkPipelineExecutableStatisticKHR;
import org.lwjgl.vulkan.VkPipelineInfoKHR;

/**
 * What the driver reports about a compiled pipeline ({@code
 * VK_KHR_pipeline_executable_properties}): per executable, named statistics such as its register
 * count or code size. The names and their meaning are the driver's own; they tell, for example,
 * whether a kernel change raised register pressure enough to lower occupancy.
 *
 * @param entries the statistics, in the driver's order
 */
public record PipelineStatistics(List<Entry> entries) {

  /** No statistics (not captured). */
  public static final PipelineStatistics NONE = new PipelineStatistics(List.of());

  /**
   * One statistic.
   *
   * @param executable the executable's name (a compute pipeline has one)
   * @param name the statistic's name, as the driver spells it
   * @param value its value as text (booleans as {@code true}/{@code false})
   */
  public record Entry(String executable, String name, String value) {}

  /** Copies the entries. */
  public PipelineStatistics {
    entries = List.copyOf(entries);
  }

  /**
   * Returns the value of the first statistic of that name (case-insensitive).
   *
   * @param name the statistic's name
   * @return its value, or empty when the driver does not report it
   */
  public Optional<String> value(String name) {
    return entries.stream()
        .filter(e -> e.name().equalsIgnoreCase(name))
        .map(Entry::value)
        .findFirst();
  }

  /** Returns the statistics on one line: {@code name=value, ...}. */
  public String describe() {
    return entries.stream().map(e -> e.name() + "=" + e.value()).collect(Collectors.joining(", "));
  }

  /**
   * Reads a pipeline's statistics; it must have been created with {@code
   * VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR} on a device with the feature enabled.
   *
   * @param device the device
   * @param pipeline the pipeline
   * @param kernel the kernel's name, for error messages
   * @return the statistics
   */
  static PipelineStatistics read(VkDevice device, long pipeline, String kernel) {
    List<Entry> entries = new ArrayList<>();
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var pipelineInfo = VkPipelineInfoKHR.calloc(stack).sType$Default().pipeline(pipeline);
      IntBuffer count = stack.mallocInt(1);
      String what = "pipeline statistics of '" + kernel + "'";
      VkResults.check(
          vkGetPipelineExecutablePropertiesKHR(device, pipelineInfo, count, null), what);
      var executables = VkPipelineExecutablePropertiesKHR.calloc(count.get(0), stack);
      executables.forEach(VkPipelineExecutablePropertiesKHR::sType$Default);
      VkResults.check(
          vkGetPipelineExecutablePropertiesKHR(device, pipelineInfo, count, executables), what);
      for (int i = 0; i < executables.capacity(); i++) {
        String executable = executables.get(i).nameString();
        readExecutable(device, pipeline, i, executable, what, entries);
      }
    }
    return new PipelineStatistics(entries);
  }

  private static void readExecutable(
      VkDevice device, long pipeline, int index, String executable, String what, List<Entry> out) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var info =
          VkPipelineExecutableInfoKHR.calloc(stack)
              .sType$Default()
              .pipeline(pipeline)
              .executableIndex(index);
      IntBuffer count = stack.mallocInt(1);
      VkResults.check(vkGetPipelineExecutableStatisticsKHR(device, info, count, null), what);
      var stats = VkPipelineExecutableStatisticKHR.calloc(count.get(0), stack);
      stats.forEach(VkPipelineExecutableStatisticKHR::sType$Default);
      VkResults.check(vkGetPipelineExecutableStatisticsKHR(device, info, count, stats), what);
      for (VkPipelineExecutableStatisticKHR s : stats) {
        out.add(new Entry(executable, s.nameString(), valueText(s)));
      }
    }
  }

  private static String valueText(VkPipelineExecutableStatisticKHR s) {
    return switch (s.format()) {
      case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_BOOL32_KHR -> Boolean.toString(s.value().b32());
      case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_INT64_KHR -> Long.toString(s.value().i64());
      case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_UINT64_KHR ->
          Long.toUnsignedString(s.value().u64());
      case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_FLOAT64_KHR -> Double.toString(s.value().f64());
      default -> "?";
    };
  }
}
