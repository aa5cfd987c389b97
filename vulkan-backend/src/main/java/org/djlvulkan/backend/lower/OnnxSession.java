package org.djlvulkan.backend.lower;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.djlvulkan.backend.graph.DeviceMemoryTensor;
import org.djlvulkan.backend.graph.ExecutionContext;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.GraphOutput;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.lower.VariantLowering.SegmentInput;
import org.djlvulkan.backend.model.ElementType;
import org.djlvulkan.backend.model.HostTensor;
import org.djlvulkan.backend.model.InferenceSession;
import org.djlvulkan.backend.model.ModelTensor;
import org.djlvulkan.backend.model.NodeTiming;
import org.djlvulkan.backend.model.RunTiming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread's use of an {@link CompiledModel}: an execution context per variant it has run
 * (staging, activations, the recorded command buffer), dropped when the model evicts the variant.
 */
final class OnnxSession implements InferenceSession {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxSession.class);
  private final CompiledModel model;
  private final Map<Variant, Map<DeviceStep, ExecutionContext>> contexts = new IdentityHashMap<>();
  private List<NodeTiming> lastProfile = List.of();
  private RunTiming lastTiming = RunTiming.NONE;

  /** What the steps of the current run measured (one run at a time: run is synchronized). */
  private final double[] phases = new double[PHASES];

  private int dispatches;
  private int deviceSteps;

  private static final int UPLOAD = 0;
  private static final int GPU = 1;
  private static final int WAIT = 2;
  private static final int READBACK = 3;
  private static final int HOST = 4;
  private static final int PHASES = 5;
  private boolean closed;
  private final Set<String> checked = new HashSet<>();

  OnnxSession(CompiledModel model) {
    this.model = model;
  }

  @Override
  public synchronized List<HostTensor> run(List<? extends ModelTensor> inputs) {
    return execute(inputs, false).stream().map(HostTensor.class::cast).toList();
  }

  @Override
  public synchronized List<ModelTensor> runWithDeviceOutputs(List<? extends ModelTensor> inputs) {
    return execute(inputs, true);
  }

  /**
   * Runs the model; with {@code outputsOnDevice}, the outputs of a device step that the device
   * holds as the caller receives them are copied into new device memory tensors (not read back).
   */
  private List<ModelTensor> execute(List<? extends ModelTensor> inputs, boolean outputsOnDevice) {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
    FedInputs fed = model.check(inputs);
    Variant v = model.acquire(fed);
    List<DeviceMemoryTensor> made = new ArrayList<>();
    boolean done = false;
    try {
      dropRetired();
      Map<String, TensorData> values = new LinkedHashMap<>();
      Map<String, DeviceMemoryTensor> onDevice = new HashMap<>();
      for (int i = 0; i < fed.tensors().size(); i++) {
        String name = model.inputs().get(i).name();
        ModelTensor t = fed.tensors().get(i);
        if (t instanceof DeviceMemoryTensor d && copiedOnDevice(v, name, d)) {
          // Copied on the device into the graph's input: its bytes are the input's as they are.
          onDevice.put(name, d);
          continue;
        }
        HostTensor h = t.toHost();
        warnOnNonFinite(name, h);
        values.put(name, TensorData.of(h));
      }
      if (fed.imageTable() != null) {
        values.put(
            SegmentInput.tableName(model.inputs().get(0).name()), TensorData.of(fed.imageTable()));
      }
      Map<String, TensorData> constants = new LinkedHashMap<>();
      Map<String, ModelTensor> results = new HashMap<>();
      List<NodeTiming> profile = new ArrayList<>();
      java.util.Arrays.fill(phases, 0);
      dispatches = 0;
      deviceSteps = 0;
      Step step = v.first();
      while (true) {
        Step planned = step;
        step = Variant.unwrap(planned);
        if (step instanceof DeviceStep d) {
          runOnDevice(v, d, values, onDevice, outputsOnDevice ? made : null, results, profile);
          constants.putAll(d.constants());
          if (Variant.oneRun(planned)) {
            forget(v, d);
          }
        } else {
          HostStep h = (HostStep) step;
          long start = System.nanoTime();
          List<TensorData> outs = h.run(v.planner().ir(), values, constants);
          phases[HOST] += (System.nanoTime() - start) / 1e3;
          for (int k = 0; k < outs.size(); k++) {
            if (!h.node().outputs().get(k).isEmpty()) {
              values.put(h.node().outputs().get(k), outs.get(k));
            }
          }
          profile.add(
              new NodeTiming(
                  profile.size(), h.node().label(), "host", (System.nanoTime() - start) / 1e3));
        }
        if (step.end() >= v.nodeCount()) {
          break;
        }
        step = v.step(step.end(), values, constants);
      }
      lastProfile = model.options().profiling() ? List.copyOf(profile) : List.of();
      lastTiming =
          new RunTiming(
              phases[UPLOAD],
              phases[GPU],
              phases[WAIT],
              phases[READBACK],
              phases[HOST],
              dispatches,
              deviceSteps,
              onDevice.size());
      List<ModelTensor> out = new ArrayList<>();
      for (GraphOutput o : v.planner().ir().outputs()) {
        ModelTensor t = results.get(o.declared().name());
        out.add(t != null ? t : HostValues.toHost(o, values, constants, v.planner().ir()));
      }
      done = true;
      return out;
    } finally {
      if (!done) {
        made.forEach(DeviceMemoryTensor::close);
      }
      v.release();
    }
  }

  /**
   * Returns whether the caller receives an output's device bytes as they are (else the host
   * converts them: int64 and bool outputs, quantized codes).
   */
  private static boolean readsAsIs(OutputInfo o) {
    return o.quant() == null && o.type() != ElementType.INT64 && o.type() != ElementType.BOOL;
  }

  /**
   * Returns whether an input in device memory is copied into the graph on the device: when one
   * device step runs the whole variant (no host step reads the input), the kernels read the
   * tensor's type as it is, and no graph output passes the input through. Otherwise it is
   * downloaded and takes the host path.
   */
  private static boolean copiedOnDevice(Variant v, String name, DeviceMemoryTensor t) {
    Step first = Variant.unwrap(v.first());
    return first instanceof DeviceStep
        && first.end() >= v.nodeCount()
        && VariantLowering.INPUT_TYPES.contains(DataType.fromCode(t.type().onnxCode()))
        && v.planner().ir().outputs().stream().noneMatch(o -> o.value().equals(name));
  }

  private void runOnDevice(
      Variant v,
      DeviceStep d,
      Map<String, TensorData> values,
      Map<String, DeviceMemoryTensor> onDevice,
      List<DeviceMemoryTensor> made,
      Map<String, ModelTensor> results,
      List<NodeTiming> profile) {
    ExecutionContext ctx =
        contexts
            .computeIfAbsent(v, k -> new IdentityHashMap<>())
            .computeIfAbsent(d, k -> k.graph().newContext(model.options().profiling()));
    long t0 = System.nanoTime();
    Map<String, DeviceMemoryTensor> copies = onDevice.isEmpty() ? Map.of() : new HashMap<>();
    for (String name : ctx.graph().inputs().keySet()) {
      DeviceMemoryTensor t = onDevice.get(name);
      if (t != null) {
        copies.put(name, t);
      } else {
        ctx.write(name, HostValues.forDevice(values.get(name)).data());
      }
    }
    // The graph outputs kept in device memory: copied there in the run's submit, not read back.
    Map<String, DeviceMemoryTensor> kept = made == null ? Map.of() : new HashMap<>();
    if (made != null) {
      for (OutputInfo o : d.outputs()) {
        if (o.irValue() == null && readsAsIs(o)) {
          DeviceMemoryTensor t = DeviceMemoryTensor.allocate(model.device(), o.type(), o.shape());
          made.add(t);
          kept.put(o.name(), t);
        }
      }
    }
    long t1 = System.nanoTime();
    ctx.run(copies, kept);
    long t2 = System.nanoTime();
    phases[UPLOAD] += (t1 - t0) / 1e3;
    phases[WAIT] += (t2 - t1) / 1e3;
    phases[GPU] += ctx.lastGpuSpanMicros();
    dispatches += ctx.graph().nodeCount();
    deviceSteps++;
    for (NodeTiming t : ctx.lastProfile()) {
      profile.add(new NodeTiming(profile.size(), t.op(), t.kernel(), t.micros(), t.multiplyAdds()));
    }
    for (OutputInfo o : d.outputs()) {
      if (kept.containsKey(o.name())) {
        results.put(o.name(), kept.get(o.name()));
        continue;
      }
      HostTensor t = read(ctx, o);
      if (o.irValue() == null) {
        results.put(o.name(), t);
      } else {
        values.put(o.irValue(), TensorData.of(t));
      }
    }
    phases[READBACK] += (System.nanoTime() - t2) / 1e3;
  }

  /**
   * Logs float values that the model's 8-bit quantization of an input cannot represent (the outputs
   * are then not meaningful; the float path propagates them). Only a session's first run of each
   * input is scanned: a scan of every run cost more than the GPU's whole work at large batches (40
   * ms of host time for 256 images on an H100, against a 40 ms GPU span).
   */
  private void warnOnNonFinite(String name, HostTensor in) {
    if (in.type() != ElementType.FLOAT32
        || !checked.add(name)
        || !model.quantizedInputs().contains(name)) {
      return;
    }
    FloatBuffer f = in.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    long bad = 0;
    while (f.hasRemaining()) {
      bad += Float.isFinite(f.get()) ? 0 : 1;
    }
    if (bad > 0) {
      LOG.warn(
          "input '{}' holds {} NaN or infinite value(s); the model quantizes it to 8 bits, which"
              + " cannot represent them, so its outputs are not meaningful",
          name,
          bad);
    }
  }

  private static HostTensor read(ExecutionContext ctx, OutputInfo o) {
    ByteBuffer data = ctx.read(o.name());
    if (o.type() == ElementType.INT64) {
      // Indices computed as floats on the device (exact below 2^24).
      FloatBuffer f = data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      ByteBuffer longs = ByteBuffer.allocate(f.remaining() * 8).order(ByteOrder.LITTLE_ENDIAN);
      while (f.hasRemaining()) {
        longs.putLong((long) f.get());
      }
      return new HostTensor(o.type(), o.shape(), longs.flip());
    }
    if (o.type() == ElementType.BOOL) {
      // Booleans computed as 1.0 and 0.0 on the device.
      FloatBuffer f = data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      ByteBuffer bools = ByteBuffer.allocate(f.remaining());
      while (f.hasRemaining()) {
        bools.put((byte) (f.get() != 0 ? 1 : 0));
      }
      return new HostTensor(o.type(), o.shape(), bools.flip());
    }
    if (o.quant() == null) {
      ByteBuffer copy = ByteBuffer.allocate(data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
      copy.put(data).flip();
      return new HostTensor(o.type(), o.shape(), copy);
    }
    // A quantized output: the device holds its real values, exactly (q - z) * s.
    FloatBuffer real = data.asFloatBuffer();
    ByteBuffer codes = ByteBuffer.allocate(real.remaining());
    float inv = 1f / o.quant().scale();
    while (real.hasRemaining()) {
      long q = Math.round(Math.rint(real.get() * inv)) + o.quant().zeroPoint();
      codes.put((byte) Math.max(o.quant().min(), Math.min(o.quant().max(), q)));
    }
    return new HostTensor(o.type(), o.shape(), codes.flip());
  }

  /** Frees a step planned for one run: its context and its device graph. */
  private void forget(Variant v, DeviceStep d) {
    ExecutionContext ctx = contexts.get(v).remove(d);
    if (ctx != null) {
      ctx.close();
    }
    d.graph().close();
  }

  /** Closes the contexts of variants the model has evicted. */
  private void dropRetired() {
    Iterator<Map.Entry<Variant, Map<DeviceStep, ExecutionContext>>> it =
        contexts.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Variant, Map<DeviceStep, ExecutionContext>> e = it.next();
      if (e.getKey().retired()) {
        e.getValue().values().forEach(ExecutionContext::close);
        it.remove();
      }
    }
  }

  @Override
  public synchronized List<NodeTiming> lastProfile() {
    return lastProfile;
  }

  @Override
  public synchronized RunTiming lastTiming() {
    return lastTiming;
  }

  @Override
  public synchronized long activationBytes() {
    long n = 0;
    for (Map<DeviceStep, ExecutionContext> m : contexts.values()) {
      for (ExecutionContext c : m.values()) {
        n += c.deviceBytes();
      }
    }
    return n;
  }

  @Override
  public synchronized void close() {
    // Idempotent: a second close finds no contexts.
    closed = true;
    contexts.values().forEach(m -> m.values().forEach(ExecutionContext::close));
    contexts.clear();
  }
}
