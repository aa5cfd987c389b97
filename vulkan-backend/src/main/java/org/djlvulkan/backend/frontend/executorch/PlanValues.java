package org.djlvulkan.backend.frontend.executorch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.djlvulkan.backend.frontend.executorch.schema.EtAllocation;
import org.djlvulkan.backend.frontend.executorch.schema.EtBool;
import org.djlvulkan.backend.frontend.executorch.schema.EtDouble;
import org.djlvulkan.backend.frontend.executorch.schema.EtExecutionPlan;
import org.djlvulkan.backend.frontend.executorch.schema.EtInt;
import org.djlvulkan.backend.frontend.executorch.schema.EtIntList;
import org.djlvulkan.backend.frontend.executorch.schema.EtKernelTypes;
import org.djlvulkan.backend.frontend.executorch.schema.EtOptionalTensorList;
import org.djlvulkan.backend.frontend.executorch.schema.EtProgram;
import org.djlvulkan.backend.frontend.executorch.schema.EtString;
import org.djlvulkan.backend.frontend.executorch.schema.EtSubsegmentOffsets;
import org.djlvulkan.backend.frontend.executorch.schema.EtTensor;
import org.djlvulkan.backend.frontend.executorch.schema.EtTensorList;
import org.djlvulkan.backend.frontend.executorch.schema.EtValue;
import org.djlvulkan.backend.ir.DataType;
import org.djlvulkan.backend.ir.TensorData;
import org.djlvulkan.backend.model.ModelFormatException;

/**
 * The values of an execution plan ({@code EValue}s). Tensors are named {@code v<index>} unless
 * bound to a graph input's name. Integer lists hold indices of integer values, as ExecuTorch
 * serializes them. A constant tensor (a {@code data_buffer_idx} without memory planning) is a view
 * of the program's constant segment (or, in older programs, of its {@code constant_buffer}).
 */
final class PlanValues implements ValueTable {
  private final PteFile file;
  private final String source;
  private final EtExecutionPlan plan;
  private final EtGraphBuilder builder;
  private final Map<Integer, String> bound = new HashMap<>();
  private final Map<Integer, TensorData> constants = new HashMap<>();

  PlanValues(PteFile file, EtExecutionPlan plan, EtGraphBuilder builder) {
    this.file = file;
    this.source = file.source();
    this.plan = plan;
    this.builder = builder;
  }

  /** Makes a value take another name (graph inputs). */
  void bind(int id, String name) {
    bound.put(id, name);
  }

  private EtValue value(int v) {
    if (v < 0 || v >= plan.valuesLength()) {
      throw new ModelFormatException(
          source, "plan value " + v + " does not exist (" + plan.valuesLength() + " values)");
    }
    return plan.values(v);
  }

  @Override
  public int size() {
    return plan.valuesLength();
  }

  @Override
  public Kind kind(int v) {
    switch (value(v).valType()) {
      case EtKernelTypes.EtNull:
        return Kind.NULL;
      case EtKernelTypes.EtInt:
        return Kind.INT;
      case EtKernelTypes.EtBool:
        return Kind.BOOL;
      case EtKernelTypes.EtDouble:
        return Kind.DOUBLE;
      case EtKernelTypes.EtTensor:
        return Kind.TENSOR;
      case EtKernelTypes.EtString:
        return Kind.STRING;
      case EtKernelTypes.EtIntList:
        return Kind.INT_LIST;
      case EtKernelTypes.EtDoubleList:
        return Kind.DOUBLE_LIST;
      case EtKernelTypes.EtBoolList:
        return Kind.BOOL_LIST;
      case EtKernelTypes.EtTensorList:
      case EtKernelTypes.EtOptionalTensorList:
        return Kind.VALUE_LIST;
      default:
        return Kind.OTHER;
    }
  }

  @Override
  public long integer(int v) {
    EtValue x = value(v);
    if (x.valType() == EtKernelTypes.EtBool) {
      return ((EtBool) x.val(new EtBool())).boolVal() ? 1 : 0;
    }
    return ((EtInt) x.val(new EtInt())).intVal();
  }

  @Override
  public double real(int v) {
    EtValue x = value(v);
    if (x.valType() == EtKernelTypes.EtDouble) {
      return ((EtDouble) x.val(new EtDouble())).doubleVal();
    }
    return integer(v);
  }

  @Override
  public boolean bool(int v) {
    return ((EtBool) value(v).val(new EtBool())).boolVal();
  }

  @Override
  public String string(int v) {
    return ((EtString) value(v).val(new EtString())).stringVal();
  }

  @Override
  public long[] ints(int v) {
    EtIntList l = (EtIntList) value(v).val(new EtIntList());
    long[] out = new long[file.checkLength(l.itemsLength(), 8, "an integer list")];
    for (int i = 0; i < out.length; i++) {
      long item = l.items(i);
      if (item < 0 || item >= plan.valuesLength()) {
        throw new ModelFormatException(source, "plan value " + v + " lists value " + item);
      }
      out[i] = integer((int) item);
    }
    return out;
  }

