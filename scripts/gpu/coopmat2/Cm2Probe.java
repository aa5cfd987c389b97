import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.*;
import static org.lwjgl.vulkan.VK13.*;
import static org.lwjgl.vulkan.KHRCooperativeMatrix.*;
import static org.lwjgl.vulkan.NVCooperativeMatrix2.*;
import static org.lwjgl.vulkan.KHRPipelineExecutableProperties.*;

import java.nio.*;
import java.nio.file.*;
import java.util.*;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.*;

/**
 * Measures GEMMs on VK_NV_cooperative_matrix2 workgroup-scope matrices (gemm.comp): prints the
 * device's features and flexible shapes, checks each variant against a host GEMM, then times it.
 * Arguments: the SPIR-V folder, then NAME:BM:BN:FP16:BLOCKED per variant (build.sh writes them).
 * Variants named khr* are ceiling.comp's (VK_KHR_cooperative_matrix), checked on a 256 x 128 x 256
 * GEMM.
 */
public class Cm2Probe {
  static VkInstance inst; static VkPhysicalDevice pd; static VkDevice dev; static VkQueue queue;
  static int qf; static long pool; static VkPhysicalDeviceMemoryProperties memProps;

  static void check(int r, String w) { if (r != 0) throw new RuntimeException(w + " -> " + r); }

