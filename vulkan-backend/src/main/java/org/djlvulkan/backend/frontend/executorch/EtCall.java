package org.djlvulkan.backend.frontend.executorch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.djlvulkan.backend.frontend.executorch.ValueTable.Kind;
import org.djlvulkan.backend.model.UnsupportedModelException;

/**
 * One operator call of an ExecuTorch graph: its name, its arguments (value indices into a {@link
 * ValueTable}) in the order of the operator's schema, then its output tensors. Delegate calls list
 * the outputs after the inputs; portable {@code .out} kernels list their {@code out} arguments and
 * then their return values (the same tensors again), which {@link #outputs} folds together.
 */
final class EtCall {
  private final String source;
  private final String name;
  private final String label;
  private final String key;
  private final int[] args;
  private final ValueTable values;

  EtCall(String source, String name, String label, String key, int[] args, ValueTable values) {
    this.source = source;
    this.name = name;
    this.label = label;
    this.key = key;
    this.args = args.clone();
    this.values = values;
  }

  /** Returns the node's name for messages. */
  String name() {
    return name;
  }

  /** Returns the operator's full name in the program. */
  String label() {
    return label;
  }

  /** Returns the operator's key: namespace and name without overload ({@code aten.add}). */
  String key() {
    return key;
  }

  /** Returns the number of arguments. */
  int count() {
    return args.length;
  }

  /** Returns the value table. */
  ValueTable values() {
    return values;
  }

  /** Returns the value index of argument {@code i}. */
  int arg(int i) {
    if (i >= args.length) {
      throw problem("has " + args.length + " arguments, argument " + i + " is missing");
    }
    return args[i];
  }

  Kind kind(int i) {
    return values.kind(arg(i));
  }

  boolean isNull(int i) {
    return i >= args.length || values.kind(args[i]) == Kind.NULL;
  }

  String tensor(int i) {
    requireKind(i, Kind.TENSOR);
    return values.tensor(arg(i));
  }

  /** Returns a tensor argument's name, or {@code ""} when the argument is null. */
  String optionalTensor(int i) {
    return isNull(i) ? "" : tensor(i);
  }

  long[] dims(int i) {
    requireKind(i, Kind.TENSOR);
    return values.dims(arg(i));
  }

  long integer(int i) {
    Kind k = kind(i);
    if (k != Kind.INT && k != Kind.BOOL) {
      throw problem("argument " + i + " is " + k + ", expected an integer");
    }
    return values.integer(arg(i));
  }

  double real(int i) {
    Kind k = kind(i);
    if (k != Kind.INT && k != Kind.DOUBLE) {
      throw problem("argument " + i + " is " + k + ", expected a number");
    }
    return values.real(arg(i));
  }

  boolean bool(int i) {
    requireKind(i, Kind.BOOL);
    return values.bool(arg(i));
  }

  String string(int i) {
    requireKind(i, Kind.STRING);
    return values.string(arg(i));
  }

  long[] ints(int i) {
    Kind k = kind(i);
    if (k == Kind.INT) {
      return new long[] {values.integer(arg(i))};
    }
    requireKind(i, Kind.INT_LIST);
    return values.ints(arg(i));
  }

  /** Returns the tensors of a list argument. */
  List<String> tensors(int i) {
    requireKind(i, Kind.VALUE_LIST);
    List<String> out = new ArrayList<>();
    for (int v : values.items(arg(i))) {
      if (values.kind(v) != Kind.TENSOR) {
        throw problem("argument " + i + " holds a " + values.kind(v) + ", expected tensors");
      }
      out.add(values.tensor(v));
    }
    return out;
  }

  /**
   * Returns the output tensors: the tensors of the arguments from {@code from} on, lists expanded,
   * each once.
   *
   * @param from the index of the first output argument (the schema's input count)
   * @return the output value names, at least one
   */
  List<String> outputs(int from) {
    Set<Integer> ids = new LinkedHashSet<>();
    for (int i = from; i < args.length; i++) {
      int v = args[i];
      Kind k = values.kind(v);
      if (k == Kind.TENSOR) {
        ids.add(v);
      } else if (k == Kind.VALUE_LIST) {
        for (int item : values.items(v)) {
          if (values.kind(item) == Kind.TENSOR) {
            ids.add(item);
          }
        }
      }
    }
    if (ids.isEmpty()) {
      throw problem("has no output tensor after argument " + (from - 1));
    }
    List<String> out = new ArrayList<>();
    for (int v : ids) {
      out.add(values.tensor(v));
    }
    return out;
  }

  /** Returns the dimensions of the first output. */
  long[] outputDims(int from) {
    return values.dims(outputId(from));
  }

  /** Returns the value index of the first output tensor. */
  int outputId(int from) {
    for (int i = from; i < args.length; i++) {
      int v = args[i];
      if (values.kind(v) == Kind.TENSOR) {
        return v;
      }
      if (values.kind(v) == Kind.VALUE_LIST && !values.items(v).isEmpty()) {
        return values.items(v).get(0);
      }
    }
    throw problem("has no output tensor");
  }

  private void requireKind(int i, Kind want) {
    Kind k = kind(i);
    if (k != want) {
      throw problem("argument " + i + " is " + k + ", expected " + want);
    }
  }

  /** Returns an error about this call. */
  UnsupportedModelException problem(String what) {
    return new UnsupportedModelException(source, name, label, what, null);
  }
}
