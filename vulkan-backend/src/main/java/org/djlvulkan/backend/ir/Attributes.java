package org.djlvulkan.backend.ir;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A node's attributes by name, with typed getters and defaults. Immutable. */
public final class Attributes {
  /**
   * The IR attribute of a binary operator whose second operand aligns at this axis of the first
   * (trailing dimensions of size 1 added) instead of at the end: the broadcast of ONNX operator
   * sets 1 to 6 with an {@code axis}.
   */
  public static final String BROADCAST_AXIS = "broadcast_axis";

  /**
   * The IR attribute of a Softmax or LogSoftmax (value 1) that works on its input flattened to 2-D
   * at {@code axis}, over the block from the axis on: the meaning of ONNX operator sets before 13.
   * Without it the operator works along the one axis.
   */
  public static final String FLATTEN_FROM_AXIS = "flatten_from_axis";

  /** No attributes. */
  public static final Attributes NONE = new Attributes(Map.of());

  private final Map<String, AttributeValue> byName;

  private Attributes(Map<String, AttributeValue> byName) {
    this.byName = byName;
  }

  /**
   * Collects attributes a front end has read.
   *
   * @param values the attributes by name, in the order the file has them
   * @return the attributes
   */
  public static Attributes of(Map<String, AttributeValue> values) {
    return new Attributes(Map.copyOf(values));
  }

  /**
   * Returns whether an attribute is present.
   *
   * @param name the attribute
   * @return true when the node has it
   */
  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /**
   * Returns a copy without some attributes.
   *
   * @param names the attributes to drop
   * @return the attributes
   */
  public Attributes without(String... names) {
    Map<String, AttributeValue> m = new LinkedHashMap<>(byName);
    for (String name : names) {
      m.remove(name);
    }
    return new Attributes(Map.copyOf(m));
  }

  /**
   * Returns a copy with the attributes of another set added (they replace same-named ones).
   *
   * @param more the attributes to add
   * @return the attributes
   */
  public Attributes with(Attributes more) {
    Map<String, AttributeValue> m = new LinkedHashMap<>(byName);
    m.putAll(more.byName);
    return new Attributes(Map.copyOf(m));
  }

  /**
   * Returns an integer attribute.
   *
   * @param name the attribute
   * @param dflt the value when it is absent
   * @return the value
   */
  public long i(String name, long dflt) {
    AttributeValue a = byName.get(name);
    return a == null ? dflt : a.i();
  }

  /**
   * Returns a float attribute.
   *
   * @param name the attribute
   * @param dflt the value when it is absent
   * @return the value
   */
  public float f(String name, float dflt) {
    AttributeValue a = byName.get(name);
    return a == null ? dflt : a.f();
  }

  /**
   * Returns a string attribute.
   *
   * @param name the attribute
   * @param dflt the value when it is absent
   * @return the value
   */
  public String s(String name, String dflt) {
    AttributeValue a = byName.get(name);
    return a == null || a.s() == null ? dflt : a.s();
  }

  /**
   * Returns an integer-list attribute.
   *
   * @param name the attribute
   * @return the values, or null when absent
   */
  public long[] ints(String name) {
    AttributeValue a = byName.get(name);
    return a == null || a.ints() == null ? null : a.ints().clone();
  }

  /**
   * Returns a float-list attribute.
   *
   * @param name the attribute
   * @return the values, or null when absent
   */
  public float[] floats(String name) {
    AttributeValue a = byName.get(name);
    return a == null || a.floats() == null ? null : a.floats().clone();
  }

  /**
   * Returns a tensor attribute.
   *
   * @param name the attribute
   * @return the tensor, or null when absent
   */
  public TensorData t(String name) {
    AttributeValue a = byName.get(name);
    return a == null ? null : a.t();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, AttributeValue> e : byName.entrySet()) {
      AttributeValue a = e.getValue();
      sb.append(sb.length() > 1 ? ", " : "").append(e.getKey()).append('=');
      if (a.ints() != null && a.ints().length > 0) {
        sb.append(Arrays.toString(a.ints()));
      } else if (a.s() != null) {
        sb.append(a.s());
      } else if (a.kind() == AttributeValue.Kind.FLOAT) {
        sb.append(a.f());
      } else {
        sb.append(a.i());
      }
    }
    return sb.append('}').toString();
  }

  /** Returns a builder, for front ends and passes that make attributes themselves. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Attributes} one value at a time. */
  public static final class Builder {
    private final Map<String, AttributeValue> m = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets an integer.
     *
     * @param name the attribute
     * @param value the value
     * @return this builder
     */
    public Builder i(String name, long value) {
      return put(
          name, new AttributeValue(AttributeValue.Kind.INT, 0f, value, "", null, null, null));
    }

    /**
     * Sets a float.
     *
     * @param name the attribute
     * @param value the value
     * @return this builder
     */
    public Builder f(String name, float value) {
      return put(
          name, new AttributeValue(AttributeValue.Kind.FLOAT, value, 0, "", null, null, null));
    }

    /**
     * Sets a string.
     *
     * @param name the attribute
     * @param value the value
     * @return this builder
     */
    public Builder s(String name, String value) {
      return put(
          name, new AttributeValue(AttributeValue.Kind.STRING, 0f, 0, value, null, null, null));
    }

    private Builder put(String name, AttributeValue value) {
      m.put(name, value);
      return this;
    }

    /**
     * Sets a list of integers.
     *
     * @param name the attribute
     * @param values the values
     * @return this builder
     */
    public Builder ints(String name, long... values) {
      return put(
          name,
          new AttributeValue(AttributeValue.Kind.INTS, 0f, 0, "", null, values.clone(), null));
    }

    /** Returns the attributes. */
    public Attributes build() {
      return new Attributes(Map.copyOf(m));
    }
  }
}