  @Override
  public List<Integer> items(int v) {
    EtValue x = value(v);
    List<Integer> out = new ArrayList<>();
    if (x.valType() == EtKernelTypes.EtTensorList) {
      EtTensorList l = (EtTensorList) x.val(new EtTensorList());
      file.checkLength(l.itemsLength(), 4, "a tensor list");
      for (int i = 0; i < l.itemsLength(); i++) {
        out.add(l.items(i));
      }
    } else {
      EtOptionalTensorList l = (EtOptionalTensorList) x.val(new EtOptionalTensorList());
      file.checkLength(l.itemsLength(), 4, "a tensor list");
      for (int i = 0; i < l.itemsLength(); i++) {
        out.add(l.items(i));
      }
    }
    return out;
  }

  EtTensor etTensor(int v) {
    EtValue x = value(v);
    if (x.valType() != EtKernelTypes.EtTensor) {
      throw new ModelFormatException(source, "plan value " + v + " is not a tensor");
    }
    return (EtTensor) x.val(new EtTensor());
  }

  @Override
  public String tensor(int v) {
    String name = bound.get(v);
    if (name != null) {
      return name;
    }
    name = "v" + v;
    if (isConstant(v) && !builder.constants().containsKey(name)) {
      builder.constant(name, constant(v));
    }
    return name;
  }

  @Override
  public long[] dims(int v) {
    EtTensor t = etTensor(v);
    long[] d = new long[file.checkLength(t.sizesLength(), 4, "a tensor's sizes")];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.sizes(i);
    }
    return d;
  }

  @Override
  public DataType type(int v) {
    byte code = etTensor(v).scalarType();
    switch (code) {
      case 0:
        return DataType.UINT8;
      case 1:
        return DataType.INT8;
      case 2:
        return DataType.INT16;
      case 3:
        return DataType.INT32;
      case 4:
        return DataType.INT64;
      case 5:
        return DataType.FLOAT16;
      case 6:
        return DataType.FLOAT;
      case 7:
        return DataType.DOUBLE;
      case 11:
        return DataType.BOOL;
      case 15:
        return DataType.BFLOAT16;
      default:
        throw new ModelFormatException(source, "plan tensor " + v + " has scalar type " + code);
    }
  }

  @Override
  public boolean isConstant(int v) {
    EtTensor t = etTensor(v);
    return t.dataBufferIdx() > 0 && t.allocationInfo() == null;
  }

  /**
   * Returns where a planned (non-constant) tensor lives: memory id and offset, the key under which
   * ExecuTorch's memory planning aliases a view to the tensor it views.
   */
  String allocation(int v) {
    EtAllocation a = etTensor(v).allocationInfo();
    if (a == null) {
      return null;
    }
    return a.memoryId() + ":" + a.memoryOffsetHigh() + ":" + a.memoryOffsetLow();
  }

  @Override
  public TensorData constant(int v) {
    TensorData t = constants.get(v);
    if (t != null) {
      return t;
    }
    EtTensor et = etTensor(v);
    if (et.extraTensorInfo() != null && et.extraTensorInfo().location() == 1) {
      throw new ModelFormatException(
          source,
          "tensor '"
              + et.extraTensorInfo().fullyQualifiedName()
              + "' is stored in an external data file (.ptd), which is not supported");
    }
    long[] dims = dims(v);
    DataType type = type(v);
    long need = TensorData.byteCount(type, dims);
    int idx = (int) et.dataBufferIdx();
    EtProgram p = file.program();
    ByteBuffer data;
    EtSubsegmentOffsets cs = p.constantSegment();
    if (cs != null && cs.offsetsLength() > 0) {
      if (idx >= cs.offsetsLength()) {
        throw new ModelFormatException(source, "constant " + idx + " is not in the segment");
      }
      ByteBuffer seg = file.segment((int) cs.segmentIndex());
      long off = cs.offsets(idx);
      if (off < 0 || off + need > seg.limit()) {
        throw new ModelFormatException(source, "constant " + idx + " lies outside its segment");
      }
      data = seg.slice((int) off, (int) need);
    } else {
      if (idx >= p.constantBufferLength()) {
        throw new ModelFormatException(source, "constant buffer " + idx + " does not exist");
      }
      data = p.constantBuffer(idx).storageAsByteBuffer();
      if (data == null || data.remaining() < need) {
        throw new ModelFormatException(source, "constant buffer " + idx + " is too short");
      }
      data = data.slice(data.position(), (int) need);
    }
    t = new TensorData(type, dims, data);
    constants.put(v, t);
    return t;
  }
}