  public static void main(String[] args) throws Exception {
    try (MemoryStack s = stackPush()) {
      var app = VkApplicationInfo.calloc(s).sType$Default().apiVersion(VK_API_VERSION_1_3).pApplicationName(s.UTF8("p"));
      var ici = VkInstanceCreateInfo.calloc(s).sType$Default().pApplicationInfo(app);
      PointerBuffer pp = s.mallocPointer(1);
      check(vkCreateInstance(ici, null, pp), "inst");
      inst = new VkInstance(pp.get(0), ici);
      IntBuffer n = s.mallocInt(1);
      vkEnumeratePhysicalDevices(inst, n, null);
      PointerBuffer pds = s.mallocPointer(n.get(0));
      vkEnumeratePhysicalDevices(inst, n, pds);
      pd = new VkPhysicalDevice(pds.get(0), inst);
      var props = VkPhysicalDeviceProperties.calloc(s);
      vkGetPhysicalDeviceProperties(pd, props);
      System.out.println("device " + props.deviceNameString() + " maxShared " + props.limits().maxComputeSharedMemorySize());
      var f2 = VkPhysicalDeviceFeatures2.calloc(s).sType$Default();
      var cm2f = VkPhysicalDeviceCooperativeMatrix2FeaturesNV.calloc(s).sType$Default();
      f2.pNext(cm2f.address());
      vkGetPhysicalDeviceFeatures2(pd, f2);
      System.out.println("cm2 features wg=" + cm2f.cooperativeMatrixWorkgroupScope() + " flex=" + cm2f.cooperativeMatrixFlexibleDimensions()
          + " red=" + cm2f.cooperativeMatrixReductions() + " conv=" + cm2f.cooperativeMatrixConversions() + " perEl=" + cm2f.cooperativeMatrixPerElementOperations()
          + " tensor=" + cm2f.cooperativeMatrixTensorAddressing() + " block=" + cm2f.cooperativeMatrixBlockLoads());
      var p2 = VkPhysicalDeviceProperties2.calloc(s).sType$Default();
      var cm2p = VkPhysicalDeviceCooperativeMatrix2PropertiesNV.calloc(s).sType$Default();
      p2.pNext(cm2p.address());
      vkGetPhysicalDeviceProperties2(pd, p2);
      System.out.println("cm2 props maxWG=" + cm2p.cooperativeMatrixWorkgroupScopeMaxWorkgroupSize() + " maxDim=" + cm2p.cooperativeMatrixFlexibleDimensionsMaxDimension()
          + " reservedShared=" + cm2p.cooperativeMatrixWorkgroupScopeReservedSharedMemory());
      n.put(0, 0);
      vkGetPhysicalDeviceCooperativeMatrixFlexibleDimensionsPropertiesNV(pd, n, null);
      var fl = VkCooperativeMatrixFlexibleDimensionsPropertiesNV.calloc(n.get(0), s);
      for (int i = 0; i < fl.capacity(); i++) fl.get(i).sType$Default();
      vkGetPhysicalDeviceCooperativeMatrixFlexibleDimensionsPropertiesNV(pd, n, fl);
      for (var x : fl) System.out.println("flex M" + x.MGranularity() + " N" + x.NGranularity() + " K" + x.KGranularity() + " A" + x.AType() + " B" + x.BType() + " C" + x.CType() + " R" + x.ResultType() + " scope" + x.scope() + " inv" + x.workgroupInvocations());
      n.put(0, 0);
      vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR(pd, n, null);
      var km = VkCooperativeMatrixPropertiesKHR.calloc(n.get(0), s);
      for (int i = 0; i < km.capacity(); i++) km.get(i).sType$Default();
      vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR(pd, n, km);
      for (var x : km) System.out.println("khr M" + x.MSize() + " N" + x.NSize() + " K" + x.KSize() + " A" + x.AType() + " B" + x.BType() + " C" + x.CType() + " R" + x.ResultType() + " scope" + x.scope());
      // queue
      vkGetPhysicalDeviceQueueFamilyProperties(pd, n, null);
      var qfp = VkQueueFamilyProperties.calloc(n.get(0), s);
      vkGetPhysicalDeviceQueueFamilyProperties(pd, n, qfp);
      for (qf = 0; (qfp.get(qf).queueFlags() & VK_QUEUE_COMPUTE_BIT) == 0; qf++);
      var v11 = VkPhysicalDeviceVulkan11Features.calloc(s).sType$Default().storageBuffer16BitAccess(true);
      var v12 = VkPhysicalDeviceVulkan12Features.calloc(s).sType$Default().storageBuffer8BitAccess(true).shaderInt8(true).shaderFloat16(true).vulkanMemoryModel(true).bufferDeviceAddress(true);
      var v13 = VkPhysicalDeviceVulkan13Features.calloc(s).sType$Default().maintenance4(true);
      var cmf = VkPhysicalDeviceCooperativeMatrixFeaturesKHR.calloc(s).sType$Default().cooperativeMatrix(true);
      var df = VkPhysicalDeviceFeatures2.calloc(s).sType$Default();
      df.features().shaderInt16(true);
      cm2f.pNext(0);
      // The driver's statistics of each pipeline (registers, shared memory), printed per variant.
      var pef = VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR.calloc(s).sType$Default().pipelineExecutableInfo(true);
      cm2f.pNext(pef.address());
      df.pNext(v11.address()); v11.pNext(v12.address()); v12.pNext(v13.address()); v13.pNext(cmf.address()); cmf.pNext(cm2f.address());
      var qci = VkDeviceQueueCreateInfo.calloc(1, s).sType$Default().queueFamilyIndex(qf).pQueuePriorities(s.floats(1f));
      PointerBuffer ext = s.mallocPointer(3);
      ext.put(s.UTF8("VK_KHR_cooperative_matrix")).put(s.UTF8("VK_NV_cooperative_matrix2"))
          .put(s.UTF8("VK_KHR_pipeline_executable_properties")).flip();
      var dci = VkDeviceCreateInfo.calloc(s).sType$Default().pNext(df.address()).pQueueCreateInfos(qci).ppEnabledExtensionNames(ext);
      check(vkCreateDevice(pd, dci, null, pp), "device");
      dev = new VkDevice(pp.get(0), pd, dci);
      vkGetDeviceQueue(dev, qf, 0, pp);
      queue = new VkQueue(pp.get(0), dev);
      memProps = VkPhysicalDeviceMemoryProperties.calloc();
      vkGetPhysicalDeviceMemoryProperties(pd, memProps);
      var cpi = VkCommandPoolCreateInfo.calloc(s).sType$Default().queueFamilyIndex(qf).flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT);
      LongBuffer lp = s.mallocLong(1);
      check(vkCreateCommandPool(dev, cpi, null, lp), "pool");
      pool = lp.get(0);
    }
    String dir = args[0];
    for (int i = 1; i < args.length; i++) {
      String[] v = args[i].split(":");
      String name = v[0];
      int bm = Integer.parseInt(v[1]), bn = Integer.parseInt(v[2]);
      boolean fp16 = v[3].equals("1"), blocked = v[4].equals("1");
      try {
        run(Files.readAllBytes(Path.of(dir, name + ".spv")), name, bm, bn, fp16, blocked);
      } catch (Exception e) {
        System.out.println(name + " FAILED " + e);
      }
    }
  }

  record Buf(long buf, long mem, long size, long mapped) {}

  static Buf buffer(long size, boolean host) {
    try (MemoryStack s = stackPush()) {
      var bci = VkBufferCreateInfo.calloc(s).sType$Default().size(size)
          .usage(VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT);
      LongBuffer lp = s.mallocLong(1);
      check(vkCreateBuffer(dev, bci, null, lp), "buffer");
      long b = lp.get(0);
      var req = VkMemoryRequirements.calloc(s);
      vkGetBufferMemoryRequirements(dev, b, req);
      int want = host ? (VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
      int type = -1;
      for (int i = 0; i < memProps.memoryTypeCount(); i++) {
        if ((req.memoryTypeBits() & (1 << i)) != 0 && (memProps.memoryTypes(i).propertyFlags() & want) == want) { type = i; break; }
      }
      var fi = VkMemoryAllocateFlagsInfo.calloc(s).sType$Default().flags(VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT);
      var mai = VkMemoryAllocateInfo.calloc(s).sType$Default().pNext(fi.address()).allocationSize(req.size()).memoryTypeIndex(type);
      check(vkAllocateMemory(dev, mai, null, lp), "alloc " + size);
      long m = lp.get(0);
      check(vkBindBufferMemory(dev, b, m, 0), "bind");
      long mapped = 0;
      if (host) { PointerBuffer pp = s.mallocPointer(1); check(vkMapMemory(dev, m, 0, size, 0, pp), "map"); mapped = pp.get(0); }
      return new Buf(b, m, size, mapped);
    }
  }

  static void free(Buf b) { vkDestroyBuffer(dev, b.buf, null); vkFreeMemory(dev, b.mem, null); }

  static long[] pipeline(byte[] spv) {
    try (MemoryStack s = stackPush()) {
      ByteBuffer code = s.malloc(spv.length); code.put(spv).flip();
      LongBuffer lp = s.mallocLong(1);
      check(vkCreateShaderModule(dev, VkShaderModuleCreateInfo.calloc(s).sType$Default().pCode(code), null, lp), "module");
      long module = lp.get(0);
      var bind = VkDescriptorSetLayoutBinding.calloc(3, s);
      for (int i = 0; i < 3; i++) bind.get(i).binding(i).descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(1).stageFlags(VK_SHADER_STAGE_COMPUTE_BIT);
      check(vkCreateDescriptorSetLayout(dev, VkDescriptorSetLayoutCreateInfo.calloc(s).sType$Default().pBindings(bind), null, lp), "dsl");
      long dsl = lp.get(0);
      var pcr = VkPushConstantRange.calloc(1, s).stageFlags(VK_SHADER_STAGE_COMPUTE_BIT).offset(0).size(12);
      check(vkCreatePipelineLayout(dev, VkPipelineLayoutCreateInfo.calloc(s).sType$Default().pSetLayouts(s.longs(dsl)).pPushConstantRanges(pcr), null, lp), "pl");
      long pl = lp.get(0);
      var stage = VkPipelineShaderStageCreateInfo.calloc(s).sType$Default().stage(VK_SHADER_STAGE_COMPUTE_BIT).module(module).pName(s.UTF8("main"));
      var cpci = VkComputePipelineCreateInfo.calloc(1, s).sType$Default().stage(stage).layout(pl)
          .flags(VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR);
      check(vkCreateComputePipelines(dev, 0, cpci, null, lp), "pipeline");
      long pipe = lp.get(0);
      var ei = VkPipelineExecutableInfoKHR.calloc(s).sType$Default().pipeline(pipe).executableIndex(0);
      IntBuffer cnt = s.mallocInt(1);
      vkGetPipelineExecutableStatisticsKHR(dev, ei, cnt, null);
      var st = VkPipelineExecutableStatisticKHR.calloc(cnt.get(0), s);
      for (int i = 0; i < st.capacity(); i++) st.get(i).sType$Default();
      vkGetPipelineExecutableStatisticsKHR(dev, ei, cnt, st);
      StringBuilder line = new StringBuilder("  statistics:");
      for (var x : st) {
        String n = x.nameString();
        if (n.contains("Register") || n.contains("Shared")) {
          line.append(' ').append(n).append('=').append(x.value().u64());
        }
      }
      System.out.println(line);
      var ps = VkDescriptorPoolSize.calloc(1, s).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(3);
      check(vkCreateDescriptorPool(dev, VkDescriptorPoolCreateInfo.calloc(s).sType$Default().maxSets(1).pPoolSizes(ps).flags(VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT), null, lp), "dp");
      long dp = lp.get(0);
      check(vkAllocateDescriptorSets(dev, VkDescriptorSetAllocateInfo.calloc(s).sType$Default().descriptorPool(dp).pSetLayouts(s.longs(dsl)), lp), "ds");
      return new long[] {pipe, pl, lp.get(0), dp, dsl, module};
    }
  }

  static void bindBuffers(long ds, Buf... bufs) {
    try (MemoryStack s = stackPush()) {
      var w = VkWriteDescriptorSet.calloc(bufs.length, s);
      for (int i = 0; i < bufs.length; i++) {
        var bi = VkDescriptorBufferInfo.calloc(1, s).buffer(bufs[i].buf).offset(0).range(VK_WHOLE_SIZE);
        w.get(i).sType$Default().dstSet(ds).dstBinding(i).descriptorCount(1).descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).pBufferInfo(bi);
      }
      vkUpdateDescriptorSets(dev, w, null);
    }
  }

  /** Records `reps` dispatches (barrier between), returns ns per dispatch. */
  static double dispatch(long[] pipe, int m, int nn, int k, int bm, int bn, int reps, Buf[] fills) {
    try (MemoryStack s = stackPush()) {
      PointerBuffer pp = s.mallocPointer(1);
      check(vkAllocateCommandBuffers(dev, VkCommandBufferAllocateInfo.calloc(s).sType$Default().commandPool(pool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1), pp), "cb");
      var cb = new VkCommandBuffer(pp.get(0), dev);
      LongBuffer lp = s.mallocLong(1);
      check(vkCreateQueryPool(dev, VkQueryPoolCreateInfo.calloc(s).sType$Default().queryType(VK_QUERY_TYPE_TIMESTAMP).queryCount(2), null, lp), "qp");
      long qp = lp.get(0);
      vkBeginCommandBuffer(cb, VkCommandBufferBeginInfo.calloc(s).sType$Default().flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT));
      vkCmdResetQueryPool(cb, qp, 0, 2);
      var mb = VkMemoryBarrier.calloc(1, s).sType$Default().srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT).dstAccessMask(VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
      for (Buf f : fills) vkCmdFillBuffer(cb, f.buf, 0, VK_WHOLE_SIZE, 0x01FE0203);
      vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, mb, null, null);
      vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipe[0]);
      vkCmdBindDescriptorSets(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipe[1], 0, s.longs(pipe[2]), null);
      vkCmdPushConstants(cb, pipe[1], VK_SHADER_STAGE_COMPUTE_BIT, 0, s.ints(m, nn, k));
      // warm-up
      vkCmdDispatch(cb, (m + bm - 1) / bm, (nn + bn - 1) / bn, 1);
      vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, mb, null, null);
      vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, qp, 0);
      for (int r = 0; r < reps; r++) {
        vkCmdDispatch(cb, (m + bm - 1) / bm, (nn + bn - 1) / bn, 1);
        vkCmdPipelineBarrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, mb, null, null);
      }
      vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, qp, 1);
      vkEndCommandBuffer(cb);
      check(vkQueueSubmit(queue, VkSubmitInfo.calloc(s).sType$Default().pCommandBuffers(pp), 0), "submit");
      check(vkQueueWaitIdle(queue), "wait");
      LongBuffer ts = s.mallocLong(2);
      vkGetQueryPoolResults(dev, qp, 0, 2, ts, 8, VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
      var props = VkPhysicalDeviceProperties.calloc(s);
      vkGetPhysicalDeviceProperties(pd, props);
      vkDestroyQueryPool(dev, qp, null);
      vkFreeCommandBuffers(dev, pool, cb);
      return (ts.get(1) - ts.get(0)) * props.limits().timestampPeriod() / reps;
    }
  }

  static void run(byte[] spv, String name, int bm, int bn, boolean fp16, boolean blocked) {
    long[] pipe = pipeline(spv);
    int es = fp16 ? 2 : 1;
    // correctness
    // The KHR ceiling kernels (ceiling.comp) take whole 16 x 16 x 32 fragments only.
    boolean khr = name.startsWith("khr");
    int m = khr ? 256 : 260, nn = khr ? 128 : 136, k = khr ? 256 : 200;
    Random rnd = new Random(1);
    int[] a = new int[m * k], b = new int[nn * k];
    for (int i = 0; i < a.length; i++) a[i] = rnd.nextInt(255) - 127;
    for (int i = 0; i < b.length; i++) b[i] = rnd.nextInt(255) - 127;
    Buf ba = buffer((long) m * k * es, true), bb = buffer((long) nn * k * es, true), bc = buffer((long) m * nn * es, true);
    for (int r = 0; r < m; r++) for (int c = 0; c < k; c++) {
      long idx = blocked ? ((long) (r / 4) * (k / 4) + c / 4) * 16 + (r % 4) * 4 + c % 4 : (long) r * k + c;
      if (fp16) memPutShort(ba.mapped + 2 * idx, f2h(a[r * k + c] / 64f)); else memPutByte(ba.mapped + idx, (byte) a[r * k + c]);
    }
    for (int r = 0; r < nn; r++) for (int c = 0; c < k; c++) {
      long idx = blocked ? ((long) (r / 4) * (k / 4) + c / 4) * 16 + (r % 4) * 4 + c % 4 : (long) r * k + c;
      if (fp16) memPutShort(bb.mapped + 2 * idx, f2h(b[r * k + c] / 64f)); else memPutByte(bb.mapped + idx, (byte) b[r * k + c]);
    }
    bindBuffers(pipe[2], ba, bb, bc);
    dispatch(pipe, m, nn, k, bm, bn, 1, new Buf[0]);
    int bad = 0; double maxErr = 0;
    for (int r = 0; r < m; r++) for (int c = 0; c < nn; c++) {
      long sum = 0;
      for (int q = 0; q < k; q++) sum += (long) a[r * k + q] * b[c * k + q];
      if (fp16) {
        float want = sum / 4096f; float got = h2f(memGetShort(bc.mapped + 2L * (r * nn + c)));
        double err = Math.abs(want - got) / Math.max(1, Math.abs(want)); maxErr = Math.max(maxErr, err); if (err > 1e-2) bad++;
      } else {
        byte want = (byte) sum; byte got = memGetByte(bc.mapped + (long) r * nn + c);
        if (want != got) bad++;
      }
    }
    System.out.printf("%s check: %d bad of %d (max rel err %.2e)%n", name, bad, m * nn, maxErr);
    free(ba); free(bb); free(bc);
    int[][] shapes = {{50176, 256, 2304}, {200704, 128, 1152}, {12544, 2048, 512}, {12544, 512, 4608}, {802816, 256, 64}, {802816, 64, 256}, {200704, 512, 128}};
    for (int[] sh : shapes) {
      m = sh[0]; nn = sh[1]; k = sh[2];
      ba = buffer((long) m * k * es, false); bb = buffer((long) nn * k * es, false); bc = buffer((long) m * nn * es, false);
      bindBuffers(pipe[2], ba, bb, bc);
      double ns = dispatch(pipe, m, nn, k, bm, bn, 20, new Buf[] {ba, bb});
      double tops = 2.0 * m * nn * k / ns / 1e3;
      System.out.printf("%s M=%d N=%d K=%d: %.1f us, %.1f TOPS%n", name, m, nn, k, ns / 1e3, tops);
      free(ba); free(bb); free(bc);
    }
  }

  static short f2h(float f) {
    int x = Float.floatToIntBits(f); int sign = (x >>> 16) & 0x8000; int e = ((x >>> 23) & 0xff) - 127 + 15; int mant = (x >>> 13) & 0x3ff;
    if ((x & 0x7fffffff) == 0) return (short) sign;
    if (e <= 0) return (short) sign; if (e >= 31) return (short) (sign | 0x7c00);
    return (short) (sign | (e << 10) | mant);
  }
  static float h2f(short h) {
    int sign = (h & 0x8000) << 16; int e = (h >>> 10) & 0x1f; int mant = h & 0x3ff;
    if (e == 0) return Float.intBitsToFloat(sign) + (sign != 0 ? -1 : 1) * mant * (float) Math.pow(2, -24);
    if (e == 31) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    return Float.intBitsToFloat(sign | ((e - 15 + 127) << 23) | (mant << 13));
  }
}
