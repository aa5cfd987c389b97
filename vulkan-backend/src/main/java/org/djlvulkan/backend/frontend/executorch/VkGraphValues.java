package org.djlvulkan.backend.frontend.executorch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.frontend.executorch.schema.VkBool;
import org.djlvulkan.backend.frontend.executorch.schema.VkBytes;
import org.djlvulkan.backend.frontend.executorch.schema.VkDouble;
import org.djlvulkan.backend.frontend.executorch.schema.VkGraph;
import org.djlvulkan.backend.frontend.executorch.schema.VkGraphTypes;
import org.djlvulkan.backend.frontend.executorch.schema.VkInt;
import org.djlvulkan.backend.frontend.executorch.schema.VkIntList;
import org.djlvulkan.backend.frontend.executorch.schema.VkString;
import org.djlvulkan.backend.frontend.executorch.schema.VkTensor;
import org.djlvulkan.backend.frontend.executorch.schema.VkValue;
import org.djlvulkan.backend.frontend.executorch.schema.VkValueList;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ModelFormatException;

/**
 * The values of a Vulkan delegate's {@code VkGraph}. Tensors are named {@code <prefix><id>}, except
 * those bound to values of the enclosing execution plan (the delegate's inputs and outputs), which
 * take the plan's names. A constant tensor's bytes are a view of the file: the named data entry of
 * its {@code named_key}, or its range of the payload's constant section.
 */
final class VkGraphValues implements ValueTable {
  private final String source;
  private final PteFile file;
  private final VulkanPayload payload;
  private final VkGraph graph;
  private final String prefix;
  private final EtGraphBuilder builder;
  private final Map<Integer, String> bound = new HashMap<>();
  private final Map<Integer, TensorData> constants = new HashMap<>();

  VkGraphValues(PteFile file, VulkanPayload payload, String prefix, EtGraphBuilder builder) {
    this.source = file.source();
    this.file = file;
    this.payload = payload;
    this.graph = payload.graph();
    this.prefix = prefix;
    this.builder = builder;
  }

  /** Makes a delegate value take the name of a plan value. */
  void bind(int id, String name) {
    bound.put(id, name);
  }

  VkGraph graph() {
    return graph;
  }

  private VkValue value(int v) {
    if (v < 0 || v >= graph.valuesLength()) {
      throw new ModelFormatException(
          source, "VkGraph value " + v + " does not exist (" + graph.valuesLength() + " values)");
    }
    return graph.values(v);
  }

  @Override
  public int size() {
    return graph.valuesLength();
  }

  @Override
  public Kind kind(int v) {
    switch (value(v).valueType()) {
      case VkGraphTypes.VkNull:
        return Kind.NULL;
      case VkGraphTypes.VkInt:
      case VkGraphTypes.VkSymInt:
        return Kind.INT;
      case VkGraphTypes.VkDouble:
        return Kind.DOUBLE;
      case VkGraphTypes.VkBool:
        return Kind.BOOL;
      case VkGraphTypes.VkTensor:
        return Kind.TENSOR;
      case VkGraphTypes.VkIntList:
        return Kind.INT_LIST;
      case VkGraphTypes.VkDoubleList:
        return Kind.DOUBLE_LIST;
      case VkGraphTypes.VkBoolList:
        return Kind.BOOL_LIST;
      case VkGraphTypes.VkValueList:
        return Kind.VALUE_LIST;
      case VkGraphTypes.VkString:
        return Kind.STRING;
      default:
        return Kind.OTHER;
    }
  }

  @Override
  public long integer(int v) {
    VkValue x = value(v);
    if (x.valueType() == VkGraphTypes.VkBool) {
      return ((VkBool) x.value(new VkBool())).boolVal() ? 1 : 0;
    }
    if (x.valueType() == VkGraphTypes.VkSymInt) {
      throw new ModelFormatException(source, "VkGraph value " + v + " is a symbolic integer");
    }
    return ((VkInt) x.value(new VkInt())).intVal();
  }

  @Override
  public double real(int v) {
    VkValue x = value(v);
    if (x.valueType() == VkGraphTypes.VkDouble) {
      return ((VkDouble) x.value(new VkDouble())).doubleVal();
    }
    return integer(v);
  }

  @Override
  public boolean bool(int v) {
    return ((VkBool) value(v).value(new VkBool())).boolVal();
  }

  @Override
  public String string(int v) {
    return ((VkString) value(v).value(new VkString())).stringVal();
  }

  @Override
  public long[] ints(int v) {
    VkIntList l = (VkIntList) value(v).value(new VkIntList());
    long[] out = new long[file.checkLength(l.itemsLength(), 8, "an integer list")];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.items(i);
    }
    return out;
  }

  @Override
  public List<Integer> items(int v) {
    VkValueList l = (VkValueList) value(v).value(new VkValueList());
    file.checkLength(l.itemsLength(), 4, "a value list");
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < l.itemsLength(); i++) {
      out.add(l.items(i));
    }
    return out;
  }

  private VkTensor vkTensor(int v) {
    VkValue x = value(v);
    if (x.valueType() != VkGraphTypes.VkTensor) {
      throw new ModelFormatException(source, "VkGraph value " + v + " is not a tensor");
    }
    return (VkTensor) x.value(new VkTensor());
  }

  @Override
  public String tensor(int v) {
    String name = bound.get(v);
    if (name != null) {
      return name;
    }
    name = prefix + v;
    if (isConstant(v) && !builder.constants().containsKey(name)) {
      builder.constant(name, constant(v));
    }
    return name;
  }

  @Override
  public long[] dims(int v) {
    VkTensor t = vkTensor(v);
    long[] d = new long[file.checkLength(t.dimsLength(), 4, "a tensor's dims")];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.dims(i);
    }
    return d;
  }

  @Override
  public DataType type(int v) {
    return VulkanPayload.dataType(vkTensor(v).datatype(), source);
  }

  @Override
  public boolean isConstant(int v) {
    return vkTensor(v).constantId() >= 0;
  }

  @Override
  public TensorData constant(int v) {
    TensorData t = constants.get(v);
    if (t != null) {
      return t;
    }
    VkTensor vt = vkTensor(v);
    int id = vt.constantId();
    if (id < 0 || id >= graph.constantsLength()) {
      throw new ModelFormatException(
          source, "VkGraph value " + v + " names constant " + id + ", which does not exist");
    }
    VkBytes bytes = graph.constants(id);
    ByteBuffer data;
    String key = bytes.namedKey();
    if (key != null && !key.isEmpty()) {
      data = file.named(key);
      if (data.remaining() < bytes.length()) {
        throw new ModelFormatException(source, "named data '" + key + "' is shorter than needed");
      }
    } else {
      data = payload.constantBytes(bytes.offset(), bytes.length());
    }
    long[] dims = dims(v);
    DataType type = type(v);
    long need = TensorData.byteCount(type, dims);
    if (need > data.remaining()) {
      throw new ModelFormatException(
          source,
          "constant " + id + " holds " + data.remaining() + " bytes, its tensor needs " + need);
    }
    t = new TensorData(type, dims, data.slice(0, (int) need));
    constants.put(v, t);
    return t;
  }
}
