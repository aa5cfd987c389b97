package org.djlvulkan.backend.frontend.executorch;

import java.util.List;
import org.djlvulkan.backend.ir.DataType;

/**
 * The values of one ExecuTorch graph (a delegate's {@code VkGraph} or an execution plan) as the
 * operator translation reads them: scalars, lists and tensors by value index. Tensors are named IR
 * values; a constant tensor is registered as an IR constant the first time it is named.
 */
interface ValueTable {
  /** The kinds of value the translation tells apart. */
  enum Kind {
    NULL,
    INT,
    DOUBLE,
    BOOL,
    STRING,
    TENSOR,
    INT_LIST,
    DOUBLE_LIST,
    BOOL_LIST,
    VALUE_LIST,
    OTHER
  }

  /** Returns how many values there are. */
  int size();

  /** Returns a value's kind. */
  Kind kind(int v);

  /** Returns an integer (or a bool as 0/1). */
  long integer(int v);

  /** Returns a double (or an integer widened). */
  double real(int v);

  /** Returns a bool. */
  boolean bool(int v);

  /** Returns a string. */
  String string(int v);

  /** Returns a list of integers. */
  long[] ints(int v);

  /** Returns the value indices of a list of values (tensors). */
  List<Integer> items(int v);

  /** Returns the IR value name of a tensor, registering a constant tensor on first use. */
  String tensor(int v);

  /** Returns a tensor's dimensions as the program declares them. */
  long[] dims(int v);

  /** Returns a tensor's element type. */
  DataType type(int v);

  /** Returns whether a tensor is constant (weights). */
  boolean isConstant(int v);

  /** Returns a constant tensor's data (a view of the file). */
  org.djlvulkan.backend.ir.TensorData constant(int v);
}
